/**
 * Fast-path benchmark (not a test): what one provisioning round adds to a periodic session of a
 * device with nothing to do. The simulator drives periodic-Inform sessions (Inform, InformResponse,
 * empty POST, 204) against one cwmp-gateway on real Kafka and Redis, twice in the same run:
 *
 *   baseline     an instant planner answers each InformReceived with "nothing to do", no projection
 *   provisioning the provisioning service folds the session into the device's projection (MongoDB-wire
 *                server), evaluates the presets and tasks, and answers "nothing to do"
 *
 * Both runs register the devices first (their BOOTSTRAP sessions are not measured), then measure the
 * periodic sessions that follow. It prints session latency, the gateway's wait for the plan
 * (headend_cwmp_plan_wait_seconds) and the difference between the two runs.
 *
 *   bash deploy/local/up.sh && npx tsx test/bench/fast-path.bench.ts [--devices 100] [--seconds 30] [--json]
 */
import { parseArgs } from 'node:util';
import { readBackingServices } from '@headend/config';
import { TOPICS, topicSpecs } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';
import { MongoDocumentStore } from '@headend/mongo';
import { RedisCoordinationStore } from '@headend/redis';
import type { GatewayProcess } from '../system/harness/gateway-process.js';
import { startGatewayOnFreePorts } from '../system/harness/gateway-process.js';
import { startInstantPlanner } from '../system/harness/instant-planner.js';
import { startProvisioning } from '../system/harness/provisioning-process.js';
import { histogramOf, meanMs, periodicFleet } from './proc.js';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(
    [
      'npx tsx test/bench/fast-path.bench.ts [options]',
      '  --devices N   simulated CPEs, each Informing every ~2 s (100)',
      '  --seconds S   measured run per planner, after the devices registered (30)',
      '  --json        print the measurements as JSON only',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
const DEVICES = Number(args.devices);
const SECONDS = Number(args.seconds);
const services = readBackingServices(process.env);
const run = `fast${Date.now().toString(36)}`;
const say = (line: string) => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

interface Summary {
  sessions: { ok: number; failed: number; perSecond: number };
  latencyMs: { session: { p50: number; p90: number; p99: number } };
  informEvents: Record<string, number>;
}

const planWait = (gateway: GatewayProcess) =>
  histogramOf(gateway.healthPort, 'headend_cwmp_plan_wait_seconds');

/** Registers the fleet (unmeasured), then measures its periodic sessions. */
async function measure(gateway: GatewayProcess, seed: number) {
  const url = `http://127.0.0.1:${gateway.port}/`;
  const warmup = await periodicFleet<Summary>(url, { devices: DEVICES, seconds: 10, seed });
  if (warmup.sessions.failed > 0) throw new Error(`${warmup.sessions.failed} sessions failed in the warm-up`);
  const before = await planWait(gateway);
  const summary = await periodicFleet<Summary>(url, { devices: DEVICES, seconds: SECONDS, seed });
  const after = await planWait(gateway);
  const waits = after.count - before.count;
  return {
    sessions: summary.sessions.ok,
    failed: summary.sessions.failed,
    periodic: summary.informEvents['2 PERIODIC'] ?? 0,
    sessionMs: summary.latencyMs.session,
    planWaitMeanMs: meanMs(after.sum - before.sum, waits),
  };
}

async function main(): Promise<void> {
  const log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: 'fast-path-bench' });
  const redis = await RedisCoordinationStore.connect({ url: services.redis.url });
  const database = `headend_${run}`;
  const mongo = await MongoDocumentStore.connect({ url: services.mongo.url, database });
  await log.ensureTopics(topicSpecs(4).filter((t) => t.name === TOPICS.deviceEvents));
  const gateway = await startGatewayOnFreePorts({ HEADEND_AUTH: 'none', HEADEND_PLAN_TIMEOUT_MS: '30000' });
  try {
    say(`baseline: the instant planner, ${DEVICES} devices ...`);
    const planner = await startInstantPlanner(log, redis, `${run}-instant`);
    const baseline = await measure(gateway, 3);
    await planner.stop();

    say('provisioning ...');
    const provisioning = await startProvisioning({
      HEADEND_MONGO_DB: database,
      HEADEND_PROVISIONING_GROUP: `provisioning-${run}`,
      HEADEND_PROVISIONING_START: 'latest',
      HEADEND_INSTANCE_ID: 'fast-path',
    });
    // Another fleet (seed): its devices are new to provisioning and register in its warm-up.
    const provisioned = await measure(gateway, 5);
    const projections = await mongo.collection('devices').count({});
    const folds = await histogramOf(provisioning.healthPort, 'headend_provisioning_fold_duration_seconds');
    await provisioning.stop();

    const result = {
      devices: DEVICES,
      seconds: SECONDS,
      baseline,
      provisioning: {
        ...provisioned,
        projections,
        folds: folds.count,
        foldMeanMs: meanMs(folds.sum, folds.count),
      },
      addedByProvisioningMs: {
        sessionP50: Number((provisioned.sessionMs.p50 - baseline.sessionMs.p50).toFixed(2)),
        sessionP99: Number((provisioned.sessionMs.p99 - baseline.sessionMs.p99).toFixed(2)),
        planWaitMean: Number((provisioned.planWaitMeanMs - baseline.planWaitMeanMs).toFixed(2)),
      },
      ratioP50: Number((provisioned.sessionMs.p50 / baseline.sessionMs.p50).toFixed(2)),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (provisioned.failed > 0 || baseline.failed > 0 || projections < DEVICES) process.exitCode = 1;
  } finally {
    await gateway.stop();
    await mongo.dropDatabase().catch(() => undefined);
    await Promise.all([log.close(), redis.close(), mongo.close()]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
