import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { coordinationKeys } from '@headend/ports';
import { eventually, uniqueName } from '@headend/contract-tests';
import { serializeQueueItem } from '@headend/cwmp-session';
import { KafkaEventLog } from '@headend/kafka';
import { RedisCoordinationStore } from '@headend/redis';
import type { DeviceEventTap } from './harness/device-events.js';
import { expectInformOnlySessions, tapDeviceEvents } from './harness/device-events.js';
import type { GatewayProcess } from './harness/gateway-process.js';
import { startGatewayOnFreePorts, TEST_DERIVE_SECRET } from './harness/gateway-process.js';
import type { RoundRobinProxy } from './harness/round-robin-proxy.js';
import { startRoundRobinProxy } from './harness/round-robin-proxy.js';
import { ScriptedCpe } from './harness/scripted-cpe.js';

/**
 * Two cwmp-gateway processes behind a round-robin proxy, real Kafka and Redis: consecutive requests
 * of one session land on different replicas.
 */
const services = readBackingServices(process.env);

let gateways: GatewayProcess[] = [];
let proxy: RoundRobinProxy;
let log: KafkaEventLog;
let redis: RedisCoordinationStore;
let tap: DeviceEventTap;
/** A plain client, for what the coordination port does not expose (a key's time to live). */
let rawRedis: Redis;

function cpe(serial = uniqueName('SN').replaceAll('-', '')): ScriptedCpe {
  return new ScriptedCpe(`http://127.0.0.1:${proxy.port}/`, serial, { deriveSecret: TEST_DERIVE_SECRET });
}

async function plan(deviceId: string, items: Parameters<typeof serializeQueueItem>[0][]): Promise<void> {
  await redis.enqueue(coordinationKeys.rpcQueue(deviceId), items.map(serializeQueueItem));
  await redis.publish(coordinationKeys.wakeup(deviceId), 'planned');
}

beforeAll(async () => {
  log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: 'system-test' });
  redis = await RedisCoordinationStore.connect({ url: services.redis.url });
  rawRedis = new Redis(services.redis.url);
  gateways = await Promise.all([
    startGatewayOnFreePorts({ HEADEND_PLAN_TIMEOUT_MS: '3000' }),
    startGatewayOnFreePorts({ HEADEND_PLAN_TIMEOUT_MS: '3000' }),
  ]);
  proxy = await startRoundRobinProxy(gateways.map((g) => g.port));
  tap = await tapDeviceEvents(log, uniqueName('system-tap'));
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all(gateways.map((g) => g.stop()));
  await tap?.stop();
  await Promise.all([log?.close(), redis?.close(), rawRedis?.quit()]);
});

