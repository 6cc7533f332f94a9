import type { FailureKind } from './transport.js';

/**
 * A log-linear latency histogram (32 sub-buckets per power of two, ~3% error): constant memory
 * however long the run, cheap to record on the hot path.
 */
export class LatencyHistogram {
  private static readonly SUB = 32;
  private readonly counts = new Float64Array(48 * LatencyHistogram.SUB);
  count = 0;
  max = 0;

  /** Records a duration in ms (kept at microsecond resolution). */
  record(ms: number): void {
    const us = Math.max(1, Math.round(ms * 1000));
    const i = this.index(us);
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.count += 1;
    if (ms > this.max) this.max = ms;
  }

  /** The value at quantile q (0..1), in ms; 0 when empty. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.midpoint(i) / 1000, this.max);
    }
    return this.max;
  }

  summary(): LatencySummary {
    const r = (v: number): number => Math.round(v * 100) / 100;
    return {
      count: this.count,
      p50: r(this.quantile(0.5)),
      p90: r(this.quantile(0.9)),
      p99: r(this.quantile(0.99)),
      max: r(this.max),
    };
  }

  private index(us: number): number {
    const e = Math.floor(Math.log2(us));
    const sub = Math.floor((us / 2 ** e - 1) * LatencyHistogram.SUB);
    return Math.min(e * LatencyHistogram.SUB + sub, this.counts.length - 1);
  }

  private midpoint(i: number): number {
    const e = Math.floor(i / LatencyHistogram.SUB);
    const sub = i % LatencyHistogram.SUB;
    return 2 ** e * (1 + (sub + 0.5) / LatencyHistogram.SUB);
  }
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface FleetStats {
  readonly elapsedSeconds: number;
  readonly devices: number;
  readonly activeSessions: number;
  readonly sessions: { readonly ok: number; readonly failed: number; readonly perSecond: number };
  readonly latencyMs: { readonly session: LatencySummary; readonly request: LatencySummary };
  readonly failures: Readonly<Partial<Record<FailureKind, number>>>;
  /** The first message of each kind of failure, to say what went wrong. */
  readonly failureSamples: Readonly<Partial<Record<FailureKind, string>>>;
  /** Informs sent, by event code. */
  readonly informEvents: Readonly<Record<string, number>>;
  readonly connectionRequests: { readonly accepted: number; readonly refused: number };
}

/** Counters of a fleet run. Keys are the simulator's own codes, never device-supplied strings. */
export class FleetCounters {
  readonly sessionLatency = new LatencyHistogram();
  readonly requestLatency = new LatencyHistogram();
  sessionsOk = 0;
  sessionsFailed = 0;
  crAccepted = 0;
  crRefused = 0;
  private readonly failures = new Map<FailureKind, number>();
  private readonly failureSamples = new Map<FailureKind, string>();
  private readonly events = new Map<string, number>();

  sessionEnded(
    ok: boolean,
    ms: number,
    events: readonly string[],
    failure?: { readonly kind: FailureKind; readonly message: string },
  ): void {
    if (ok) this.sessionsOk += 1;
    else this.sessionsFailed += 1;
    this.sessionLatency.record(ms);
    if (failure !== undefined) {
      this.failures.set(failure.kind, (this.failures.get(failure.kind) ?? 0) + 1);
      if (!this.failureSamples.has(failure.kind))
        this.failureSamples.set(failure.kind, failure.message.slice(0, 300));
    }
    for (const e of events) this.events.set(e, (this.events.get(e) ?? 0) + 1);
  }

  snapshot(elapsedSeconds: number, devices: number, activeSessions: number): FleetStats {
    const total = this.sessionsOk + this.sessionsFailed;
    return {
      elapsedSeconds: Math.round(elapsedSeconds * 10) / 10,
      devices,
      activeSessions,
      sessions: {
        ok: this.sessionsOk,
        failed: this.sessionsFailed,
        perSecond: elapsedSeconds > 0 ? Math.round((total / elapsedSeconds) * 10) / 10 : 0,
      },
      latencyMs: { session: this.sessionLatency.summary(), request: this.requestLatency.summary() },
      failures: Object.fromEntries(this.failures),
      failureSamples: Object.fromEntries(this.failureSamples),
      informEvents: Object.fromEntries(this.events),
      connectionRequests: { accepted: this.crAccepted, refused: this.crRefused },
    };
  }
}
