/**
 * Benchmark (not a test): records per second through the provisioning engine with real Kafka (the
 * records are appended and consumed) and the MongoDB-wire server (a projection read and written per
 * record), against the planner alone on the same records in the same run (the baseline).
 *
 *   npx tsx test/bench/provisioning.bench.ts [devices=200] [sessions=5]
 *
 * Each device opens `sessions` periodic sessions of SessionStarted, InformReceived, SessionEnded: the
 * fast path of a device with nothing to do (one provisioning round, "end of plan").
 */
import { readBackingServices } from '@headend/config';

import type { DeviceEvent } from '@headend/events';
import { toRecord, topicSpecs, TOPICS } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';
import { MongoDocumentStore } from '@headend/mongo';
import type { DeviceProjection } from '@headend/provisioning-planner';
import { decide, DEFAULT_LIMITS, DEFAULT_POLICY } from '@headend/provisioning-planner';
import { Configuration, ProvisioningEngine } from '@headend/provisioning-engine';

const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}`;
const devices = Number(process.argv[2] ?? 200);
const sessions = Number(process.argv[3] ?? 5);
const services = readBackingServices(process.env);

function sessionEvents(device: number, session: number): DeviceEvent[] {
  const serial = `BENCH${device}`;
  const deviceId = `000000-BENCH-${serial}`;
  const sessionId = `b${device}-${session}`;
  const place = (sequence: number) => ({ deviceId, sessionId, sequence });
  const now = { raw: '2026-11-22T00:00:00Z', iso: '2026-11-22T00:00:00Z' };
  return [
    {
      type: 'SessionStarted',
      version: 1,
      data: { ...place(0), cwmpVersion: '1.0', authentication: 'digest', tls: false },
    },
    {
      type: 'InformReceived',
      version: 1,
      data: {
        ...place(1),
        identity: { oui: '000000', productClass: 'BENCH', serialNumber: serial, manufacturer: 'Headend' },
        events: [{ code: session === 0 ? '0 BOOTSTRAP' : '2 PERIODIC', commandKey: '' }],
        maxEnvelopes: 1,
        currentTime: now,
        retryCount: 0,
        parameters: [
          { name: 'Device.DeviceInfo.SoftwareVersion', value: '1.0', type: 'xsd:string' },
          {
            name: 'Device.ManagementServer.ConnectionRequestURL',
            value: 'http://192.0.2.1:7547/',
            type: 'xsd:string',
          },
        ],
      },
    },
    {
      type: 'SessionEnded',
      version: 1,
      data: { ...place(2), outcome: 'completed', rpcCount: 0, durationMs: 5, reason: null },
    },
  ];
}

async function main(): Promise<void> {
  const log = await KafkaEventLog.connect({
    brokers: services.kafka.brokers,
    clientId: 'provisioning-bench',
  });
  const database = uniqueName('bench').replace(/[^A-Za-z0-9_]/g, '_');
  const mongo = await MongoDocumentStore.connect({ url: services.mongo.url, database });
  const topic = uniqueName('bench-device-events');
  await log.ensureTopics([{ ...topicSpecs(4).find((t) => t.name === TOPICS.deviceEvents)!, name: topic }]);
  const events = Array.from({ length: sessions }, (_, s) =>
    Array.from({ length: devices }, (_, d) => sessionEvents(d, s)).flat(),
  ).flat();
  const time = new Date().toISOString();
  await log.append(events.map((e) => ({ ...toRecord(e, { time }), topic })));

  // Baseline: the planner alone, projections in a Map.
  const policy = DEFAULT_POLICY;
  const projections = new Map<string, DeviceProjection | null>();
  let started = performance.now();
  for (const event of events) {
    const id = event.data.deviceId;
    const decision = decide(projections.get(id) ?? null, { kind: 'device', event }, null, {
      now: Date.now(),
      presets: [],
      files: new Map(),
      policy,
    });
    projections.set(id, decision.projection);
  }
  const plannerSeconds = (performance.now() - started) / 1000;

  // The engine: Kafka in, MongoDB projections, no Redis (no live sessions to plan for).
  const engine = new ProvisioningEngine(mongo, null, null, new Configuration(), {
    policy,
    queueTtlMs: 60_000,
    effects: false,
    collection: 'devices',
    cacheEntries: Number(process.env['HEADEND_PROJECTION_CACHE_ENTRIES'] ?? 20_000),
    limits: DEFAULT_LIMITS,
    group: 'bench',
  });
  let handled = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));
  const cpuBefore = process.cpuUsage();
  started = performance.now();
  const subscription = await log.subscribe({
    groupId: uniqueName('bench'),
    topics: [topic],
    fromBeginning: true,
    concurrency: 4,
    handler: async (record) => {
      await engine.handle({ ...record, topic: TOPICS.deviceEvents });
      handled += 1;
      if (handled === events.length) finish();
    },
  });
  await done;
  const engineSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await subscription.stop();
  await mongo.dropDatabase();
  await Promise.all([log.close(), mongo.close()]);

  const perSecond = (n: number, s: number) => Math.round(n / s);
  process.stdout.write(
    `${JSON.stringify(
      {
        devices,
        sessions,
        records: events.length,
        planner: { recordsPerSecond: perSecond(events.length, plannerSeconds) },
        engine: {
          recordsPerSecond: perSecond(events.length, engineSeconds),
          sessionsPerSecond: perSecond(devices * sessions, engineSeconds),
          processCpuMsPerSession: Number(((cpu.user + cpu.system) / 1000 / (devices * sessions)).toFixed(2)),
        },
        ratio: Number((plannerSeconds / engineSeconds).toFixed(3)),
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
