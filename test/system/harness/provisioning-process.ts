import type { AppProcess } from './app-process.js';
import { startApp } from './app-process.js';
import { freePort } from './gateway-process.js';

export interface ProvisioningProcess extends AppProcess {
  readonly healthPort: number;
  /** The current value of a metric without labels, from /metrics. */
  metric(name: string): Promise<number>;
}

/** Starts apps/provisioning as its own process and waits until it has read the configuration. */
export async function startProvisioning(
  env: Record<string, string>,
  options: { readonly nodeArgs?: readonly string[] } = {},
): Promise<ProvisioningProcess> {
  const healthPort = await freePort();
  const app = await startApp({
    script: 'apps/provisioning/src/main.ts',
    env: {
      HEADEND_HOST: '127.0.0.1',
      HEADEND_PROVISIONING_HEALTH_PORT: String(healthPort),
      HEADEND_DEVICE_EVENT_PARTITIONS: '4',
      ...env,
    },
    ready: 'provisioning ready',
    what: 'provisioning',
    timeoutMs: 90_000,
    ...options,
  });
  return {
    ...app,
    healthPort,
    metric: async (name) => {
      const text = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line === undefined ? Number.NaN : Number(line.slice(name.length + 1));
    },
  };
}