describe('cwmp-gateway, two replicas behind a round-robin proxy', () => {
  it('given a CPE with queued RPCs, then the session completes across replicas and Kafka holds the conversation exactly', async () => {
    const device = cpe();
    const informed = await device.inform(['1 BOOT']);
    expect(informed.status).toBe(200);
    expect(informed.message?.type).toBe('InformResponse');
    expect(informed.cwmpId).toBe('inform-1');

    await plan(device.deviceId, [
      {
        kind: 'rpc',
        rpcId: 'rpc-1',
        request: { type: 'GetParameterValues', parameterNames: ['InternetGatewayDevice.DeviceInfo.'] },
      },
      { kind: 'rpc', rpcId: 'rpc-2', request: { type: 'Reboot', commandKey: 'reboot-1' } },
      { kind: 'end' },
    ]);
    const first = await device.send(null);
    expect(first.message).toEqual({
      type: 'GetParameterValues',
      parameterNames: ['InternetGatewayDevice.DeviceInfo.'],
    });
    const second = await device.send(
      {
        type: 'GetParameterValuesResponse',
        parameterList: [
          { name: 'InternetGatewayDevice.DeviceInfo.UpTime', value: '42', type: 'xsd:unsignedInt' },
        ],
      },
      first.cwmpId,
    );
    expect(second.message).toEqual({ type: 'Reboot', commandKey: 'reboot-1' });
    const last = await device.send({ type: 'RebootResponse' }, second.cwmpId);
    expect(last.status).toBe(204);
    expect(new Set(proxy.served).size).toBe(2);

    await eventually(
      'the session on Kafka',
      () => tap.of(device.deviceId).at(-1)?.event.type === 'SessionEnded',
    );
    const events = tap.of(device.deviceId);
    expect(events.map((e) => e.event.type)).toEqual([
      'SessionStarted',
      'InformReceived',
      'RpcSent',
      'RpcResponded',
      'RpcSent',
      'RpcResponded',
      'SessionEnded',
    ]);
    const sessionId = events[0]!.event.data.sessionId;
    // What the CPE said is numbered by place; the ACS's decisions are named (RPC sent, outcome).
    expect(events.map((e) => e.id)).toEqual([
      `${sessionId}:0`,
      `${sessionId}:1`,
      `${sessionId}:rpc:rpc-1`,
      `${sessionId}:3`,
      `${sessionId}:rpc:rpc-2`,
      `${sessionId}:5`,
      `${sessionId}:completed`,
    ]);
    expect(events.map((e) => ('sequence' in e.event.data ? e.event.data.sequence : null))).toEqual([
      0, 1, 2, 3, 4, 5, 6,
    ]);
    expect(events[1]!.event).toMatchObject({ data: { events: [{ code: '1 BOOT', commandKey: '' }] } });
    expect(events[3]!.event).toMatchObject({
      data: {
        rpcId: 'rpc-1',
        response: {
          method: 'GetParameterValues',
          parameterList: [{ name: 'InternetGatewayDevice.DeviceInfo.UpTime', value: '42' }],
        },
      },
    });
    expect(events[6]!.event).toMatchObject({ data: { outcome: 'completed', rpcCount: 2 } });
    expect(tap.undecodable).toEqual([]);

    const metrics = (
      await Promise.all(
        gateways.map(async (g) => (await fetch(`http://127.0.0.1:${g.healthPort}/metrics`)).text()),
      )
    ).join('\n');
    const total = (series: string) =>
      [...metrics.matchAll(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\d+)`, 'gm'))].reduce(
        (sum, m) => sum + Number(m[1]),
        0,
      );
    expect(
      total('headend_cwmp_rpc_duration_seconds_count{method="GetParameterValues"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(total('headend_cwmp_rpc_duration_seconds_count{method="Reboot"}')).toBeGreaterThanOrEqual(1);
    expect(total('headend_cwmp_plan_wait_seconds_count{planned="yes"}')).toBeGreaterThanOrEqual(3);
    expect(total('headend_cwmp_sessions_total{outcome="completed"}')).toBeGreaterThanOrEqual(1);
    expect(total('headend_cwmp_inform_events_total{code="1 BOOT"}')).toBeGreaterThanOrEqual(1);
  });

  it('given a session in progress, when the device Informs again, then the old session is superseded: never two at once', async () => {
    const device = cpe();
    expect((await device.inform()).status).toBe(200);
    const again = new ScriptedCpe(`http://127.0.0.1:${proxy.port}/`, device.serial, {
      deriveSecret: TEST_DERIVE_SECRET,
    });
    expect((await again.inform(['1 BOOT'])).status).toBe(200);

    expect((await device.send(null)).status).toBe(400);
    await plan(device.deviceId, [{ kind: 'end' }]);
    expect((await again.send(null)).status).toBe(204);

    const events = await expectInformOnlySessions(tap, device.deviceId, ['superseded', 'completed']);
    expect(events[2]).toMatchObject({
      data: { outcome: 'superseded', sessionId: events[0]!.data.sessionId },
    });
    expect(events[5]).toMatchObject({ data: { outcome: 'completed', sessionId: events[3]!.data.sessionId } });
  });

  it('given a CPE that lost the InformResponse and re-sends the same Inform, then it continues the same session with no duplicate event', async () => {
    const device = cpe();
    const first = await device.inform(['2 PERIODIC']);
    const resender = new ScriptedCpe(`http://127.0.0.1:${proxy.port}/`, device.serial, {
      deriveSecret: TEST_DERIVE_SECRET,
    });
    const again = await resender.inform(['2 PERIODIC']);
    expect(again.status).toBe(200);
    expect(again.message?.type).toBe('InformResponse');
    expect(again.headers.get('set-cookie')).toBe(first.headers.get('set-cookie'));
    await plan(device.deviceId, [{ kind: 'end' }]);
    expect((await resender.send(null)).status).toBe(204);

    await eventually(
      'the session on Kafka',
      () => tap.of(device.deviceId).at(-1)?.event.type === 'SessionEnded',
    );
    expect(tap.of(device.deviceId).map((e) => e.event.type)).toEqual([
      'SessionStarted',
      'InformReceived',
      'SessionEnded',
    ]);
  });

  it('given an RPC entry enqueued twice for the session (at-least-once planning), then the CPE gets it once', async () => {
    const device = cpe();
    expect((await device.inform()).status).toBe(200);
    const sessionId = await redis.lockHolder(coordinationKeys.lock(device.deviceId));
    expect(sessionId).not.toBeNull();
    const reboot = {
      kind: 'rpc',
      rpcId: 'task-1.1',
      request: { type: 'Reboot', commandKey: 'once' },
      sessionId: sessionId!,
    } as const;
    await plan(device.deviceId, [reboot, reboot, { kind: 'end', sessionId: sessionId! }]);

    const sent = await device.send(null);
    expect(sent.message).toEqual({ type: 'Reboot', commandKey: 'once' });
    // The copy is taken by the other replica (round robin) and passed over: the plan ends.
    expect((await device.send({ type: 'RebootResponse' }, sent.cwmpId)).status).toBe(204);

    await eventually('SessionEnded', () => tap.of(device.deviceId).at(-1)?.event.type === 'SessionEnded');
    expect(tap.of(device.deviceId).map((e) => e.event.type)).toEqual([
      'SessionStarted',
      'InformReceived',
      'RpcSent',
      'RpcResponded',
      'SessionEnded',
    ]);
    expect(tap.of(device.deviceId).at(-1)?.event).toMatchObject({
      data: { outcome: 'completed', rpcCount: 1 },
    });
  });

  it('given an end-of-plan entry of an older session in the queue, then the current session is not ended by it', async () => {
    const device = cpe();
    expect((await device.inform()).status).toBe(200);
    const sessionId = (await redis.lockHolder(coordinationKeys.lock(device.deviceId)))!;
    await plan(device.deviceId, [
      { kind: 'end', sessionId: 'an-older-session' },
      {
        kind: 'rpc',
        rpcId: 'task-2.1',
        request: { type: 'GetParameterValues', parameterNames: ['InternetGatewayDevice.'] },
        sessionId,
      },
      { kind: 'end', sessionId },
    ]);

    const sent = await device.send(null);
    expect(sent.status).toBe(200);
    expect(sent.message?.type).toBe('GetParameterValues');
    const last = await device.send({ type: 'GetParameterValuesResponse', parameterList: [] }, sent.cwmpId);
    expect(last.status).toBe(204);

    await eventually('SessionEnded', () => tap.of(device.deviceId).at(-1)?.event.type === 'SessionEnded');
    expect(tap.of(device.deviceId).map((e) => e.event.type)).toEqual([
      'SessionStarted',
      'InformReceived',
      'RpcSent',
      'RpcResponded',
      'SessionEnded',
    ]);
    expect(tap.of(device.deviceId).at(-1)?.event).toMatchObject({
      data: { sessionId, outcome: 'completed', rpcCount: 1 },
    });
  });

  it('given a CPE announcing a SessionTimeout, then its session lock lives that long (within the configured bounds)', async () => {
    const device = new ScriptedCpe(`http://127.0.0.1:${proxy.port}/`, uniqueName('SN').replaceAll('-', ''), {
      deriveSecret: TEST_DERIVE_SECRET,
      sessionTimeout: 300,
    });
    expect((await device.inform()).status).toBe(200);
    const ttl = await rawRedis.pttl(coordinationKeys.lock(device.deviceId));
    expect(ttl).toBeGreaterThan(290_000);
    expect(ttl).toBeLessThanOrEqual(300_000);
    await plan(device.deviceId, [{ kind: 'end' }]);
    expect((await device.send(null)).status).toBe(204);
  });

  it('given no plan in time, then the session ends as a time-out and says so on Kafka', async () => {
    const device = cpe();
    await device.inform();
    const ended = await device.send(null);
    expect(ended.status).toBe(204);
    await eventually('SessionEnded', () => tap.of(device.deviceId).at(-1)?.event.type === 'SessionEnded');
    expect(tap.of(device.deviceId).at(-1)?.event).toMatchObject({
      data: { outcome: 'timeout', reason: 'no plan within 3000 ms' },
    });
  });

  it.each([['a wrong password', { password: 'not-the-derived-one' }, 403]] as const)(
    'given %s, then the Inform is refused and nothing is recorded',
    async (_name, options, status) => {
      const device = new ScriptedCpe(
        `http://127.0.0.1:${proxy.port}/`,
        uniqueName('SN').replaceAll('-', ''),
        options,
      );
      const refused = await device.inform();
      expect([401, status]).toContain(refused.status);
      await new Promise((r) => setTimeout(r, 500));
      expect(tap.of(device.deviceId)).toEqual([]);
    },
  );

  it('given no credentials at all, then the CPE is challenged with Digest', async () => {
    const response = await fetch(`http://127.0.0.1:${proxy.port}/`, { method: 'POST', body: '' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Digest realm="headend", qop="auth", nonce="[^"]+"/,
    );
  });
});
