import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { CWMP_NAMESPACES, decodeCwmp, encodeCwmp } from '@headend/cwmp-codec';
import type { CwmpMessage } from '@headend/cwmp-codec';
import type { CwmpResponse } from '@headend/cwmp-gateway';
import { CwmpGateway, DEFAULT_GATEWAY_OPTIONS } from '@headend/cwmp-gateway';
import { eventually, uniqueName } from '@headend/contract-tests';
import { serializeQueueItem } from '@headend/cwmp-session';
import { deviceIdOf } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';
import type { CoordinationStore } from '@headend/ports';
import { coordinationKeys } from '@headend/ports';
import { RedisCoordinationStore } from '@headend/redis';
import type { DeviceEventTap } from './harness/device-events.js';
import { tapDeviceEvents } from './harness/device-events.js';

/**
 * A replica that dies between appending a step's events and storing the session (or releasing it)
 * leaves the session record one step behind what Kafka holds. Whatever happens next (the CPE
 * retries its request, starts a new session, or goes on), no two distinct events may share a
 * CloudEvents id, and a request replayed as it was still produces the same ids.
 *
 * The crash is simulated in process: the coordination store fails the armed write (as if the
 * process had died just before it), and that gateway instance is never used again; a fresh one,
 * as another replica, serves what the CPE does next. Kafka and Redis are real.
 */

const services = readBackingServices(process.env);

let log: KafkaEventLog;
let redis: RedisCoordinationStore;
let tap: DeviceEventTap;

class Crash extends Error {}

/**
 * The coordination store, but the next write of the armed kind "crashes" the replica instead: that
 * call and every later one fail (a dead process writes nothing more, not even its clean-up).
 */
