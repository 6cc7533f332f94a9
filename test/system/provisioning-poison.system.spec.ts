import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { eventually, uniqueName } from '@headend/contract-tests';
import type { HeadendEvent } from '@headend/events';
import { deviceIdOf, fromRecord, toRecord, TOPICS, topicSpecs } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';
import { MongoDocumentStore } from '@headend/mongo';
import type { Subscription } from '@headend/ports';
import type { StoredProjection } from '@headend/provisioning-planner';
import { fromStoredProjection } from '@headend/provisioning-planner';
import type { ProvisioningProcess } from './harness/provisioning-process.js';
import { startProvisioning } from './harness/provisioning-process.js';

/**
 * Issue 10, item 2, through the provisioning process itself: a poison record and a device whose
 * Informs add up past 16 MiB go through its consumer; it stays ready, sets the poison aside on
 * acs.dead-letters.v1, keeps folding, and after a SIGKILL starts again without stopping on either.
 */
const services = readBackingServices(process.env);
const run = uniqueName('poison').replace(/[^A-Za-z0-9]/g, '');
const env = {
  HEADEND_MONGO_DB: `headend_${run}`,
  HEADEND_PROVISIONING_GROUP: `provisioning-${run}`,
  HEADEND_PROVISIONING_START: 'latest',
  HEADEND_INSTANCE_ID: 'poison-test',
};
let log: KafkaEventLog;
let mongo: MongoDocumentStore;
let provisioning: ProvisioningProcess | undefined;
let letters: Subscription;
const deadLetters: string[] = [];

beforeAll(async () => {
  log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: `poison-${run}` });
  mongo = await MongoDocumentStore.connect({ url: services.mongo.url, database: env.HEADEND_MONGO_DB });
  await log.ensureTopics(topicSpecs(4));
  letters = await log.subscribe({
    groupId: `${run}-letters`,
    topics: [TOPICS.deadLetters],
    fromBeginning: false,
    handler: (record) => {
      const decoded = fromRecord(record);
      if (
        decoded.ok &&
        decoded.event.type === 'RecordDeadLettered' &&
        decoded.event.data.group === env.HEADEND_PROVISIONING_GROUP
      )
        deadLetters.push(`${decoded.event.data.reason} ${decoded.event.data.key}`);
      return Promise.resolve();
    },
  });
  provisioning = await startProvisioning(env);
}, 120_000);

afterAll(async () => {
  await provisioning?.stop();
  await letters?.stop();
  await mongo?.dropDatabase().catch(() => undefined);
  await Promise.allSettled([log?.close(), mongo?.close()]);
}, 60_000);

function inform(
  serial: string,
  sessionId: string,
  parameters: { name: string; value: string; type: string }[],
): HeadendEvent {
  const identity = {
    oui: '00D09E',
    productClass: 'BM632w',
    serialNumber: `${run}${serial}`,
    manufacturer: 'Test',
  };
  return {
    type: 'InformReceived',
    version: 1,
    data: {
      deviceId: deviceIdOf(identity),
      sessionId,
      sequence: 1,
      identity,
      events: [{ code: '2 PERIODIC', commandKey: '' }],
      maxEnvelopes: 1,
      currentTime: { raw: '2026-12-08T00:00:00Z', iso: '2026-12-08T00:00:00Z' },
      retryCount: 0,
      parameters,
    },
  };
}

const projection = async (serial: string) => {
  const id = deviceIdOf({ oui: '00D09E', productClass: 'BM632w', serialNumber: `${run}${serial}` });
  const stored = await mongo.collection<StoredProjection>('devices').findOne({ _id: id });
  return stored === null ? null : fromStoredProjection(stored);
};

async function readyz(): Promise<number> {
  return (await fetch(`http://127.0.0.1:${provisioning!.healthPort}/readyz`)).status;
}

describe('provisioning with a poison record and an oversized device', () => {
  it('given a poison record and six Informs of 60 x 60,000 characters, then the process stays ready, sets the poison aside, folds what follows, and restarts cleanly', async () => {
    const time = new Date().toISOString();
    const valid = toRecord(inform('P', 'p1', []), { time });
    await log.append([{ ...valid, value: new TextEncoder().encode('{not json') }]);
    for (let i = 0; i < 6; i++) {
      const blobs = Array.from({ length: 60 }, (_, k) => ({
        name: `InternetGatewayDevice.X_Blob.${i}.${k}`,
        value: 'z'.repeat(60_000),
        type: 'xsd:string',
      }));
      await log.append([toRecord(inform('A', `a${i}`, blobs), { time })]);
    }
    for (const serial of ['B', 'C', 'D', 'E'])
      await log.append([toRecord(inform(serial, 'n1', []), { time })]);

    await eventually(
      'the oversized device folded',
      async () => (await projection('A'))?.lastInform?.sessionId === 'a5',
      90_000,
    );
    for (const serial of ['B', 'C', 'D', 'E']) {
      await eventually(`device ${serial}`, async () => (await projection(serial)) !== null, 30_000);
    }
    await eventually('the poison set aside', () => deadLetters.length > 0, 30_000);
    expect(deadLetters[0]).toMatch(/^undecodable /);
    expect(await readyz()).toBe(200);
    const cuts = new Set((await projection('A'))!.recordFaults.map((f) => f.reason));
    expect([...cuts]).toEqual(['value-truncated']);

    // A crash and a restart: the group resumes where it was committed, nothing stops it.
    await provisioning!.kill();
    provisioning = await startProvisioning(env);
    await log.append([toRecord(inform('F', 'f1', []), { time: new Date().toISOString() })]);
    await eventually('a record after the restart', async () => (await projection('F')) !== null, 60_000);
    expect(await readyz()).toBe(200);
    expect(provisioning.child.exitCode).toBeNull();
    expect(provisioning.output()).not.toMatch(/"level":"(error|fatal)"/);
  }, 300_000);
});
