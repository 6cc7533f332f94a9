import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HeadendEvent } from '@headend/events';
import { toRecord, topicSpecs } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';
import { MongoDocumentStore } from '@headend/mongo';
import type { StoredProjection } from '@headend/provisioning-planner';
import { fromStoredProjection } from '@headend/provisioning-planner';
import { ROOT } from '../system/harness/app-process.js';
import { freePort, startGateway, TEST_DERIVE_SECRET } from '../system/harness/gateway-process.js';
import { startProvisioning } from '../system/harness/provisioning-process.js';
import type { Expectation, ProjectionView, Row, Window } from './checks.js';
import {
  duplicateIds,
  missingEvents,
  notConverged,
  recoverySeconds,
  sessionsOf,
  taskEffects,
  unendedSessions,
} from './checks.js';
import type { JournalSession } from './journal.js';
import { readJournal } from './journal.js';
import { readWholeLog } from './log-reader.js';
import type { ServiceName, ServicePorts } from './services.js';
import { LocalServices } from './services.js';
import { startBalancer } from './balancer.js';
import { Supervised } from './supervisor.js';
import type { FleetDevice } from './workload.js';
import { PROFILES, Workload } from './workload.js';

export const FAULTS = [
  'gateway-kill',
  'provisioning-kill',
  'kafka-restart',
  'redis-restart',
  'mongo-restart',
] as const;
export type FaultName = (typeof FAULTS)[number];

export interface ChaosOptions {
  readonly devices: number;
  readonly faults: readonly FaultName[];
  /** The longest wait for the fleet to converge after a fault. */
  readonly settleSeconds: number;
  /** How long a stopped backing service stays down. */
  readonly outageSeconds: number;
  /** PeriodicInformInterval of every simulated CPE. */
  readonly intervalSeconds: number;
  /** The suite's own services: ports and data folder (wiped first). */
  readonly ports: ServicePorts;
  readonly dir: string;
  /** Leave the backing services running at the end (to look into what the checks found). */
  readonly keepServices?: boolean;
  readonly log: (line: string) => void;
}

