/**
 * Boot-storm benchmark (not a test): a fleet of simulated CPEs boots for the first time against one
 * cwmp-gateway and one provisioning process, on real Kafka, Redis and the MongoDB-wire server, while a
 * preset asks each device for three writes it can only plan after discovering and reading the paths.
 * It prints the time until every device has converged, the sessions that failed, the RPCs it took,
 * and the CPU per session of the gateway and of provisioning. The baseline, measured in the same run:
 * the same events folded by the planner alone, in this process, with the projections in a Map; the
 * ratio says what Kafka, Redis and the MongoDB-wire server cost provisioning on top of its logic.
 *
 *   bash deploy/local/up.sh && npx tsx test/bench/boot-storm.bench.ts [--devices 10000]
 *     [--storm-seconds 120] [--timeout 3600] [--concurrency 8] [--profile DIR] [--json]
 *
 * A device has converged when a session of it ended "completed" after its SetParameterValues was
 * answered; the bench then reads every projection back and checks the three values are in it.
 * Run it on a quiet machine: the simulator, both apps and the three servers share the cores.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readBackingServices } from '@headend/config';
import type { DeviceEvent, HeadendEvent } from '@headend/events';
import { fromRecord, toRecord, TOPICS, topicSpecs } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';
import { MongoDocumentStore } from '@headend/mongo';
import { Configuration } from '@headend/provisioning-engine';
import type { DeviceProjection, StoredProjection } from '@headend/provisioning-planner';
import { decide, DEFAULT_POLICY, fromStoredProjection } from '@headend/provisioning-planner';
import { startGatewayOnFreePorts, TEST_DERIVE_SECRET } from '../system/harness/gateway-process.js';
import { deleteLeftoverPresets } from '../system/harness/leftover-presets.js';
import { startProvisioning } from '../system/harness/provisioning-process.js';
import { cpuMs, histogramOf, machineCpuMs, meanMs } from './proc.js';

const ROOT = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '10000' },
    'storm-seconds': { type: 'string', default: '120' },
    timeout: { type: 'string', default: '3600' },
    concurrency: { type: 'string', default: '8' },
    profile: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(
    [
      'npx tsx test/bench/boot-storm.bench.ts [options]',
      '  --devices N          simulated CPEs (BM632w, TR-098), all booting for the first time (10000)',
      '  --storm-seconds S    they first boot within S seconds (120)',
      '  --timeout S          give up when not converged after S seconds (3600)',
      '  --concurrency N      partitions provisioning folds at once (8)',
      '  --profile DIR        gateway.cpuprofile and provisioning.cpuprofile of the storm, written to DIR',
      '  --json               print the measurements as JSON only',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
const DEVICES = Number(args.devices);
const STORM_SECONDS = Number(args['storm-seconds']);
const TIMEOUT_MS = Number(args.timeout) * 1000;
const services = readBackingServices(process.env);
const run = `storm${Date.now().toString(36)}`;

const SSID = 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID';
const INTERVAL = 'InternetGatewayDevice.ManagementServer.PeriodicInformInterval';
const PROVISIONING_CODE = 'InternetGatewayDevice.DeviceInfo.ProvisioningCode';
const WANTED: ReadonlyArray<readonly [string, string]> = [
  [SSID, `headend-${run}`],
  [INTERVAL, '86400'],
  [PROVISIONING_CODE, run],
];

const presetSaved: HeadendEvent = {
  type: 'PresetSaved',
  version: 1,
  data: {
    presetId: run,
    revision: 1,
    name: 'boot storm',
    definition: {
      precondition: { 'DeviceID.ProductClass': 'BM632w' },
      configurations: [
        { kind: 'value', path: SSID, value: `headend-${run}` },
        { kind: 'value', path: INTERVAL, value: 86_400 },
        { kind: 'value', path: PROVISIONING_CODE, value: run },
      ],
    },
  },
};

/** The local servers' pids (deploy/local), to report their CPU too; none when run elsewhere. */
function backingPids(): Record<string, number> {
  const dir = process.env['HEADEND_LOCAL_DIR'] ?? resolve(ROOT, '.local');
  const pids: Record<string, number> = {};
  for (const name of ['kafka', 'redis', 'ferretdb']) {
    try {
      pids[name] = Number(readFileSync(resolve(dir, name, `${name}.pid`), 'utf8').trim());
    } catch {
      // not started by deploy/local: not measured
    }
  }
  return pids;
}

/** What the bench learns from the device events, device by device. */
class StormWatch {
  readonly events = new Map<string, DeviceEvent[]>();
  readonly converged = new Set<string>();
  readonly outcomes = new Map<string, number>();
  readonly rpcs = new Map<string, number>();
  readonly faults = new Map<string, number>();
  sessions = 0;
  private readonly written = new Map<string, string>();

