import { createServer } from 'node:net';
import type { AppProcess } from './app-process.js';
import { startApp } from './app-process.js';

export interface GatewayProcess extends AppProcess {
  readonly port: number;
  readonly healthPort: number;
}

export const TEST_NONCE_SECRET = 'a1'.repeat(32);
export const TEST_DERIVE_SECRET = 'b2'.repeat(32);

export interface StartOptions {
  /** Extra node flags (e.g. --perf-basic-prof, which NODE_OPTIONS does not take). */
  readonly nodeArgs?: readonly string[];
  /** Another checkout to run the gateway from (a benchmark's baseline); this one by default. */
  readonly root?: string;
}

/** Starts apps/cwmp-gateway as its own process (as in production) and waits until it listens. */
export async function startGateway(
  port: number,
  healthPort: number,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<GatewayProcess> {
  const app = await startApp({
    script: 'apps/cwmp-gateway/src/main.ts',
    env: {
      HEADEND_CWMP_HOST: '127.0.0.1',
      HEADEND_CWMP_PORT: String(port),
      HEADEND_HEALTH_PORT: String(healthPort),
      HEADEND_REPLICA_ID: `test-${port}`,
      HEADEND_DEVICE_EVENT_PARTITIONS: '4',
      HEADEND_AUTH_NONCE_SECRET: TEST_NONCE_SECRET,
      HEADEND_AUTH_DERIVE_SECRET: TEST_DERIVE_SECRET,
      ...env,
    },
    ready: 'cwmp-gateway listening',
    what: `the gateway on port ${port}`,
    timeoutMs: 60_000,
    ...options,
  });
  return { ...app, port, healthPort };
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