function crashing(store: CoordinationStore, armed: { at: 'putFenced' | 'removeFenced' | null }) {
  let dead = false;
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (armed.at === name) {
          armed.at = null;
          dead = true;
        }
        if (dead) return Promise.reject(new Crash(`crashed before ${String(name)}`));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function replica(armed: { at: 'putFenced' | 'removeFenced' | null }): CwmpGateway {
  return new CwmpGateway(
    log,
    crashing(redis, armed),
    { now: () => Date.now() },
    { sessionId: () => randomBytes(9).toString('base64url') },
    { ...DEFAULT_GATEWAY_OPTIONS, planTimeoutMs: 1_500 },
  );
}

/** A CPE with no authentication (HEADEND_AUTH=none), talking to whichever replica it is given. */
class Cpe {
  readonly serial = uniqueName('SN').replaceAll('-', '');
  readonly deviceId = deviceIdOf({ oui: '00259E', productClass: 'HG8245', serialNumber: this.serial });
  cookie: string | undefined;
  lastId: string | undefined;

  inform(): string {
    return this.body(
      {
        type: 'Inform',
        deviceId: { manufacturer: 'H', oui: '00259E', productClass: 'HG8245', serialNumber: this.serial },
        event: [{ eventCode: '2 PERIODIC', commandKey: '' }],
        maxEnvelopes: 1,
        currentTime: '2026-11-22T10:00:00Z',
        retryCount: 0,
        parameterList: [],
      },
      'i1',
    );
  }

  body(message: CwmpMessage, id?: string): string {
    return encodeCwmp({ namespace: CWMP_NAMESPACES['1.0'], header: id ? { id } : {}, body: message });
  }

  async post(gateway: CwmpGateway, body: string): Promise<CwmpResponse> {
    const response = await gateway.handle({
      body: new TextEncoder().encode(body),
      cookie: this.cookie,
      authenticate: () => Promise.resolve({ ok: true, scheme: 'none', deviceId: undefined }),
      tls: false,
    });
    const cookie = response.headers['set-cookie']?.split(';')[0];
    if (cookie !== undefined) this.cookie = cookie.endsWith('=') ? undefined : cookie;
    const decoded = response.body.trim() === '' ? null : decodeCwmp(response.body);
    this.lastId = decoded?.ok && decoded.kind === 'message' ? decoded.envelope.header.id : undefined;
    return response;
  }

  /** A request the replica "crashes" on; the CPE hears nothing. */
  async crash(gateway: CwmpGateway, body: string): Promise<void> {
    await expect(this.post(gateway, body)).rejects.toBeInstanceOf(Crash);
  }
}

const getParameterValues = (rpcId: string) =>
  serializeQueueItem({
    kind: 'rpc',
    rpcId,
    request: { type: 'GetParameterValues', parameterNames: ['InternetGatewayDevice.DeviceInfo.'] },
  });

async function plan(cpe: Cpe, ...items: string[]): Promise<void> {
  await redis.enqueue(coordinationKeys.rpcQueue(cpe.deviceId), items);
}

const gpvResponse = (cpe: Cpe) =>
  cpe.body({ type: 'GetParameterValuesResponse', parameterList: [] }, cpe.lastId);
const transferComplete = (cpe: Cpe) =>
  cpe.body(
    {
      type: 'TransferComplete',
      commandKey: 'fw',
      faultStruct: { faultCode: 0, faultString: '' },
      startTime: '2026-11-22T10:00:00Z',
      completeTime: '2026-11-22T10:01:00Z',
    },
    't1',
  );

/**
 * Every id on Kafka names one event: events sharing an id are the same event sent again (a
 * SessionEnded sent again took longer, so its durationMs is not compared).
 */
function expectUniqueIds(cpe: Cpe): { id: string; type: string }[] {
  const events = tap.of(cpe.deviceId);
  const byId = new Map<string, string>();
  for (const { id, event } of events) {
    const data = JSON.stringify(
      event.type === 'SessionEnded' ? { ...event, data: { ...event.data, durationMs: 0 } } : event,
    );
    const seen = byId.get(id);
    if (seen !== undefined) expect(data, `two distinct events share the id ${id}`).toBe(seen);
    byId.set(id, data);
  }
  return events.map(({ id, event }) => ({ id, type: event.type }));
}

async function waitForEnd(cpe: Cpe, ends = 1): Promise<void> {
  await eventually(
    `${ends} SessionEnded of ${cpe.deviceId}`,
    () => tap.of(cpe.deviceId).filter((e) => e.event.type === 'SessionEnded').length >= ends,
  );
}

beforeAll(async () => {
  log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: 'crash-ids-test' });
  redis = await RedisCoordinationStore.connect({ url: services.redis.url });
  await log.ensureTopics([{ name: 'cwmp.device-events.v1', partitions: 4 }]).catch(() => undefined);
  tap = await tapDeviceEvents(log, uniqueName('crash-ids'));
}, 60_000);

afterAll(async () => {
  await tap?.stop();
  await log?.close();
  await redis?.close();
});

