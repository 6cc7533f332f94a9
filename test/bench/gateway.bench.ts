/**
 * Gateway benchmark (not a test): the simulator drives periodic-Inform sessions (Inform,
 * InformResponse, empty POST, 204) against one cwmp-gateway with real Kafka and Redis, then, in the
 * same run, against the floor (floor-acs.ts: the same bytes plus the least Kafka and Redis I/O such a
 * session needs) and a bare node:http server that returns the same bytes with no work; it prints
 * sessions/s, latency, CPU per session of each server process and the ratios. Then it holds 1,000
 * sessions open and reports the gateway's RSS and Redis memory per live session and per idle device.
 *
 *   bash deploy/local/up.sh && npx tsx test/bench/gateway.bench.ts [--devices 300] [--seconds 30]
 *     [--warmup 30] [--held 1000] [--profile FILE] [--baseline DIR] [--skip-bare] [--json]
 *
 * Fairness: both servers get the same simulator (same seed, devices, intervals), the same HTTP
 * requests and response bytes (bare-acs.ts copies the gateway's headers and cookie length), and a
 * warm-up run that is not measured; CPU is the server process's own (utime + stime from /proc),
 * read right before and after the measured run. The "provisioning" here is an instant planner that
 * answers every Inform with "nothing to do"; load starts only once it answers at the log's head.
 * With --profile, the gateway writes a CPU profile of its measured run to FILE (.cpuprofile); the
 * profiler's own cost then shows in the gateway's numbers. With --baseline, a gateway run from another
 * checkout (e.g. `git worktree add /tmp/base HEAD`, with node_modules linked) is measured in the same
 * run, for before/after numbers taken under the same machine load.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readBackingServices } from '@headend/config';
import { coordinationKeys } from '@headend/ports';
import { serializeQueueItem } from '@headend/cwmp-session';
import { KafkaEventLog } from '@headend/kafka';
import { RedisCoordinationStore } from '@headend/redis';
import { startGatewayOnFreePorts } from '../system/harness/gateway-process.js';
import { startInstantPlanner } from '../system/harness/instant-planner.js';
import { ScriptedCpe } from '../system/harness/scripted-cpe.js';
import { cpuMs, cpuTimes, periodicFleet } from './proc.js';

const ROOT = resolve(import.meta.dirname, '../..');
const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${process.pid}`;
const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '30' },
    // The JIT needs about this long at ~150 sessions/s before the gateway's CPU per session settles.
    warmup: { type: 'string', default: '30' },
    held: { type: 'string', default: '1000' },
    profile: { type: 'string' },
    baseline: { type: 'string' },
    'skip-bare': { type: 'boolean', default: false },
    'skip-floor': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(
    [
      'npx tsx test/bench/gateway.bench.ts [options]',
      '  --devices N      simulated CPEs, each Informing every ~2 s (300)',
      '  --seconds S      measured run per server (30)',
      '  --warmup S       unmeasured run before it, so the JIT has settled (30)',
      '  --held N         sessions held open for the RSS and Redis memory figures; 0 skips it (1000)',
      '  --profile FILE   the gateway writes a CPU profile (.cpuprofile) of its measured run',
      '  --baseline DIR   also measure a gateway run from another checkout, e.g. the last commit',
      '  --skip-bare      do not measure the bare node:http server',
      '  --skip-floor     do not measure the floor server (bare + the least Kafka and Redis I/O)',
      '  --json           print the measurements as JSON',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
const DEVICES = Number(values.devices);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const HELD = Number(values.held);
const services = readBackingServices(process.env);
const redisPort = new URL(services.redis.url).port || '6379';

interface Summary {
  sessions: { ok: number; failed: number; perSecond: number };
  latencyMs: { session: { p50: number; p99: number } };
  failures: Record<string, number>;
}

/** How often the process's threads went to sleep and were woken (event-loop wake-ups, mostly). */
function wakeups(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
    total += Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return total;
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

function redisUsedBytes(): number {
  return Number(
    /used_memory:(\d+)/.exec(
      execFileSync('redis-cli', ['-p', redisPort, 'info', 'memory'], { encoding: 'utf8' }),
    )?.[1],
  );
}

function redisKeys(pattern: string): number {
  const out = execFileSync('redis-cli', ['-p', redisPort, '--scan', '--pattern', pattern], {
    encoding: 'utf8',
  }).trim();
  return out === '' ? 0 : out.split('\n').length;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const simulate = (acsUrl: string, seconds: number, seed: number) =>
  periodicFleet<Summary>(acsUrl, { devices: DEVICES, seconds, seed });

/** Warm-up (not measured), then the measured run with the server's CPU read around it. */
async function measure(
  acsUrl: string,
  pid: number,
  profiled = false,
): Promise<{ summary: Summary; cpuPerSession: number; systemShare: number; wakeupsPerSession: number }> {
  if (WARMUP > 0) await simulate(acsUrl, WARMUP, 7);
  await sleep(500);
  if (profiled) process.kill(pid, 'SIGUSR2');
  const before = cpuTimes(pid);
  const wokenBefore = wakeups(pid);
  const summary = await simulate(acsUrl, SECONDS, 11);
  const after = cpuTimes(pid);
  const woken = wakeups(pid) - wokenBefore;
  if (profiled) process.kill(pid, 'SIGUSR2');
  const user = after.user - before.user;
  const system = after.system - before.system;
  return {
    summary,
    cpuPerSession: (user + system) / summary.sessions.ok,
    systemShare: system / (user + system),
    wakeupsPerSession: woken / summary.sessions.ok,
  };
}

/** Starts one of the comparison servers (bare-acs.ts, floor-acs.ts) as its own process. */
async function startServer(script: string): Promise<{ port: number; pid: number; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', `test/bench/${script}`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((done) =>
    child.stdout.on('data', (chunk: Buffer) => done(Number(/listening (\d+)/.exec(chunk.toString())?.[1]))),
  );
  return { port, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

/**
 * Until the planner answers at the head of the log, a session would wait for its plan (a new
 * consumer group first joins, then catches up): load starts once a probe session ends with 204 fast.
 */
async function untilPlannerAnswers(port: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (let attempt = 0; ; attempt++) {
    const probe = new ScriptedCpe(
      `http://127.0.0.1:${port}/`,
      `${uniqueName('PROBE').replaceAll('-', '')}${attempt}`,
    );
    const started = Date.now();
    const informed = await probe.inform();
    const ended = informed.status === 200 ? await probe.send(null) : informed;
    if (ended.status === 204 && Date.now() - started < 1_000) return;
    if (Date.now() > deadline) throw new Error('the bench planner never answered');
    await sleep(200);
  }
}

const log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: 'bench' });
const redis = await RedisCoordinationStore.connect({ url: services.redis.url });
const profile = values.profile === undefined ? undefined : resolve(values.profile);
const GATEWAY_ENV = {
  HEADEND_AUTH: 'none',
  // Longer than a session may wait for the planner to catch up, so no session times out meanwhile.
  HEADEND_PLAN_TIMEOUT_MS: '30000',
  HEADEND_MAX_CONCURRENT_REQUESTS: '5000',
};
const gateway = await startGatewayOnFreePorts(
  { ...GATEWAY_ENV, ...(profile ? { BENCH_CPU_PROFILE: profile } : {}) },
  { nodeArgs: profile ? ['--import', resolve(import.meta.dirname, 'cpu-profile-on-signal.mjs')] : [] },
);
const gatewayPid = gateway.child.pid!;
await sleep(1_000);
const idleCpuStart = cpuMs(gatewayPid);
await sleep(5_000);
const idleCpuPerSecond = (cpuMs(gatewayPid) - idleCpuStart) / 5;

// 1. Sessions held open: each CPE has sent its Inform and its empty POST, and waits for a plan.
const tag = uniqueName('BENCH').replaceAll('-', '');
const rssBefore = rssMb(gatewayPid);
let held: string[] = [];
if (HELD > 0) {
  const redisBefore = redisUsedBytes();
  const cpes = Array.from(
    { length: HELD },
    (_, i) => new ScriptedCpe(`http://127.0.0.1:${gateway.port}/`, `${tag}${i}`),
  );
  for (let i = 0; i < cpes.length; i += 100)
    await Promise.all(cpes.slice(i, i + 100).map((cpe) => cpe.inform()));
  const waiting = cpes.map((cpe) => cpe.send(null));
  await sleep(2_000);
  const heldRss = rssMb(gatewayPid);
  const perLiveSession = (redisUsedBytes() - redisBefore) / HELD;
  const liveKeys = redisKeys(`*${tag}*`);
  for (const cpe of cpes) {
    await redis.enqueue(coordinationKeys.rpcQueue(cpe.deviceId), [serializeQueueItem({ kind: 'end' })]);
    await redis.publish(coordinationKeys.wakeup(cpe.deviceId), 'planned');
  }
  const ended = (await Promise.all(waiting)).filter((r) => r.status === 204).length;
  await sleep(500);
  const idleKeys = redisKeys(`*${tag}*`);
  const perIdleDevice = Math.max(0, redisUsedBytes() - redisBefore) / HELD;
  held = [
    `gateway RSS with ${HELD} sessions held open: ${heldRss.toFixed(0)} MB`,
    `Redis per live session: ${perLiveSession.toFixed(0)} bytes (${liveKeys} keys for ${HELD} sessions)`,
    `Redis per idle device after its session: ${perIdleDevice.toFixed(0)} bytes, ${idleKeys} keys left (${ended}/${HELD} sessions ended with 204)`,
  ];
}

// 2. Throughput and CPU: the gateway, the baseline gateway if asked, then the floor and the bare
// server, one at a time (the others stopped), with the same simulator settings.
type Measured = Awaited<ReturnType<typeof measure>> & { name: string; rss: number };
const rows: Measured[] = [];
const planner = await startInstantPlanner(log, redis, uniqueName('bench-planner'));
await untilPlannerAnswers(gateway.port);
rows.push({
  name: 'cwmp-gateway (Kafka + Redis)',
  ...(await measure(`http://127.0.0.1:${gateway.port}/`, gatewayPid, profile !== undefined)),
  rss: rssMb(gatewayPid),
});
await gateway.stop();
if (values.baseline !== undefined) {
  const baseline = await startGatewayOnFreePorts(GATEWAY_ENV, { root: resolve(values.baseline) });
  await untilPlannerAnswers(baseline.port);
  const pid = baseline.child.pid!;
  rows.push({
    name: `baseline (${values.baseline.split('/').at(-1)})`,
    ...(await measure(`http://127.0.0.1:${baseline.port}/`, pid)),
    rss: rssMb(pid),
  });
  await baseline.stop();
}
await planner.stop();
const comparisons = [
  { skip: values['skip-floor'], script: 'floor-acs.ts', name: 'floor: bare + least Kafka/Redis' },
  { skip: values['skip-bare'], script: 'bare-acs.ts', name: 'bare node:http, same bytes' },
];
for (const { skip, script, name } of comparisons) {
  if (skip) continue;
  const server = await startServer(script);
  rows.push({
    name,
    ...(await measure(`http://127.0.0.1:${server.port}/`, server.pid)),
    rss: rssMb(server.pid),
  });
  server.stop();
}
await Promise.all([log.close(), redis.close()]);
if (values.json) {
  console.log(JSON.stringify({ rows, idleCpuPerSecond }));
  process.exit(0);
}

const row = (m: Measured) =>
  `${m.name.padEnd(30)}${m.summary.sessions.perSecond.toFixed(0).padStart(8)}${m.summary.latencyMs.session.p50.toFixed(1).padStart(9)}${m.summary.latencyMs.session.p99.toFixed(1).padStart(9)}${(m.cpuPerSession * 1000).toFixed(0).padStart(13)}${(m.systemShare * 100).toFixed(0).padStart(6)}%${m.wakeupsPerSession.toFixed(1).padStart(9)}${m.rss.toFixed(0).padStart(8)}${String(m.summary.sessions.failed).padStart(8)}`;
console.log(
  `\n${DEVICES} simulated CPEs, periodic Informs every ~2 s, ${WARMUP} s warm-up + ${SECONDS} s measured per server (${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores shared by everything)`,
);
console.log(
  `${'server'.padEnd(30)}${'sess/s'.padStart(8)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'CPU us/sess'.padStart(13)}${'(sys)'.padStart(7)}${'wakeups'.padStart(9)}${'RSS MB'.padStart(8)}${'failed'.padStart(8)}`,
);
for (const measured of rows) console.log(row(measured));
const [viaGateway] = rows;
const viaBare = rows.find((r) => r.name.startsWith('bare'));
const viaFloor = rows.find((r) => r.name.startsWith('floor'));
if (viaGateway && viaBare) {
  console.log(
    `ratio gateway / bare, CPU per session: ${(viaGateway.cpuPerSession / viaBare.cpuPerSession).toFixed(2)}x (target <= 2x)`,
  );
  console.log(
    `ratio gateway / bare, sessions per second: ${(viaGateway.summary.sessions.perSecond / viaBare.summary.sessions.perSecond).toFixed(2)}`,
  );
}
if (viaGateway && viaFloor) {
  console.log(
    `ratio gateway / floor, CPU per session: ${(viaGateway.cpuPerSession / viaFloor.cpuPerSession).toFixed(2)}x`,
  );
  if (viaBare)
    console.log(
      `ratio floor / bare, CPU per session: ${(viaFloor.cpuPerSession / viaBare.cpuPerSession).toFixed(2)}x (what Kafka and Redis in the loop cost at least)`,
    );
}
console.log(
  `gateway idle: ${idleCpuPerSecond.toFixed(1)} ms CPU per second (included above), RSS ${rssBefore.toFixed(0)} MB`,
);
for (const line of held) console.log(line);
for (const measured of rows)
  if (Object.keys(measured.summary.failures).length > 0)
    console.log(`${measured.name} failures:`, measured.summary.failures);
