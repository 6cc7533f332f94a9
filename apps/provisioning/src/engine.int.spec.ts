import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { eventually, uniqueName } from '@headend/contract-tests';
import type { DeviceEvent, HeadendEvent } from '@headend/events';
import { deviceIdOf, fromRecord, toRecord, TOPICS, topicSpecs } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';
import { MongoDocumentStore } from '@headend/mongo';
import type {
  ConsumedRecord,
  DocumentCollection,
  DocumentStore,
  StoredDocument,
  Subscription,
} from '@headend/ports';
import { BackendUnavailableError } from '@headend/ports';
import type { ProjectionLimits, StoredProjection } from '@headend/provisioning-planner';
import { DEFAULT_LIMITS, DEFAULT_POLICY, fromStoredProjection } from '@headend/provisioning-planner';
import type { EngineObserver } from '@headend/provisioning-engine';
import { Configuration, ProvisioningEngine } from '@headend/provisioning-engine';

/**
 * The engine against real Kafka and the MongoDB-wire server (FerretDB locally): the records issue 10
 * found able to stop a partition for good, and their siblings. Each is handled, and the next record
 * of the partition is folded after it.
 */
const services = readBackingServices(process.env);
const run = uniqueName('eng').replace(/[^A-Za-z0-9]/g, '');
const GROUP = `provisioning-${run}`;

let log: KafkaEventLog;
let store: MongoDocumentStore;
let letters: Subscription;
let sessions: Subscription;
const deadLetters: Extract<HeadendEvent, { type: 'RecordDeadLettered' }>[] = [];
const lostEnds: { id: string; event: DeviceEvent }[] = [];
let offset = 0;

beforeAll(async () => {
  log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: `engine-${run}` });
  store = await MongoDocumentStore.connect({ url: services.mongo.url, database: `engine_${run}` });
  await log.ensureTopics(topicSpecs(4));
  letters = await log.subscribe({
    groupId: `${run}-letters`,
    topics: [TOPICS.deadLetters],
    fromBeginning: false,
    handler: (record) => {
      const decoded = fromRecord(record);
      if (decoded.ok && decoded.event.type === 'RecordDeadLettered' && decoded.event.data.group === GROUP)
        deadLetters.push(decoded.event);
      return Promise.resolve();
    },
  });
  sessions = await log.subscribe({
    groupId: `${run}-sessions`,
    topics: [TOPICS.deviceEvents],
    fromBeginning: false,
    handler: (record) => {
      const decoded = fromRecord(record);
      if (decoded.ok && decoded.event.type === 'SessionEnded' && decoded.event.data.deviceId.includes(run))
        lostEnds.push({ id: decoded.meta.id, event: decoded.event });
      return Promise.resolve();
    },
  });
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([letters?.stop(), sessions?.stop()]);
  await store?.dropDatabase().catch(() => undefined);
  await Promise.allSettled([log?.close(), store?.close()]);
});

const observed = { deadLettered: [] as string[], limited: [] as string[] };
const observer: EngineObserver = {
  folded: () => undefined,
  duplicate: () => undefined,
  refused: () => undefined,
  planned: () => undefined,
  taskChanged: () => undefined,
  limited: (kind, count) => observed.limited.push(`${kind}:${count}`),
  deadLettered: (reason) => observed.deadLettered.push(reason),
  sessionLost: () => undefined,
};

function engine(options: {
  collection: string;
  limits?: ProjectionLimits;
  configuration?: Configuration;
  documents?: DocumentStore;
}): ProvisioningEngine {
  return new ProvisioningEngine(
    options.documents ?? store,
    null,
    log,
    options.configuration ?? new Configuration(),
    {
      policy: DEFAULT_POLICY,
      queueTtlMs: 60_000,
      effects: true,
      collection: options.collection,
      cacheEntries: 0,
      limits: options.limits ?? DEFAULT_LIMITS,
      group: GROUP,
    },
    observer,
  );
}

