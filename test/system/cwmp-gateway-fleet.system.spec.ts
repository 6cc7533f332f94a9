import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { eventually, uniqueName } from '@headend/contract-tests';
import { KafkaEventLog } from '@headend/kafka';
import { coordinationKeys } from '@headend/ports';
import type { Subscription } from '@headend/ports';
import { RedisCoordinationStore } from '@headend/redis';
import type { DeviceEventTap } from './harness/device-events.js';
import { expectInformOnlySessions, tapDeviceEvents } from './harness/device-events.js';
import type { GatewayProcess } from './harness/gateway-process.js';
import { startGatewayOnFreePorts, TEST_DERIVE_SECRET } from './harness/gateway-process.js';
import type { RoundRobinProxy } from './harness/round-robin-proxy.js';
import { startRoundRobinProxy } from './harness/round-robin-proxy.js';
import { ScriptedCpe } from './harness/scripted-cpe.js';
import { startInstantPlanner } from './harness/instant-planner.js';

const ROOT = resolve(import.meta.dirname, '../..');
const services = readBackingServices(process.env);

let gateways: GatewayProcess[] = [];
let proxy: RoundRobinProxy;
let log: KafkaEventLog;
let redis: RedisCoordinationStore;
let tap: DeviceEventTap;
let planner: Subscription;

function runFleet(
  args: readonly string[],
): Promise<{ sessions: { ok: number; failed: number }; failures: Record<string, number> }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cpe-sim/src/main.ts', ...args], {
      cwd: ROOT,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      const start = out.indexOf('{');
      if (code !== 0 || start < 0) return fail(new Error(`cpe-sim exited ${code}: ${err.slice(-2000)}`));
      done(
        JSON.parse(out.slice(start)) as {
          sessions: { ok: number; failed: number };
          failures: Record<string, number>;
        },
      );
    });
  });
}

beforeAll(async () => {
  log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: 'fleet-test' });
  redis = await RedisCoordinationStore.connect({ url: services.redis.url });
  gateways = await Promise.all([
    startGatewayOnFreePorts({ HEADEND_PLAN_TIMEOUT_MS: '20000' }),
    startGatewayOnFreePorts({ HEADEND_PLAN_TIMEOUT_MS: '20000' }),
  ]);
  proxy = await startRoundRobinProxy(gateways.map((g) => g.port));
  tap = await tapDeviceEvents(log, uniqueName('fleet-tap'));
  planner = await startInstantPlanner(log, redis, uniqueName('instant-planner'));
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all(gateways.map((g) => g.stop()));
  await Promise.all([planner?.stop(), tap?.stop()]);
  await Promise.all([log?.close(), redis?.close()]);
});

describe('cwmp-gateway with the simulated fleet', () => {
  it('given 40 simulated CPEs of the four real models booting, then every session completes and is on Kafka', async () => {
    const summary = await runFleet([
      '--acs-url',
      `http://127.0.0.1:${proxy.port}/`,
      '--devices',
      '40',
      '--storm-seconds',
      '2',
      '--interval',
      '3',
      '--duration',
      '8',
      '--cr-port',
      '0',
      '--derive-secret',
      TEST_DERIVE_SECRET,
      '--quirk-no-cookies',
      '0.3',
      '--seed',
      String(Date.now() % 100_000),
    ]);
    expect(summary.failures).toEqual({});
    expect(summary.sessions.failed).toBe(0);
    expect(summary.sessions.ok).toBeGreaterThanOrEqual(40);
    const completed = () =>
      tap.all().filter((e) => e.type === 'SessionEnded' && e.data.outcome === 'completed').length;
    await eventually('every completed session on Kafka', () => completed() >= summary.sessions.ok);
    expect(tap.undecodable).toEqual([]);
  });

  it('given a gateway killed with SIGKILL while holding a session, then acknowledged events survive and the retry completes on another replica', async () => {
    const victim = await startGatewayOnFreePorts({ HEADEND_PLAN_TIMEOUT_MS: '60000' });
    const serial = uniqueName('SN').replaceAll('-', '');
    const direct = new ScriptedCpe(`http://127.0.0.1:${victim.port}/`, serial, {
      deriveSecret: TEST_DERIVE_SECRET,
    });
    expect((await direct.inform(['2 PERIODIC'])).status).toBe(200);
    // The planner answers this session too, so hold its queue back: take the marker away.
    await eventually(
      'the plan',
      async () => (await redis.queueLength(coordinationKeys.rpcQueue(direct.deviceId))) === 1,
    );
    await redis.deleteQueue(coordinationKeys.rpcQueue(direct.deviceId));

    const pending = direct.send(null).then(
      () => 'answered',
      () => 'connection lost',
    );
    await new Promise((r) => setTimeout(r, 300));
    await victim.kill();
    expect(await pending).toBe('connection lost');

    const retry = new ScriptedCpe(`http://127.0.0.1:${proxy.port}/`, serial, {
      deriveSecret: TEST_DERIVE_SECRET,
    });
    expect((await retry.inform(['2 PERIODIC'], 1)).status).toBe(200);
    expect((await retry.send(null)).status).toBe(204);

    await expectInformOnlySessions(tap, direct.deviceId, ['superseded', 'completed']);
  });
});