describe('event ids across a gateway crash between append and save', () => {
  it('given a crash after RpcSent was appended, when the CPE starts a new session, then its end does not reuse the RpcSent id', async () => {
    const cpe = new Cpe();
    const armed = { at: null as 'putFenced' | 'removeFenced' | null };
    const first = replica(armed);
    expect((await cpe.post(first, cpe.inform())).status).toBe(200);
    await plan(cpe, getParameterValues('r1'));
    armed.at = 'putFenced';
    await cpe.crash(first, '');

    const second = replica({ at: null });
    // The same Inform again, before the session stored anything after it: a re-sent Inform, so the
    // session goes on (r1 was lost with the crash), and ends.
    cpe.cookie = undefined;
    expect((await cpe.post(second, cpe.inform())).status).toBe(200);
    await plan(cpe, serializeQueueItem({ kind: 'end' }));
    expect((await cpe.post(second, '')).status).toBe(204);
    await waitForEnd(cpe);
    const events = expectUniqueIds(cpe);
    expect(events.map((e) => e.type)).toEqual([
      'SessionStarted',
      'InformReceived',
      'RpcSent',
      'SessionEnded',
    ]);
  });

  it('given a crash after RpcSent was appended, when the CPE posts empty again, then the next RPC does not reuse the id', async () => {
    const cpe = new Cpe();
    const armed = { at: null as 'putFenced' | 'removeFenced' | null };
    const first = replica(armed);
    expect((await cpe.post(first, cpe.inform())).status).toBe(200);
    await plan(cpe, getParameterValues('r1'), getParameterValues('r2'));
    armed.at = 'putFenced';
    await cpe.crash(first, '');

    const second = replica({ at: null });
    const next = await cpe.post(second, '');
    expect(next.status).toBe(200);
    await plan(cpe, serializeQueueItem({ kind: 'end' }));
    expect((await cpe.post(second, gpvResponse(cpe))).status).toBe(204);
    await waitForEnd(cpe);
    expect(expectUniqueIds(cpe).filter((e) => e.type === 'RpcSent')).toHaveLength(2);
  });

  it('given a crash after the end was appended, when the CPE sends its Inform again, then the session ends again under the same id', async () => {
    const cpe = new Cpe();
    const armed = { at: null as 'putFenced' | 'removeFenced' | null };
    const first = replica(armed);
    expect((await cpe.post(first, cpe.inform())).status).toBe(200);
    await plan(cpe, serializeQueueItem({ kind: 'end' }));
    armed.at = 'removeFenced';
    await cpe.crash(first, '');

    const second = replica({ at: null });
    cpe.cookie = undefined;
    expect((await cpe.post(second, cpe.inform())).status).toBe(200);
    await plan(cpe, serializeQueueItem({ kind: 'end' }));
    expect((await cpe.post(second, '')).status).toBe(204);
    await waitForEnd(cpe, 2);
    const ends = expectUniqueIds(cpe).filter((e) => e.type === 'SessionEnded');
    expect(new Set(ends.map((e) => e.id)).size).toBe(1);
  });

  it('given a crash after the Inform was appended, when the CPE informs again, then the new session has new ids and the old one is ended', async () => {
    const cpe = new Cpe();
    const armed = { at: 'putFenced' as 'putFenced' | 'removeFenced' | null };
    await cpe.crash(replica(armed), cpe.inform());

    const second = replica({ at: null });
    expect((await cpe.post(second, cpe.inform())).status).toBe(200);
    await plan(cpe, serializeQueueItem({ kind: 'end' }));
    expect((await cpe.post(second, '')).status).toBe(204);
    await waitForEnd(cpe, 2);
    const events = expectUniqueIds(cpe);
    expect(events.filter((e) => e.type === 'SessionStarted')).toHaveLength(2);
  });

  for (const [what, body] of [
    ['a response', gpvResponse],
    ['a TransferComplete', transferComplete],
  ] as const) {
    it(`given a crash after ${what} was appended, when the CPE sends it again, then it is recorded under the same id and the session goes on`, async () => {
      const cpe = new Cpe();
      const armed = { at: null as 'putFenced' | 'removeFenced' | null };
      const first = replica(armed);
      expect((await cpe.post(first, cpe.inform())).status).toBe(200);
      if (what === 'a response') {
        await plan(cpe, getParameterValues('r1'));
        expect((await cpe.post(first, '')).status).toBe(200);
      }
      armed.at = 'putFenced';
      const sent = body(cpe);
      await cpe.crash(first, sent);

      const second = replica({ at: null });
      await plan(cpe, serializeQueueItem({ kind: 'end' }));
      const again = await cpe.post(second, sent);
      expect([200, 204]).toContain(again.status);
      if (again.status === 200) expect((await cpe.post(second, '')).status).toBe(204);
      await waitForEnd(cpe);
      const events = expectUniqueIds(cpe);
      const recorded = events.filter((e) =>
        what === 'a response' ? e.type === 'RpcResponded' : e.type === 'TransferCompleteReceived',
      );
      // Recorded twice (the crash, then the replay), under one id: consumers keep one.
      expect(recorded).toHaveLength(2);
      expect(new Set(recorded.map((e) => e.id)).size).toBe(1);
    });
  }
});
