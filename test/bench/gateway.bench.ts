/**
 * Gateway benchmark (not a test): the simulator drives periodic-Inform sessions (Inform,
 * InformResponse, empty POST, 204) against one cwmp-gateway with real Kafka and Redis, then, in the
 * same run, against a bare node:http server that returns the same bytes with no work; it prints
 * sessions/s, latency, CPU per session of each server process and the ratio. Then it holds 1,000
 * sessions open and reports the gateway's RSS and Redis memory per live session and per idle device.
 *
 *   bash deploy/local/up.sh && npx tsx test/bench/gateway.bench.ts [--devices 300] [--seconds 30]
 *
 * The "provisioning" here is an instant planner that answers every Inform with "nothing to do".
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

const ROOT = resolve(import.meta.dirname, '../..');
const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${process.pid}`;
const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '30' },
    held: { type: 'string', default: '1000' },
  },
});
const DEVICES = Number(values.devices);
const SECONDS = Number(values.seconds);
const HELD = Number(values.held);
const services = readBackingServices(process.env);
const redisPort = new URL(services.redis.url).port || '6379';

interface Summary {
  sessions: { ok: number; failed: number; perSecond: number };
  latencyMs: { session: { p50: number; p99: number } };
  failures: Record<string, number>;
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return (ticks * 1000) / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
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

function simulate(acsUrl: string, seed: number): Promise<Summary> {
  return new Promise((done, fail) => {
    const args = [
      '--acs-url',
      acsUrl,
      '--devices',
      String(DEVICES),
      '--interval',
      '2',
      '--jitter',
      '0.5',
      '--storm-seconds',
      '2',
      '--duration',
      String(SECONDS),
      '--progress-seconds',
      '0',
      '--seed',
      String(seed),
      '--models',
      'huawei-eg8145v5',
    ];
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cpe-sim/src/main.ts', ...args], {
      cwd: ROOT,
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) =>
      code === 0
        ? done(JSON.parse(out.slice(out.indexOf('{'))) as Summary)
        : fail(new Error(`cpe-sim exited ${code}`)),
    );
  });
}

async function startBare(): Promise<{ port: number; pid: number; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/bare-acs.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((done) =>
    child.stdout.on('data', (chunk: Buffer) => done(Number(/listening (\d+)/.exec(chunk.toString())?.[1]))),
  );
  return { port, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

const log = await KafkaEventLog.connect({ brokers: services.kafka.brokers, clientId: 'bench' });
const redis = await RedisCoordinationStore.connect({ url: services.redis.url });
const gateway = await startGatewayOnFreePorts({
  HEADEND_AUTH: 'none',
  HEADEND_PLAN_TIMEOUT_MS: '30000',
  HEADEND_MAX_CONCURRENT_REQUESTS: '5000',
});
const gatewayPid = gateway.child.pid!;

// 1. Sessions held open: each CPE has sent its Inform and its empty POST, and waits for a plan.
const tag = uniqueName('BENCH').replaceAll('-', '');
const rssBefore = rssMb(gatewayPid);
const redisBefore = redisUsedBytes();
const cpes = Array.from(
  { length: HELD },
  (_, i) => new ScriptedCpe(`http://127.0.0.1:${gateway.port}/`, `${tag}${i}`),
);
for (let i = 0; i < cpes.length; i += 100)
  await Promise.all(cpes.slice(i, i + 100).map((cpe) => cpe.inform()));
const waiting = cpes.map((cpe) => cpe.send(null));
await new Promise((r) => setTimeout(r, 2_000));
const heldRss = rssMb(gatewayPid);
const perLiveSession = (redisUsedBytes() - redisBefore) / HELD;
const liveKeys = redisKeys(`*${tag}*`);
for (const cpe of cpes) {
  await redis.enqueue(coordinationKeys.rpcQueue(cpe.deviceId), [serializeQueueItem({ kind: 'end' })]);
  await redis.publish(coordinationKeys.wakeup(cpe.deviceId), 'planned');
}
const ended = (await Promise.all(waiting)).filter((r) => r.status === 204).length;
await new Promise((r) => setTimeout(r, 500));
const idleKeys = redisKeys(`*${tag}*`);
const perIdleDevice = Math.max(0, redisUsedBytes() - redisBefore) / HELD;

// 2. Throughput and CPU, gateway then bare server, same simulator settings.
const planner = await startInstantPlanner(log, redis, uniqueName('bench-planner'));
let cpu = cpuMs(gatewayPid);
const viaGateway = await simulate(`http://127.0.0.1:${gateway.port}/`, 11);
const gatewayCpuPerSession = (cpuMs(gatewayPid) - cpu) / viaGateway.sessions.ok;
const gatewayRss = rssMb(gatewayPid);
const bare = await startBare();
cpu = cpuMs(bare.pid);
const viaBare = await simulate(`http://127.0.0.1:${bare.port}/`, 11);
const bareCpuPerSession = (cpuMs(bare.pid) - cpu) / viaBare.sessions.ok;
bare.stop();

const row = (name: string, s: Summary, cpuPerSession: number) =>
  `${name.padEnd(34)}${s.sessions.perSecond.toFixed(0).padStart(10)}${s.latencyMs.session.p50.toFixed(1).padStart(10)}${s.latencyMs.session.p99.toFixed(1).padStart(10)}${(cpuPerSession * 1000).toFixed(0).padStart(14)}${String(s.sessions.failed).padStart(8)}`;
console.log(
  `\n${DEVICES} simulated CPEs, periodic Informs every ~2 s, ${SECONDS} s per server (2 cores shared by everything)`,
);
console.log(
  `${'server'.padEnd(34)}${'sess/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'CPU us/sess'.padStart(14)}${'failed'.padStart(8)}`,
);
console.log(row('cwmp-gateway (Kafka + Redis)', viaGateway, gatewayCpuPerSession));
console.log(row('bare node:http, same bytes', viaBare, bareCpuPerSession));
console.log(
  `ratio gateway / bare, CPU per session: ${(gatewayCpuPerSession / bareCpuPerSession).toFixed(2)}x (target <= 2x)`,
);
console.log(
  `ratio gateway / bare, sessions per second: ${(viaGateway.sessions.perSecond / viaBare.sessions.perSecond).toFixed(2)}`,
);
console.log(
  `gateway RSS: ${rssBefore.toFixed(0)} MB idle, ${heldRss.toFixed(0)} MB with ${HELD} sessions held open, ${gatewayRss.toFixed(0)} MB after the run`,
);
console.log(
  `Redis per live session: ${perLiveSession.toFixed(0)} bytes (${liveKeys} keys for ${HELD} sessions)`,
);
console.log(
  `Redis per idle device after its session: ${perIdleDevice.toFixed(0)} bytes, ${idleKeys} keys left (${ended}/${HELD} sessions ended with 204)`,
);
if (Object.keys(viaGateway.failures).length > 0) console.log('gateway failures:', viaGateway.failures);

await planner.stop();
await gateway.stop();
await Promise.all([log.close(), redis.close()]);