  see(event: DeviceEvent): void {
    const device = event.data.deviceId;
    const list = this.events.get(device);
    if (list === undefined) this.events.set(device, [event]);
    else list.push(event);
    const session = `${device} ${event.data.sessionId}`;
    switch (event.type) {
      case 'SessionStarted':
        this.sessions += 1;
        break;
      case 'RpcSent':
        count(this.rpcs, event.data.request.method);
        if (event.data.request.method === 'SetParameterValues') this.written.set(session, event.data.rpcId);
        break;
      case 'RpcResponded':
        if (this.written.get(session) === event.data.rpcId) this.written.set(session, 'answered');
        break;
      case 'RpcFaulted':
        count(this.faults, `${event.data.method} ${event.data.faultCode}`);
        break;
      case 'SessionEnded':
        count(this.outcomes, event.data.outcome);
        if (event.data.outcome === 'completed' && this.written.get(session) === 'answered')
          this.converged.add(device);
        this.written.delete(session);
        break;
      default:
        break;
    }
  }
}

function describe(event: DeviceEvent): string {
  if (event.type === 'RpcSent') return `RpcSent ${event.data.request.method}`;
  if (event.type === 'RpcFaulted') return `RpcFaulted ${event.data.faultCode}`;
  if (event.type === 'SessionEnded') return `SessionEnded ${event.data.outcome} ${event.data.reason ?? ''}`;
  return event.type;
}