/** Short session time-outs, so a session the ACS must close after the fact is closed soon. */
const GATEWAY_ENV = {
  HEADEND_SESSION_TIMEOUT_MS: '15000',
  HEADEND_PLAN_TIMEOUT_MS: '8000',
  HEADEND_APPEND_TIMEOUT_MS: '4000',
  HEADEND_RETRY_AFTER_SECONDS: '2',
};
/** A SessionStarted is judged once this old: the session time-out, plus time to notice and record. */
export const GRACE_MS = 45_000;
const PROVISIONING_ENV = {
  HEADEND_MONGO_DB: 'chaos',
  HEADEND_PROVISIONING_GROUP: 'provisioning-chaos',
  HEADEND_INSTANCE_ID: 'chaos',
  HEADEND_RETRY_BASE_MS: '1000',
  HEADEND_RETRY_MAX_MS: '5000',
  HEADEND_TRANSFER_TIMEOUT_MS: '60000',
};
const PARTITIONS = 4;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>(
        (_, fail) => (timer = setTimeout(() => fail(new Error(`${what}: no answer in ${ms} ms`)), ms)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the fleet, the faults one at a time, and the checks after each; returns the table's rows. */
export async function runChaos(options: ChaosOptions): Promise<{ rows: Row[]; details: string[][] }> {
  const { log } = options;
  const services = new LocalServices(options.dir, options.ports);
  const env = services.env();
  const brokers = [env['HEADEND_KAFKA_BROKERS'] as string];
  const run = Date.now().toString(36);
  const workload = new Workload(run);
  const journalFile = join(options.dir, 'journal.jsonl');
  const cleanups: (() => Promise<unknown>)[] = [];
  let sim: ChildProcess | undefined;
  const ports: number[] = [];

  // Retried: right after a Kafka restart a first append may fail (same records, same ids: harmless).
  const append = async (events: HeadendEvent[]): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const kafka = await KafkaEventLog.connect({ brokers, clientId: 'chaos-writer', logLevel: 'nothing' });
        try {
          await kafka.append(events.map((e) => toRecord(e, { time: new Date().toISOString() })));
          return;
        } finally {
          await kafka.close();
        }
      } catch (error) {
        if (attempt >= 5) throw error;
        await sleep(2_000);
      }
    }
  };
  const projections = async (): Promise<(ProjectionView & { productClass: string })[]> => {
    const mongo = await MongoDocumentStore.connect({
      url: env['HEADEND_MONGO_URL'] as string,
      database: 'chaos',
    });
    try {
      const stored = await withTimeout(
        mongo.collection<StoredProjection>('devices').find({}),
        20_000,
        'projections',
      );
      return stored.map(fromStoredProjection).map((p) => ({ ...p, productClass: p.identity.productClass }));
    } finally {
      await mongo.close();
    }
  };

  try {
    await services.assertPortsFree();
    rmSync(options.dir, { recursive: true, force: true });
    mkdirSync(options.dir, { recursive: true });
    const began = Date.now();
    cleanups.push(async () => {
      if (options.keepServices)
        log(`services left running: HEADEND_LOCAL_DIR=${options.dir} bash deploy/local/down.sh`);
      else await services.down();
    });
    log(await services.up());
    log(`services up in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    const setup = await KafkaEventLog.connect({ brokers, clientId: 'chaos-setup', logLevel: 'nothing' });
    await setup.ensureTopics(topicSpecs(PARTITIONS));
    await setup.close();
    await append(workload.nextRound([]));

    const appEnv = { ...env, HEADEND_DEVICE_EVENT_PARTITIONS: String(PARTITIONS), HEADEND_LOG_LEVEL: 'warn' };
    const provisioning = new Supervised(
      'provisioning',
      () => startProvisioning({ ...appEnv, ...PROVISIONING_ENV }),
      log,
      join(options.dir, 'provisioning.log'),
    );
    cleanups.push(() => provisioning.stop());
    // Two gateway replicas behind a balancer: a killed one's CPEs come back through the other at once.
    const gateways: Supervised[] = [];
    for (const replica of ['a', 'b']) {
      const [cwmpPort, healthPort] = [await freePort(), await freePort()];
      const gatewayEnv = { ...appEnv, ...GATEWAY_ENV, HEADEND_REPLICA_ID: `chaos-${replica}` };
      gateways.push(
        new Supervised(
          `gateway-${replica}`,
          () => startGateway(cwmpPort, healthPort, gatewayEnv),
          log,
          join(options.dir, `gateway-${replica}.log`),
        ),
      );
      ports.push(cwmpPort);
    }
    cleanups.push(() => Promise.all(gateways.map((g) => g.stop())));
    await Promise.all([provisioning.start(), ...gateways.map((g) => g.start())]);
    const balancer = await startBalancer(ports);
    cleanups.push(() => balancer.close());
    const gateway = gateways[0] as Supervised;

    sim = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'apps/cpe-sim/src/main.ts',
        ...['--acs-url', `http://127.0.0.1:${balancer.port}/`, '--devices', String(options.devices)],
        ...[
          '--models',
          Object.values(PROFILES)
            .map((p) => `${p.model}:1`)
            .join(','),
        ],
        ...[
          '--storm-seconds',
          String(Math.min(10, options.devices / 5)),
          '--interval',
          String(options.intervalSeconds),
        ],
        ...['--derive-secret', TEST_DERIVE_SECRET, '--journal', journalFile, '--progress-seconds', '0'],
        ...['--timeout', '20000', '--boot-seconds', '2', '--seed', String(Date.now() % 100_000)],
      ],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const simProcess = sim;
    let simErrors = '';
    simProcess.stderr?.on('data', (c: Buffer) => (simErrors = (simErrors + c.toString()).slice(-4000)));
    cleanups.push(async () => {
      if (simProcess.exitCode !== null) return;
      const exited = new Promise((r) => simProcess.once('exit', r));
      simProcess.kill('SIGTERM');
      await withTimeout(exited, 30_000, 'cpe-sim exit').catch(() => simProcess.kill('SIGKILL'));
    });

    // Every device registered: the fleet is known (ids and models), tasks can name them.
    let fleet: FleetDevice[] = [];
    const deadline = Date.now() + 180_000;
    while (fleet.length < options.devices) {
      if (Date.now() > deadline || simProcess.exitCode !== null)
        throw new Error(
          `only ${fleet.length} of ${options.devices} devices registered; cpe-sim said: ${simErrors}`,
        );
      await sleep(2_000);
      fleet = (await projections().catch(() => [])).map((p) => ({ id: p._id, productClass: p.productClass }));
    }
    log(`${fleet.length} devices registered`);

    const expectation = (): Expectation => {
      const values = new Map<string, (readonly [string, string])[]>();
      for (const d of fleet) {
        const profile = PROFILES[d.productClass];
        const pairs: (readonly [string, string])[] = profile ? [[profile.ssid, workload.ssid()]] : [];
        const spv = workload.tasks.findLast((t) => t.deviceId === d.id && t.kind === 'setParameterValues');
        if (spv?.path !== undefined && spv.value !== undefined) pairs.push([spv.path, spv.value]);
        values.set(d.id, pairs);
      }
      return { values, tag: workload.tag, tasks: workload.tasks };
    };
    const devices = fleet.map((d) => d.id);
    const convergedNow = async (): Promise<boolean> => {
      const views = await projections().catch(() => undefined);
      return (
        views !== undefined &&
        notConverged(devices, readJournal(journalFile), views, expectation(), undefined) === 0
      );
    };

    const rows: Row[] = [];
    const allDetails: string[][] = [];
    const reported = new Set<string>();
    let windowStart = began;
    for (const fault of ['none (baseline)', ...options.faults] as const) {
      const roundTasks = workload.tasks.length;
      await append(workload.nextRound(fleet));
      const tasks = workload.tasks.slice(roundTasks);
      // Let the round's work get under way, so the fault hits sessions with RPCs in flight.
      await sleep(Math.min(3_000, options.intervalSeconds * 500));
      log(`round ${workload.round}: ${fault}`);
      const faultAt = Date.now();
      await inject(fault, { services, gateway, provisioning, outageMs: options.outageSeconds * 1000 });
      const restartedAt = fault === 'none (baseline)' ? undefined : Date.now();
      log(`  ${fault}: done in ${((Date.now() - faultAt) / 1000).toFixed(1)} s; waiting for convergence`);
      let convergedAt: number | undefined;
      const settleBy = Date.now() + options.settleSeconds * 1000;
      while (Date.now() < settleBy) {
        if (await convergedNow()) {
          convergedAt = Date.now();
          break;
        }
        await sleep(2_000);
      }
      // SessionStarted events are judged once GRACE_MS old: wait until the fault's are.
      await sleep(Math.max(0, (restartedAt ?? faultAt) + GRACE_MS - Date.now()));
      const checkAt = Date.now();
      const window: Window = {
        fault,
        start: windowStart,
        end: checkAt - GRACE_MS,
        faultAt,
        ...(restartedAt === undefined ? {} : { restartedAt }),
        ...(convergedAt === undefined ? {} : { convergedAt }),
      };
      const row = await check(window, tasks, reported);
      rows.push(row);
      allDetails.push(row.details);
      log(`  ${row.ok ? 'ok' : 'FAIL'}: ${JSON.stringify({ ...row, details: row.details.length })}`);
      for (const line of row.details.slice(0, 20)) log(`    ${line}`);
      windowStart = window.end;
    }
    if (balancer.failures.size > 0)
      log(`the balancer answered 502 for: ${JSON.stringify(Object.fromEntries(balancer.failures))}`);
    for (const app of [...gateways, provisioning])
      for (const exit of app.exits) log(`${app.name} exited unasked at ${new Date(exit.at).toISOString()}`);
    return { rows, details: allDetails };

    async function check(window: Window, tasks: Expectation['tasks'], seen: Set<string>): Promise<Row> {
      const details: string[] = [];
      const snapshot = await readWholeLog(brokers).catch(async (error: unknown) => {
        log(`reading the log failed once (${String(error)}); again`);
        await sleep(5_000);
        return readWholeLog(brokers);
      });
      const journal: JournalSession[] = readJournal(journalFile);
      const sessions = sessionsOf(snapshot.events);
      const inWindow = (s: JournalSession): boolean =>
        s.startedAt >= window.start && s.startedAt < window.end;
      const { acked, missing } = missingEvents(journal, sessions, inWindow, details);
      const unended = unendedSessions(sessions, window, details);
      const duplicates = duplicateIds(snapshot.events);
      let newDuplicates = 0;
      for (const [id, contents] of duplicates) {
        if (seen.has(id)) continue;
        seen.add(id);
        newDuplicates += 1;
        details.push(
          `id ${id} names ${contents.length} different events: ${contents.map((c) => c.slice(0, 300)).join(' / ')}`,
        );
      }
      const effects = taskEffects(tasks, journal, snapshot.events, details);
      const views = await projections().catch((e: unknown) => {
        details.push(`projections unreadable: ${String(e)}`);
        return [];
      });
      const stale = notConverged(devices, journal, views, expectation(), details);
      for (const u of snapshot.undecodable) details.push(`undecodable record ${u}`);
      const recovery = recoverySeconds(journal, window);
      return {
        fault: window.fault,
        recoveryS: recovery,
        convergedS:
          window.convergedAt === undefined
            ? null
            : (window.convergedAt - (window.restartedAt ?? window.faultAt)) / 1000,
        sessionsAcked: acked,
        missingEvents: missing,
        unendedSessions: unended,
        duplicateIds: newDuplicates,
        taskEffects: effects,
        notConverged: stale,
        undecodable: snapshot.undecodable.length,
        ok: missing + unended + newDuplicates + effects + stale + snapshot.undecodable.length === 0,
        details,
      };
    }
  } finally {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((e: unknown) => log(`clean-up: ${String(e)}`));
    if (sim?.exitCode === null) sim.kill('SIGKILL');
  }
}

async function inject(
  fault: FaultName | 'none (baseline)',
  on: { services: LocalServices; gateway: Supervised; provisioning: Supervised; outageMs: number },
): Promise<void> {
  const restart = async (service: ServiceName): Promise<void> => {
    await on.services.down(service);
    await sleep(on.outageMs);
    await on.services.up(service);
  };
  switch (fault) {
    case 'none (baseline)':
      return;
    case 'gateway-kill':
      return on.gateway.crash();
    case 'provisioning-kill':
      return on.provisioning.crash();
    case 'kafka-restart':
      return restart('kafka');
    case 'redis-restart':
      return restart('redis');
    case 'mongo-restart':
      return restart('ferretdb');
  }
}
