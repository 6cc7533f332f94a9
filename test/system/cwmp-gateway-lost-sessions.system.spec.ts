import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { eventually, uniqueName } from '@headend/contract-tests';
import { serializeQueueItem } from '@headend/cwmp-session';
import { KafkaEventLog } from '@headend/kafka';
import { coordinationKeys } from '@headend/ports';
import { RedisCoordinationStore } from '@headend/redis';
import type { DeviceEventTap } from './harness/device-events.js';
import { tapDeviceEvents } from './harness/device-events.js';
import type { GatewayProcess } from './harness/gateway-process.js';
import { startGatewayOnFreePorts, TEST_DERIVE_SECRET } from './harness/gateway-process.js';
import { ScriptedCpe } from './harness/scripted-cpe.js';

/**
 * Every SessionStarted is followed by a SessionEnded, also when the CPE vanishes mid-session: the
 * session is closed as 'lost' (id `<session>:lost`) by a replica's reaper once its lock expired, or
 * by the device's next Inform if that comes first.
 */

const services = readBackingServices(process.env);
const TTL_MS = 2_000;
const REAPER_MS = 500;
const TIMEOUTS = {
  HEADEND_SESSION_TIMEOUT_MS: String(TTL_MS),
  HEADEND_PLAN_TIMEOUT_MS: '1000',
  HEADEND_APPEND_TIMEOUT_MS: '1000',
};

let log: KafkaEventLog;
let redis: RedisCoordinationStore;
let tap: DeviceEventTap;
let gateway: GatewayProcess | undefined;

beforeAll(async () => {
  log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: 'lost-sessions-test' });
  redis = await RedisCoordinationStore.connect({ url: services.redis.url });
  tap = await tapDeviceEvents(log, uniqueName('lost-sessions'));
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await tap?.stop();
  await log?.close();
  await redis?.close();
});

const newCpe = () =>
  new ScriptedCpe(`http://127.0.0.1:${gateway!.port}/`, uniqueName('SN').replaceAll('-', ''), {
    deriveSecret: TEST_DERIVE_SECRET,
  });

function ends(cpe: ScriptedCpe) {
  return tap.of(cpe.deviceId).filter((e) => e.event.type === 'SessionEnded');
}

describe('sessions whose CPE vanished', () => {
  it('given a CPE that stops after its Inform, when its device comes back after the lock expired, then the old session is ended as lost and the new one goes on', async () => {
    // No reaper pass within the test: the device's next Inform closes what it left.
    gateway = await startGatewayOnFreePorts({ ...TIMEOUTS, HEADEND_SESSION_REAPER_INTERVAL_MS: '3600000' });
    const cpe = newCpe();
    expect((await cpe.inform()).status).toBe(200);
    await new Promise((r) => setTimeout(r, TTL_MS + 500));
    expect(
      (
        await new ScriptedCpe(`http://127.0.0.1:${gateway.port}/`, cpe.serial, {
          deriveSecret: TEST_DERIVE_SECRET,
        }).inform()
      ).status,
    ).toBe(200);
    await redis.enqueue(coordinationKeys.rpcQueue(cpe.deviceId), [serializeQueueItem({ kind: 'end' })]);
    await eventually('the old session ended as lost', () => ends(cpe).length >= 1);
    const [first] = tap.of(cpe.deviceId);
    const lost = ends(cpe)[0]!;
    expect(lost.event.data).toMatchObject({
      outcome: 'lost',
      sessionId: first!.event.data.sessionId,
      sequence: 2,
    });
    expect(lost.id).toBe(`${first!.event.data.sessionId}:lost`);
    await gateway.stop();
    gateway = undefined;
  }, 60_000);

  it('given a CPE that stops after its Inform, then a replica ends its session as lost within the lock time-out and a reaper period, and forgets it', async () => {
    gateway = await startGatewayOnFreePorts({
      ...TIMEOUTS,
      HEADEND_SESSION_REAPER_INTERVAL_MS: String(REAPER_MS),
    });
    const cpe = newCpe();
    const informed = Date.now();
    expect((await cpe.inform()).status).toBe(200);
    await eventually('the session ended as lost', () => ends(cpe).length === 1, 15_000);
    const took = Date.now() - informed;
    const [started] = tap.of(cpe.deviceId);
    const [lost] = ends(cpe);
    expect(lost!.id).toBe(`${started!.event.data.sessionId}:lost`);
    expect(lost!.event.data).toMatchObject({ outcome: 'lost', sequence: 2, rpcCount: 0 });
    // Within the lock time-out and a reaper period (and the slack of a shared two-core machine).
    expect(took).toBeLessThan(TTL_MS + REAPER_MS + 5_000);
    expect(await redis.get(coordinationKeys.session(cpe.deviceId))).toBeNull();
    // Closed once, however many passes ran since.
    await new Promise((r) => setTimeout(r, REAPER_MS * 4));
    expect(ends(cpe)).toHaveLength(1);
  }, 60_000);
});
