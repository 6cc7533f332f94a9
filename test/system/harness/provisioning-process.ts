import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './gateway-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface ProvisioningProcess {
  readonly healthPort: number;
  readonly child: ChildProcess;
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing committed or drained. */
  kill(): Promise<void>;
  output(): string;
  /** The current value of a metric without labels, from /metrics. */
  metric(name: string): Promise<number>;
}

const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts apps/provisioning as its own process and waits until it has read the configuration. */
export async function startProvisioning(env: Record<string, string>): Promise<ProvisioningProcess> {
  const healthPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/provisioning/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HEADEND_HOST: '127.0.0.1',
      HEADEND_PROVISIONING_HEALTH_PORT: String(healthPort),
      HEADEND_DEVICE_EVENT_PARTITIONS: '4',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 90_000;
  while (!output.includes('provisioning ready')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`provisioning did not start:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
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
    metric: async (name) => {
      const text = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line === undefined ? Number.NaN : Number(line.slice(name.length + 1));
    },
  };
}