/** A record as the consumer hands it over, on partition 0 of the event's topic. */
function consumed(event: HeadendEvent): ConsumedRecord {
  const record = toRecord(event, { time: new Date().toISOString() });
  return {
    topic: record.topic,
    partition: 0,
    offset: String(offset++),
    key: record.key,
    value: record.value,
    headers: new Map(Object.entries(record.headers ?? {})),
    timestamp: Date.now(),
  };
}

function device(serial: string, productClass = 'BM632w') {
  const identity = { oui: '00D09E', productClass, serialNumber: `${run}${serial}`, manufacturer: 'Test' };
  return { identity, deviceId: deviceIdOf(identity) };
}

function started(deviceId: string, sessionId: string): HeadendEvent {
  return {
    type: 'SessionStarted',
    version: 1,
    data: { deviceId, sessionId, sequence: 0, cwmpVersion: '1.0', authentication: 'digest', tls: false },
  };
}

function inform(
  who: ReturnType<typeof device>,
  sessionId: string,
  parameters: { name: string; value: string; type: string | null }[],
): HeadendEvent {
  return {
    type: 'InformReceived',
    version: 1,
    data: {
      deviceId: who.deviceId,
      sessionId,
      sequence: 1,
      identity: who.identity,
      events: [{ code: '2 PERIODIC', commandKey: '' }],
      maxEnvelopes: 1,
      currentTime: { raw: '2026-12-08T00:00:00Z', iso: '2026-12-08T00:00:00Z' },
      retryCount: 0,
      parameters,
    },
  };
}

const ROOT = 'InternetGatewayDevice.';
const basics = [
  { name: `${ROOT}DeviceInfo.SoftwareVersion`, value: '1.0', type: 'xsd:string' },
  {
    name: `${ROOT}ManagementServer.ConnectionRequestURL`,
    value: 'http://192.0.2.1:7547/',
    type: 'xsd:string',
  },
];

async function projection(collection: string, deviceId: string) {
  const stored = await store.collection<StoredProjection>(collection).findOne({ _id: deviceId });
  return stored === null ? null : fromStoredProjection(stored);
}

