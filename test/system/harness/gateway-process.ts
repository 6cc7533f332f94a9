import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface GatewayProcess {
  readonly port: number;
  readonly healthPort: number;
  readonly child: ChildProcess;
  /** SIGTERM and wait for the exit (graceful drain). */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing drained. */
  kill(): Promise<void>;
  output(): string;
}

/** Every gateway a test process started; killed when it exits, whatever happened to the test. */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

export const TEST_NONCE_SECRET = 'a1'.repeat(32);
export const TEST_DERIVE_SECRET = 'b2'.repeat(32);

/** Starts apps/cwmp-gateway as its own process (as in production) and waits until it listens. */
export interface StartOptions {
  /** Extra node flags (e.g. --perf-basic-prof, which NODE_OPTIONS does not take). */
  readonly nodeArgs?: readonly string[];
  /** Another checkout to run the gateway from (a benchmark's baseline); this one by default. */
  readonly root?: string;
}

export async function startGateway(
  port: number,
  healthPort: number,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<GatewayProcess> {
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', 'apps/cwmp-gateway/src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: options.root ?? ROOT,
    env: {
      ...process.env,
      HEADEND_CWMP_HOST: '127.0.0.1',
      HEADEND_CWMP_PORT: String(port),
      HEADEND_HEALTH_PORT: String(healthPort),
      HEADEND_REPLICA_ID: `test-${port}`,
      HEADEND_DEVICE_EVENT_PARTITIONS: '4',
      HEADEND_AUTH_NONCE_SECRET: TEST_NONCE_SECRET,
      HEADEND_AUTH_DERIVE_SECRET: TEST_DERIVE_SECRET,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('cwmp-gateway listening')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the gateway on port ${port} did not start:\n${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    healthPort,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A TCP port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Starts a gateway on free ports. */
export async function startGatewayOnFreePorts(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<GatewayProcess> {
  return startGateway(await freePort(), await freePort(), env, options);
}
