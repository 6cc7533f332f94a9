import { parseArgs } from 'node:util';
import { readBackingServices } from '@headend/config';
import { fromRecord, TOPICS } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';
import type { ConsumedRecord } from '@headend/ports';
import { MongoDocumentStore } from '@headend/mongo';
import { readProvisioningConfig } from './config.js';
import {
  CommandMerge,
  Configuration,
  DEVICES,
  ProvisioningEngine,
  subscribeCaughtUp,
} from '@headend/provisioning-engine';

const USAGE = `provisioning rebuild: folds every device projection again from Kafka

Usage: npx tsx apps/provisioning/src/rebuild.ts [--collection NAME] [--known-only]

  --collection NAME   where the rebuilt projections go; it is emptied first   (devices_rebuild)
                      (--collection ${DEVICES} replaces the live projections: stop provisioning first)
  --known-only        rebuild only the devices that have a live projection now (the others' records
                      are read and skipped)

Reads the configuration topic, then acs.commands.v1 and cwmp.device-events.v1 from their oldest
record to their end as of the start, with the same planner and presets as the live service but no
effects (no RPC queued, no task event written). A device's commands are folded among its events in
timestamp order, as they were live; the commands wait in memory meanwhile. Prints a JSON summary on
stdout.
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      collection: { type: 'string', default: 'devices_rebuild' },
      'known-only': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const collection = values.collection;
  if (!/^[A-Za-z0-9_]{1,64}$/.test(collection)) throw new Error('--collection: letters, digits and _ only');
  const config = readProvisioningConfig(process.env);
  const services = readBackingServices(process.env);
  const started = Date.now();
  const events = await KafkaEventLog.connect({
    brokers: services.kafka.brokers,
    clientId: 'provisioning-rebuild',
  });
  const documents = await MongoDocumentStore.connect({
    url: services.mongo.url,
    database: services.mongo.database,
    appName: 'provisioning-rebuild',
  });
  try {
    const run = `rebuild-${started.toString(36)}`;
    const configuration = new Configuration();
    const configSubscription = await subscribeCaughtUp(events, {
      groupId: `${run}-config`,
      topics: [TOPICS.configEvents],
      handler: (record) => {
        const decoded = fromRecord(record);
        if (decoded.ok) configuration.apply(decoded.event);
        return Promise.resolve();
      },
    });
    await configSubscription.stop();
    const known = values['known-only']
      ? new Set((await documents.collection(DEVICES).find({})).map((d) => d._id))
      : null;
    await documents.collection(collection).deleteMany({});
    const engine = new ProvisioningEngine(documents, null, null, configuration, {
      policy: config.policy,
      queueTtlMs: config.queueTtlMs,
      effects: false,
      collection,
      cacheEntries: config.cacheEntries,
      limits: config.limits,
      group: run,
    });
    let records = 0;
    const fold = async (record: ConsumedRecord): Promise<void> => {
      records += 1;
      await engine.handle(record);
    };
    const commands = new CommandMerge();
    const commandSubscription = await subscribeCaughtUp(events, {
      groupId: `${run}-commands`,
      topics: [TOPICS.commands],
      handler: (record) => {
        if (known === null || known.has(record.key)) commands.add(record);
        return Promise.resolve();
      },
    });
    await commandSubscription.stop();
    const deviceSubscription = await subscribeCaughtUp(events, {
      groupId: `${run}-devices`,
      topics: [TOPICS.deviceEvents],
      handler: async (record) => {
        if (known !== null && !known.has(record.key)) return;
        for (const command of commands.takeUntil(record.key, record.timestamp)) await fold(command);
        await fold(record);
      },
    });
    await deviceSubscription.stop();
    for (const command of commands.takeRest()) await fold(command);
    const devices = await documents.collection(collection).count({});
    process.stdout.write(
      `${JSON.stringify({ collection, records, devices, presets: configuration.presets.length, seconds: (Date.now() - started) / 1000 })}\n`,
    );
  } finally {
    await Promise.allSettled([events.close(), documents.close()]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', msg: 'rebuild failed', error: String(error) })}\n`,
  );
  process.exit(1);
});