describe('ProvisioningEngine: no record stops a partition', () => {
  it('given six Informs of 60 parameters of 60,000 characters each (issue 10), then each is folded within the limits, the cuts are recorded, and the next record is folded', async () => {
    const collection = uniqueName('devices').replaceAll('-', '_');
    for (const limits of [DEFAULT_LIMITS, { ...DEFAULT_LIMITS, maxValueChars: 65_536 }]) {
      const e = engine({ collection, limits });
      const attacker = device(`A${limits.maxValueChars}`);
      for (let i = 0; i < 6; i++) {
        const blobs = Array.from({ length: 60 }, (_, k) => ({
          name: `${ROOT}X_Blob.${i}.${k}`,
          value: String.fromCharCode(97 + ((i + k) % 26)).repeat(60_000),
          type: 'xsd:string',
        }));
        await e.handle(consumed(inform(attacker, `s${i}`, [...basics, ...blobs])));
      }
      const after = device(`N${limits.maxValueChars}`);
      await e.handle(consumed(inform(after, 's0', basics)));
      expect(await projection(collection, after.deviceId)).not.toBeNull();

      const stored = (await projection(collection, attacker.deviceId))!;
      expect(stored.lastInform?.sessionId).toBe('s5');
      expect(JSON.stringify(stored).length).toBeLessThan(limits.maxBytes + 1024 * 1024);
      const reasons = new Set(stored.recordFaults.map((f) => f.reason));
      if (limits.maxValueChars === DEFAULT_LIMITS.maxValueChars) {
        // 16,384 characters kept of each value: 5.9 MB in all, within the 8 MiB.
        expect([...reasons]).toEqual(['value-truncated']);
        const blob = stored.parameters.find((p) => p.path === `${ROOT}X_Blob.5.59`);
        expect(blob?.value).toHaveLength(16_384);
      } else {
        // Whole values: the Informs that would pass 8 MiB are kept without their parameters.
        expect([...reasons]).toEqual(['record-refused']);
        expect(stored.parameters.some((p) => p.path.startsWith(`${ROOT}X_Blob.0.`))).toBe(true);
        expect(stored.parameters.some((p) => p.path.startsWith(`${ROOT}X_Blob.5.`))).toBe(false);
      }
    }
    expect(observed.limited).toContain('value-truncated:60');
    expect(observed.limited).toContain('record-refused:1');
  }, 120_000);

  it('given a TR-098 device and a preset naming paths of both roots (a mixed fleet, issue 10), then the 9005 fault without detail is folded and stored', async () => {
    const collection = uniqueName('devices').replaceAll('-', '_');
    const configuration = new Configuration();
    configuration.apply({
      type: 'PresetSaved',
      version: 1,
      data: {
        presetId: `mixed-${run}`,
        revision: 1,
        name: 'mixed',
        definition: {
          configurations: [
            { kind: 'value', path: `${ROOT}ManagementServer.PeriodicInformInterval`, value: 300 },
            { kind: 'value', path: 'Device.ManagementServer.PeriodicInformInterval', value: 300 },
            { kind: 'value', path: `${ROOT}LANDevice.1.WLANConfiguration.1.SSID`, value: 'ours' },
            { kind: 'value', path: 'Device.WiFi.SSID.1.SSID', value: 'ours' },
          ],
        },
      },
    });
    const e = engine({ collection, configuration });
    const cpe = device('M');
    await e.handle(consumed(started(cpe.deviceId, 'm1')));
    await e.handle(consumed(inform(cpe, 'm1', basics)));
    let sequence = 2;
    let suspected = false;
    for (let step = 0; step < 6 && !suspected; step++) {
      const now = (await projection(collection, cpe.deviceId))!;
      const inFlight = now.session?.inFlight;
      if (inFlight == null) break;
      const place = { deviceId: cpe.deviceId, sessionId: 'm1' };
      await e.handle(
        consumed({
          type: 'RpcSent',
          version: 1,
          data: { ...place, sequence: sequence++, rpcId: inFlight.rpcId, request: inFlight.request },
        }),
      );
      await e.handle(
        consumed({
          type: 'RpcFaulted',
          version: 1,
          data: {
            ...place,
            sequence: sequence++,
            rpcId: inFlight.rpcId,
            method: inFlight.request.method,
            faultCode: 9005,
            faultString: 'Invalid parameter name',
            setParameterValuesFaults: [],
          },
        }),
      );
      suspected = ((await projection(collection, cpe.deviceId))?.session?.suspect.length ?? 0) > 0;
    }
    expect(suspected, 'a batch read faulted without naming the bad name').toBe(true);
    expect(observed.deadLettered).not.toContain('document-refused');
  }, 60_000);

  it('given poison records of each kind, then each is dead-lettered with its reason, group and bytes, the device gets a fault, and the next record is folded', async () => {
    const collection = uniqueName('devices').replaceAll('-', '_');
    const e = engine({ collection });
    const cpe = device('P');
    await e.handle(consumed(inform(cpe, 'p1', basics)));
    const good = consumed(inform(cpe, 'p2', basics));
    const poisons: { reason: string; record: ConsumedRecord }[] = [
      {
        reason: 'undecodable',
        record: { ...good, offset: String(offset++), value: new TextEncoder().encode('{not json') },
      },
      { reason: 'undecodable', record: { ...good, offset: String(offset++), headers: new Map() } },
      {
        reason: 'undecodable',
        record: { ...good, offset: String(offset++), key: 'someone-else', value: good.value },
      },
      {
        reason: 'undecodable',
        record: { ...good, offset: String(offset++), key: '', value: new Uint8Array([0xff, 0xfe]) },
      },
    ];
    const before = deadLetters.length;
    for (const { record } of poisons) await e.handle(record);
    await e.handle({ ...good, offset: String(offset++) });
    expect((await projection(collection, cpe.deviceId))?.lastInform?.sessionId).toBe('p2');

    await eventually('the dead letters', () => deadLetters.length >= before + poisons.length);
    const ours = deadLetters.slice(before);
    expect(ours.map((l) => l.data.reason)).toEqual(poisons.map((p) => p.reason));
    expect(ours.map((l) => l.data.offset)).toEqual(poisons.map((p) => p.record.offset));
    for (const [i, letter] of ours.entries()) {
      const original = poisons[i]!.record;
      expect(letter.data.group).toBe(GROUP);
      expect(letter.data.topic).toBe(TOPICS.deviceEvents);
      expect(Buffer.from(letter.data.value ?? '', 'base64')).toEqual(Buffer.from(original.value));
    }
    expect(ours[0]?.data.detail).toMatch(/invalid-json/);
    expect(ours[1]?.data.detail).toMatch(/missing-header/);
    expect(ours[2]?.data.detail).toMatch(/key-mismatch/);
    expect(ours[3]?.data.key).toBe('-');
    const faults = (await projection(collection, cpe.deviceId))!.recordFaults;
    expect(faults.map((f) => f.reason)).toEqual(['dead-lettered:undecodable', 'dead-lettered:undecodable']);
  }, 60_000);

  it('given an unreadable stored projection, a write the store refuses (a unique index) and a planner that throws, then each record is dead-lettered and the partition moves on', async () => {
    const collection = uniqueName('devices').replaceAll('-', '_');
    const e = engine({ collection });
    const broken = device('B');
    await store.collection<StoredDocument & { v: number; parameters: string }>(collection).insertOne({
      _id: broken.deviceId,
      v: 1,
      parameters: '{not json',
    });
    const twinA = device('T', 'ModelA');
    const twinB = { ...device('T', 'ModelB') };
    await store
      .collection(collection)
      .ensureIndex({ name: 'serial_unique', keys: [['identity.serialNumber', 1]], unique: true });
    const bug = new (class extends Configuration {
      override get presets(): never {
        throw new Error('a bug in the planner');
      }
    })();
    const buggy = engine({ collection, configuration: bug });
    const before = deadLetters.length;
    await e.handle(consumed(inform(broken, 'b1', basics)));
    await e.handle(consumed(inform(twinA, 't1', basics)));
    await e.handle(consumed(inform(twinB, 't1', basics)));
    await buggy.handle(consumed(inform(device('G'), 'g1', basics)));
    const next = device('Next');
    await e.handle(consumed(inform(next, 'n1', basics)));
    expect(await projection(collection, next.deviceId)).not.toBeNull();
    await eventually('the dead letters', () => deadLetters.length >= before + 3);
    expect(deadLetters.slice(before).map((l) => l.data.reason)).toEqual([
      'stored-projection-invalid',
      'document-refused',
      'fold-failed',
    ]);
    const raw = (await store
      .collection<StoredDocument & { recordFaults?: { reason: string }[] }>(collection)
      .findOne({ _id: broken.deviceId }))!;
    expect(raw.recordFaults?.map((f) => f.reason)).toEqual(['dead-lettered:stored-projection-invalid']);
  }, 60_000);

  it('given the store unavailable, then handle fails with BackendUnavailableError and nothing is dead-lettered (the record is tried again)', async () => {
    const collection = uniqueName('devices').replaceAll('-', '_');
    const outage = new BackendUnavailableError('mongodb', 'the MongoDB-wire server is restarting');
    const down: DocumentStore = {
      collection: <T extends StoredDocument>(name: string): DocumentCollection<T> => {
        const real = store.collection<T>(name);
        return new Proxy(real, {
          get: (target, property) =>
            property === 'replaceOne' || property === 'findOne'
              ? () => Promise.reject(outage)
              : (Reflect.get(target, property) as unknown),
        });
      },
      dropDatabase: () => store.dropDatabase(),
      close: () => Promise.resolve(),
    };
    const letters = observed.deadLettered.length;
    const e = engine({ collection, documents: down });
    await expect(e.handle(consumed(inform(device('U'), 'u1', basics)))).rejects.toBe(outage);
    expect(observed.deadLettered.length).toBe(letters);
  });

  it('given a session still open in the projection when the device starts another, then a SessionEnded lost is appended for it with the id <sessionId>:lost, and folding it is harmless', async () => {
    const collection = uniqueName('devices').replaceAll('-', '_');
    const e = engine({ collection });
    const cpe = device('L');
    await e.handle(consumed(started(cpe.deviceId, 'old')));
    await e.handle(consumed(inform(cpe, 'old', basics)));
    await e.handle(consumed(started(cpe.deviceId, 'new')));
    await eventually('the lost session closed', () =>
      lostEnds.some((l) => l.event.data.deviceId === cpe.deviceId),
    );
    const lost = lostEnds.filter((l) => l.event.data.deviceId === cpe.deviceId);
    expect(lost.map((l) => l.id)).toEqual(['old:lost']);
    expect(lost[0]?.event).toMatchObject({
      type: 'SessionEnded',
      data: { sessionId: 'old', outcome: 'lost' },
    });

    await e.handle(consumed(inform(cpe, 'new', basics)));
    await e.handle(consumed(lost[0]!.event));
    expect((await projection(collection, cpe.deviceId))?.session?.id).toBe('new');
    // A session that ended normally is not closed again.
    await e.handle(
      consumed({
        type: 'SessionEnded',
        version: 1,
        data: {
          deviceId: cpe.deviceId,
          sessionId: 'new',
          sequence: 2,
          outcome: 'completed',
          rpcCount: 0,
          durationMs: 5,
          reason: null,
        },
      }),
    );
    await e.handle(consumed(started(cpe.deviceId, 'third')));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(lostEnds.filter((l) => l.event.data.deviceId === cpe.deviceId)).toHaveLength(1);
  }, 60_000);
});

