/**
 * The fault-injection suite (README, "Fault injection"): its own backing services, the gateway and
 * provisioning as processes, a simulated fleet with presets and tasks at work, then one fault at a
 * time and the checks after each. Prints the table; exits 1 on any violation.
 *
 *   npx tsx test/chaos/fault-injection.ts [--devices N] [--faults a,b,c] [--seconds S] ...
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../system/harness/gateway-process.js';
import type { FaultName } from './scenario.js';
import { FAULTS, runChaos } from './scenario.js';
import { formatTable } from './table.js';

const USAGE = `Usage: npx tsx test/chaos/fault-injection.ts [options]

  --devices N        simulated CPEs (half BM632w, half EC220-G5)                        (30)
  --faults LIST      comma-separated, in order: ${FAULTS.join(', ')}   (all)
  --seconds S        the longest wait for the fleet to converge after each fault          (120)
  --outage S         how long a stopped backing service stays down                        (5)
  --interval S       the CPEs' PeriodicInformInterval                                     (5)
  --dir PATH         the suite's HEADEND_LOCAL_DIR, wiped first                           (.local/chaos)
  --kafka-port N, --kafka-controller-port N, --redis-port N, --mongo-port N
                     the suite's own service ports (default: free ports the OS picks)
  --details          print every violation found, not only the first 20 per fault
  --keep             leave the backing services running at the end, to look into the log and the stores`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      devices: { type: 'string' },
      faults: { type: 'string' },
      seconds: { type: 'string' },
      outage: { type: 'string' },
      interval: { type: 'string' },
      dir: { type: 'string' },
      'kafka-port': { type: 'string' },
      'kafka-controller-port': { type: 'string' },
      'redis-port': { type: 'string' },
      'mongo-port': { type: 'string' },
      details: { type: 'boolean' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const int = (name: string, raw: string | undefined, fallback: number): number => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
    return n;
  };
  const faults = (values.faults?.split(',') ?? [...FAULTS]).map((f) => f.trim());
  for (const f of faults) {
    if (!(FAULTS as readonly string[]).includes(f))
      throw new Error(`--faults: unknown fault "${f}" (${FAULTS.join(', ')})`);
  }
  const port = async (name: string, raw: string | undefined): Promise<number> =>
    raw === undefined ? freePort() : int(name, raw, 0);
  const started = Date.now();
  const { rows, details } = await runChaos({
    devices: int('devices', values.devices, 30),
    faults: faults as FaultName[],
    settleSeconds: int('seconds', values.seconds, 120),
    outageSeconds: int('outage', values.outage, 5),
    intervalSeconds: int('interval', values.interval, 5),
    dir: resolve(values.dir ?? '.local/chaos'),
    ports: {
      kafka: await port('kafka-port', values['kafka-port']),
      kafkaController: await port('kafka-controller-port', values['kafka-controller-port']),
      redis: await port('redis-port', values['redis-port']),
      mongo: await port('mongo-port', values['mongo-port']),
    },
    keepServices: values.keep === true,
    log: (line) => process.stderr.write(`[chaos] ${line}\n`),
  });
  if (values.details) {
    rows.forEach((row, i) => {
      for (const line of details[i] ?? []) process.stdout.write(`${row.fault}: ${line}\n`);
    });
  }
  process.stdout.write(`\n${formatTable(rows)}\n\n(${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  return rows.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `fault-injection: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n${USAGE}\n`,
    );
    process.exit(2);
  },
);