/** The mean of a histogram (all its series), from /metrics. */
async function meanOf(port: number, histogram: string): Promise<{ count: number; meanMs: number }> {
  const { sum, count } = await histogramOf(port, histogram);
  return { count, meanMs: meanMs(sum, count) };
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

const say = (line: string) => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

async function main(): Promise<void> {
  const log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: 'boot-storm-bench' });
  const database = `headend_${run}`;
  const mongo = await MongoDocumentStore.connect({ url: services.mongo.url, database });
  await log.ensureTopics(topicSpecs(4));
  const time = () => new Date().toISOString();
  await deleteLeftoverPresets(log, /^storm/);
  await log.append([toRecord(presetSaved, { time: time() })]);

  const watch = new StormWatch();
  const tap = await log.subscribe({
    groupId: `${run}-tap`,
    topics: [TOPICS.deviceEvents],
    fromBeginning: false,
    handler: (record) => {
      const decoded = fromRecord(record);
      // The fleet's events only: the topic is shared with whatever else runs on this Kafka.
      if (decoded.ok && record.key.includes('-BM632w-')) watch.see(decoded.event as DeviceEvent);
      return Promise.resolve();
    },
  });
  // With --profile, each app preloads the profiler and profiles between two SIGUSR2 (the storm).
  const profiled = (name: string): { env: Record<string, string>; nodeArgs: string[] } =>
    args.profile === undefined
      ? { env: {}, nodeArgs: [] }
      : {
          env: { BENCH_CPU_PROFILE: resolve(args.profile, `${name}.cpuprofile`) },
          nodeArgs: ['--import', resolve(import.meta.dirname, 'cpu-profile-on-signal.mjs')],
        };
  const provisioning = await startProvisioning(
    {
      HEADEND_MONGO_DB: database,
      HEADEND_PROVISIONING_GROUP: `provisioning-${run}`,
      HEADEND_PROVISIONING_START: 'latest',
      HEADEND_PROVISIONING_CONCURRENCY: args.concurrency,
      HEADEND_INSTANCE_ID: 'boot-storm',
      ...profiled('provisioning').env,
    },
    { nodeArgs: profiled('provisioning').nodeArgs },
  );
  const gateway = await startGatewayOnFreePorts(
    { HEADEND_PLAN_TIMEOUT_MS: '30000', ...profiled('gateway').env },
    { nodeArgs: profiled('gateway').nodeArgs },
  );
  const toggleProfiles = () => {
    if (args.profile === undefined) return;
    for (const app of [gateway, provisioning]) app.child.kill('SIGUSR2');
  };
  toggleProfiles();
  const pids: Record<string, number> = {
    gateway: gateway.child.pid!,
    provisioning: provisioning.child.pid!,
    ...backingPids(),
  };
  const cpuBefore = new Map(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const machineBefore = machineCpuMs();
  const started = performance.now();
  const sim = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'apps/cpe-sim/src/main.ts',
      ...['--acs-url', `http://127.0.0.1:${gateway.port}/`],
      ...['--devices', String(DEVICES), '--models', 'bm632w'],
      ...['--storm-seconds', String(STORM_SECONDS), '--interval', '3600'],
      ...['--derive-secret', TEST_DERIVE_SECRET, '--progress-seconds', '0', '--seed', '7'],
      ...['--timeout', '120000'],
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let simOutput = '';
  sim.stdout.on('data', (chunk: Buffer) => (simOutput += chunk.toString()));
  const simExited = new Promise<void>((done) => sim.once('exit', () => done()));

  let lastSay = 0;
  while (watch.converged.size < DEVICES && performance.now() - started < TIMEOUT_MS) {
    if (sim.exitCode !== null) throw new Error(`the simulator exited early (${sim.exitCode})`);
    await new Promise((r) => setTimeout(r, 500));
    if (performance.now() - lastSay > 10_000) {
      lastSay = performance.now();
      const seconds = Math.round((lastSay - started) / 1000);
      say(
        `${seconds} s: ${watch.events.size} devices seen, ${watch.sessions} sessions, ${watch.converged.size} converged`,
      );
      const pending = [...watch.events].find(([device]) => !watch.converged.has(device));
      if (process.env['HEADEND_BENCH_VERBOSE'] && pending !== undefined) {
        say(`  e.g. ${pending[0]}: ${pending[1].map((e) => describe(e)).join(', ')}`);
      }
    }
  }
  const convergeSeconds = (performance.now() - started) / 1000;
  toggleProfiles();
  const cpu = new Map(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid) - cpuBefore.get(name)!]));
  const machine = machineCpuMs() - machineBefore;
  sim.kill('SIGINT');
  await simExited;
  const simSummary = JSON.parse(simOutput) as {
    sessions: { ok: number; failed: number };
    failures: Record<string, number>;
    latencyMs: { session: { p50: number; p99: number } };
  };

  // Every projection holds the three values (provisioning may still be folding the last events).
  const holdingNow = async () => {
    const projections = (await mongo.collection<StoredProjection>('devices').find({})).map(
      fromStoredProjection,
    );
    const holds = projections.filter((d) =>
      WANTED.every(([path, value]) => d.parameters.find((p) => p.path === path)?.value === value),
    );
    const other = projections.find((d) => !holds.includes(d));
    if (process.env['HEADEND_BENCH_VERBOSE'] && other !== undefined) {
      const seen = WANTED.map(([path]) => other.parameters.find((p) => p.path === path)?.value);
      say(
        `${projections.length} projections, ${holds.length} hold the values; ${other._id}: ${seen.join(', ')}`,
      );
    }
    return holds.length;
  };
  let holding = await holdingNow();
  for (let i = 0; i < 30 && holding < DEVICES; i += 1) {
    await new Promise((r) => setTimeout(r, 2_000));
    holding = await holdingNow();
  }
  const foldSeconds = await meanOf(provisioning.healthPort, 'headend_provisioning_fold_duration_seconds');
  const planWaitSeconds = await meanOf(gateway.healthPort, 'headend_cwmp_plan_wait_seconds');

  // The baseline: the same device events through the planner alone.
  const configuration = new Configuration();
  configuration.apply(presetSaved);
  const ctx = { presets: configuration.presets, files: configuration.files, policy: DEFAULT_POLICY };
  const replay = [...watch.events.values()];
  const plannerStarted = process.cpuUsage();
  for (const events of replay) {
    let projection: DeviceProjection | null = null;
    for (const event of events) {
      projection = decide(projection, { kind: 'device', event }, null, {
        ...ctx,
        now: Date.now(),
      }).projection;
    }
  }
  const plannerCpu = process.cpuUsage(plannerStarted);
  const plannerMs = (plannerCpu.user + plannerCpu.system) / 1000;

  await log.append([
    toRecord({ type: 'PresetDeleted', version: 1, data: { presetId: run, revision: 2 } }, { time: time() }),
  ]);
  await Promise.all([gateway.stop(), provisioning.stop(), tap.stop()]);
  await mongo.dropDatabase();
  await Promise.all([log.close(), mongo.close()]);

  const perSession = (ms: number) => Number((ms / Math.max(1, watch.sessions)).toFixed(2));
  const result = {
    devices: DEVICES,
    stormSeconds: STORM_SECONDS,
    converged: watch.converged.size,
    convergeSeconds: Number(convergeSeconds.toFixed(1)),
    projectionsHoldingTheValues: holding,
    sessions: {
      total: watch.sessions,
      byOutcome: Object.fromEntries(watch.outcomes),
      simulatorOk: simSummary.sessions.ok,
      simulatorFailed: simSummary.sessions.failed,
      simulatorFailures: simSummary.failures,
      latencyMs: simSummary.latencyMs.session,
    },
    rpcsSent: Object.fromEntries(watch.rpcs),
    rpcsPerDevice: Number(([...watch.rpcs.values()].reduce((a, b) => a + b, 0) / DEVICES).toFixed(2)),
    faults: Object.fromEntries(watch.faults),
    cpuMsPerSession: {
      ...Object.fromEntries([...cpu].map(([name, ms]) => [name, perSession(ms)])),
      wholeMachine: perSession(machine),
      plannerAlone: perSession(plannerMs),
    },
    machineBusy: Number((machine / (convergeSeconds * 1000 * availableParallelism())).toFixed(2)),
    provisioningFolds: foldSeconds,
    gatewayPlanWaits: planWaitSeconds,
    provisioningOverPlanner: Number((cpu.get('provisioning')! / Math.max(1, plannerMs)).toFixed(1)),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (watch.converged.size < DEVICES || holding < DEVICES) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