describe('ProvisioningEngine: one device, two topics', () => {
  it('given an Inform and a task of the same device handled at once (partition p of both topics, as kafkajs runs them), then neither fold overwrites the other: the task and the Inform are both in the projection', async () => {
    const collection = uniqueName('devices').replaceAll('-', '_');
    // A slow store widens the window between a fold's load and its write, as a busy FerretDB does.
    const slow: DocumentStore = {
      collection: <T extends StoredDocument>(name: string): DocumentCollection<T> => {
        const real = store.collection<T>(name);
        return new Proxy(real, {
          get: (target, property) => {
            const value = Reflect.get(target, property) as unknown;
            if (property !== 'findOne' || typeof value !== 'function') return value;
            return async (...args: unknown[]) => {
              const found = (await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as T;
              await new Promise((resolve) => setTimeout(resolve, 100));
              return found;
            };
          },
        });
      },
      dropDatabase: () => store.dropDatabase(),
      close: () => Promise.resolve(),
    };
    const e = engine({ collection, documents: slow });
    const cpe = device('R');
    await e.handle(consumed(started(cpe.deviceId, 'r0')));
    await e.handle(consumed(inform(cpe, 'r0', basics)));
    const task: HeadendEvent = {
      type: 'TaskRequested',
      version: 1,
      data: {
        taskId: `task-${run}`,
        deviceId: cpe.deviceId,
        task: { name: 'reboot' },
        expiry: null,
        requestedBy: 'op',
      },
    };
    await Promise.all([e.handle(consumed(inform(cpe, 'r1', basics))), e.handle(consumed(task))]);
    const after = (await projection(collection, cpe.deviceId))!;
    expect(after.lastInform?.sessionId).toBe('r1');
    expect(after.tasks.map((t) => t.id)).toEqual([`task-${run}`]);
  }, 60_000);
});
