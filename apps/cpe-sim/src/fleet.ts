import { readFileSync } from 'node:fs';
import type { CpeConfig, CpeState, InjectedFault, RetryPolicy } from '@headend/cpe-model';
import {
  advance,
  nextDueAt,
  pendingCpeRequests,
  periodicInformInterval,
  sessionFailed,
  sessionSucceeded,
  valueAt,
  wantsSession,
  withSessionEvent,
} from '@headend/cpe-model';
import type { CrCredentials } from './cr-server.js';
import { ConnectionRequestServer, crPath } from './cr-server.js';
import type { InitiatedShares, ModelChoice, QuirkRatios, SimDevice } from './devices.js';
import { createDevices, loadModels } from './devices.js';
import { WakeScheduler } from './scheduler.js';
import type { SessionTrace } from './session.js';
import { runSession } from './session.js';
import type { FleetStats } from './stats.js';
import { FleetCounters } from './stats.js';
import { CwmpConnection } from './transport.js';

export interface FleetOptions {
  readonly acsUrl: string;
  readonly devices: number;
  readonly models: readonly ModelChoice[];
  /** Overrides every device's PeriodicInformInterval (seconds). */
  readonly periodicIntervalSeconds?: number | undefined;
  /** Spread of periodic Informs around the interval, as a fraction (0.1 = +-10%). */
  readonly periodicJitter: number;
  /** Devices first start within this many seconds (0: all at once, a boot storm). */
  readonly stormSeconds: number;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly deriveSecret?: string | undefined;
  readonly quirks: QuirkRatios;
  readonly seed: number;
  /** Connection request listener port (0: any free port); undefined: no listener. */
  readonly crPort?: number | undefined;
  readonly crHost: string;
  readonly keepAlive: boolean;
  readonly requestTimeoutMs: number;
  readonly maxConcurrentSessions: number;
  readonly insecureTls: boolean;
  /** A PEM file of the CA certificates that sign the ACS's certificate (instead of Node's list). */
  readonly caFile?: string | undefined;
  readonly cpeConfig?: Partial<CpeConfig> | undefined;
  /** Faults devices answer with instead of the real result (see InjectedFault)... */
  readonly injectedFaults?: readonly InjectedFault[] | undefined;
  /** ... on this share of the devices (default 1, all). */
  readonly injectedFaultShare?: number | undefined;
  /** Share of the devices that send each request of their own accord once, in their first session. */
  readonly initiatedRequests?: InitiatedShares | undefined;
  /** TR-069 session retry policy (default m = 5 s, k = 2000). */
  readonly retryPolicy?: RetryPolicy | undefined;
  /** ms since the epoch; a test may pass its own. */
  readonly clock?: (() => number) | undefined;
  /** Called after each session with what the ACS acknowledged in it (fault-injection checks). */
  readonly onSession?: ((deviceId: string, session: SessionRecord) => void) | undefined;
}

/** One finished session as the device saw it. */
export interface SessionRecord {
  /** ms since the epoch (the fleet's clock). */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly ok: boolean;
  readonly failure: string | undefined;
  readonly trace: SessionTrace;
}

export const DEFAULT_FLEET_OPTIONS: Omit<FleetOptions, 'acsUrl'> = {
  devices: 100,
  models: [
    { name: 'huawei-eg8145v5', weight: 1 },
    { name: 'bm632w', weight: 1 },
    { name: 'tplink-ec220-g5', weight: 1 },
    { name: 'tplink-xx230v', weight: 1 },
  ],
  periodicJitter: 0.1,
  stormSeconds: 10,
  quirks: { noCookies: 0, noXmlDeclaration: 0, basicAuthOnly: 0, noSoapHeader: 0 },
  seed: 1,
  crHost: '127.0.0.1',
  keepAlive: true,
  requestTimeoutMs: 30_000,
  maxConcurrentSessions: 1000,
  insecureTls: false,
};

export interface DeviceView {
  readonly id: string;
  readonly state: CpeState;
  readonly connectionRequestUrl: string | undefined;
  readonly connectionRequestCredentials: CrCredentials;
  readonly acsCredentials: { readonly username?: string | undefined; readonly password?: string | undefined };
}

export interface Fleet {
  readonly crPort: number | undefined;
  stats(): FleetStats;
  deviceIds(): string[];
  device(id: string): DeviceView | undefined;
  /** Stops scheduling, waits (bounded) for sessions in flight, closes the listener. */
  stop(): Promise<void>;
}

/** Starts a fleet of simulated CPEs against an ACS. */
export async function startFleet(input: Partial<FleetOptions> & { readonly acsUrl: string }): Promise<Fleet> {
  const options: FleetOptions = { ...DEFAULT_FLEET_OPTIONS, ...input };
  const clock = options.clock ?? Date.now;
  const acsUrl = new URL(options.acsUrl);
  const ca = options.caFile === undefined ? undefined : readFileSync(options.caFile);
  const counters = new FleetCounters();
  const startedAt = clock();
  const byId = new Map<string, SimDevice>();
  const inFlight = new Set<Promise<void>>();
  const waiting: SimDevice[] = [];
  let stopping = false;

  const credentialsOf = (id: string): CrCredentials | undefined => {
    const dev = byId.get(id);
    if (dev === undefined) return undefined;
    const ms = `${dev.state.tree.base.root}ManagementServer.`;
    return {
      username: valueAt(dev.state.tree, `${ms}ConnectionRequestUsername`) ?? dev.crInitial.username,
      password: valueAt(dev.state.tree, `${ms}ConnectionRequestPassword`) ?? dev.crInitial.password,
    };
  };
  const crServer =
    options.crPort === undefined
      ? undefined
      : new ConnectionRequestServer({
          host: options.crHost,
          port: options.crPort,
          credentialsOf,
          onConnectionRequest: (id) => connectionRequested(id),
          onRefused: () => (counters.crRefused += 1),
        });
  const crPort = await crServer?.listen();
  const crBaseUrl = crPort === undefined ? undefined : `http://${options.crHost}:${crPort}`;

  const devices = createDevices(
    options.models,
    loadModels(options.models),
    { ...options, crBaseUrl },
    startedAt,
  );
  for (const dev of devices) byId.set(dev.id, dev);
  const scheduler = new WakeScheduler<SimDevice>((dev) => wake(dev), clock);

  function nextPeriodic(dev: SimDevice, from: number): number {
    const interval = periodicInformInterval(dev.state);
    dev.periodicInterval = interval;
    if (interval === undefined) return Infinity;
    const jitter = 1 + options.periodicJitter * (2 * dev.random() - 1);
    return from + interval * 1000 * jitter;
  }

  function wake(dev: SimDevice): void {
    if (stopping || dev.busy) return;
    const now = clock();
    dev.state = advance(dev.state, now);
    if (now >= dev.nextPeriodicAt) {
      dev.state = withSessionEvent(dev.state, '2 PERIODIC');
      dev.nextPeriodicAt = nextPeriodic(dev, now);
    }
    if (now >= dev.retryAt && wantsSession(dev.state, now)) {
      start(dev);
      return;
    }
    const due = nextDueAt(dev.state, now) ?? Infinity;
    const retry = dev.state.events.length > 0 && dev.retryAt > now ? dev.retryAt : Infinity;
    const at = Math.min(dev.nextPeriodicAt, due, retry);
    if (at !== Infinity) scheduler.schedule(dev, at);
  }

  function start(dev: SimDevice): void {
    dev.busy = true;
    if (inFlight.size >= options.maxConcurrentSessions) {
      waiting.push(dev);
      return;
    }
    const run = session(dev)
      .catch((e: unknown) => {
        // A bug in the simulator must not take the fleet down; the device just stops.
        dev.busy = false;
        process.stderr.write(`cpe-sim: device ${dev.id}: ${e instanceof Error ? e.stack : String(e)}\n`);
      })
      .finally(() => inFlight.delete(run));
    inFlight.add(run);
  }

  async function session(dev: SimDevice): Promise<void> {
    const connection = new CwmpConnection({
      url: acsUrl,
      username: dev.username,
      password: dev.password,
      keepAlive: options.keepAlive,
      timeoutMs: options.requestTimeoutMs,
      noCookies: dev.state.config.quirks.noCookies,
      basicAuthOnly: dev.state.config.quirks.basicAuthOnly,
      tls: { rejectUnauthorized: !options.insecureTls, ca },
      onRequest: (ms) => counters.requestLatency.record(ms),
    });
    const began = performance.now();
    const startedAt = clock();
    const result = await runSession(dev.state, { connection, now: clock, random: dev.random });
    connection.close();
    const now = clock();
    options.onSession?.(dev.id, {
      startedAt,
      endedAt: now,
      ok: result.ok,
      failure: result.ok ? undefined : `${result.failure.kind}: ${result.failure.message}`,
      trace: result.trace,
    });
    if (result.ok) {
      dev.state = sessionSucceeded(result.state, now);
      // Requests the ACS would not take (HoldRequests to the end): try again after the shortest back-off.
      dev.retryAt = pendingCpeRequests(dev.state).length > 0 ? now + 5_000 : 0;
      counters.sessionEnded(true, performance.now() - began, result.events);
    } else {
      const failed = sessionFailed(result.state, now, dev.random, {
        retryAfterSeconds: result.failure.retryAfterSeconds,
        policy: options.retryPolicy,
      });
      dev.state = failed.state;
      dev.retryAt = failed.retryAt;
      counters.sessionEnded(false, performance.now() - began, result.events, result.failure);
    }
    if (periodicInformInterval(dev.state) !== dev.periodicInterval)
      dev.nextPeriodicAt = nextPeriodic(dev, now);
    dev.busy = false;
    if (dev.crPending) {
      dev.crPending = false;
      dev.state = withSessionEvent(dev.state, '6 CONNECTION REQUEST');
      dev.retryAt = 0;
    }
    const next = waiting.shift();
    if (next !== undefined && !stopping) {
      next.busy = false;
      start(next);
    }
    wake(dev);
  }

  function connectionRequested(id: string): void {
    const dev = byId.get(id);
    if (dev === undefined || stopping) return;
    counters.crAccepted += 1;
    if (dev.busy) {
      dev.crPending = true;
      return;
    }
    dev.state = withSessionEvent(dev.state, '6 CONNECTION REQUEST');
    dev.retryAt = 0;
    scheduler.cancel(dev);
    wake(dev);
  }

  for (const dev of devices) {
    dev.nextPeriodicAt = nextPeriodic(dev, dev.startAt);
    scheduler.schedule(dev, dev.startAt);
  }

  return {
    crPort,
    stats: () => counters.snapshot((clock() - startedAt) / 1000, devices.length, inFlight.size),
    deviceIds: () => devices.map((d) => d.id),
    device: (id) => {
      const dev = byId.get(id);
      if (dev === undefined) return undefined;
      return {
        id,
        state: dev.state,
        connectionRequestUrl: crBaseUrl === undefined ? undefined : crBaseUrl + crPath(id),
        connectionRequestCredentials: credentialsOf(id) ?? dev.crInitial,
        acsCredentials: { username: dev.username, password: dev.password },
      };
    },
    stop: async () => {
      stopping = true;
      scheduler.stop();
      waiting.length = 0;
      const drained = Promise.allSettled([...inFlight]);
      await Promise.race([drained, new Promise((r) => setTimeout(r, options.requestTimeoutMs).unref())]);
      await crServer?.close();
    },
  };
}
