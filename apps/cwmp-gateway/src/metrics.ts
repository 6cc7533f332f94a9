import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { GatewayObserver, RefusalReason } from '@headend/cwmp-gateway';
import type { DeviceEvent } from '@headend/events';
import type { ProcessFaults } from './process-guard.js';

/** The gateway's Prometheus metrics; device strings never become label values. */
export class GatewayMetrics implements GatewayObserver {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'headend_cwmp_requests_total',
    help: 'HTTP requests from CPEs, by status code',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'headend_cwmp_request_duration_seconds',
    help: 'Time from request to response, waiting for a plan included',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly sessions = new Counter({
    name: 'headend_cwmp_sessions_total',
    help: 'Ended CWMP sessions, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly informs = new Counter({
    name: 'headend_cwmp_inform_events_total',
    help: 'Inform event codes received (standard codes; vendor codes counted as "X")',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly rpcs = new Counter({
    name: 'headend_cwmp_rpcs_total',
    help: 'ACS requests answered by CPEs, by method and result',
    labelNames: ['method', 'result'] as const,
    registers: [this.registry],
  });
  private readonly challenges = new Counter({
    name: 'headend_cwmp_auth_challenges_total',
    help: 'Requests answered 401 with a Digest challenge',
    registers: [this.registry],
  });
  private readonly rechallenges = new Counter({
    name: 'headend_cwmp_auth_rechallenges_total',
    help: 'Right credentials re-challenged (401 stale=true) as normal CPE behaviour: an expired nonce, a nonce re-used with the same nc (CPEs that start every session with their last nonce and nc=1), a nonce from before Redis lost its data',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'headend_cwmp_auth_refusals_total',
    help: 'Requests whose credentials were refused, by reason (the cwmp-auth failure catalogue; missing credentials and re-challenges aside)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly planWait = new Histogram({
    name: 'headend_cwmp_plan_wait_seconds',
    help: 'Time a CPE request waited for provisioning to plan its next step, by whether a plan came',
    labelNames: ['planned'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly rpcDuration = new Histogram({
    name: 'headend_cwmp_rpc_duration_seconds',
    help: 'Time from sending an ACS request to its answer, by method',
    labelNames: ['method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly discarded = new Counter({
    name: 'headend_cwmp_queue_entries_discarded_total',
    help: 'Pending RPC queue entries passed over: planned for another session, or an RPC already sent',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly shedding = new Counter({
    name: 'headend_cwmp_shed_total',
    help: 'Requests answered 503 because the gateway was overloaded or draining',
    registers: [this.registry],
  });
  private readonly unavailable = new Counter({
    name: 'headend_backend_unavailable_total',
    help: 'Requests answered 503 because a backing service failed',
    labelNames: ['backend'] as const,
    registers: [this.registry],
  });
  private readonly refused = new Counter({
    name: 'headend_cwmp_refused_messages_total',
    help: 'CPE messages refused because the event catalogue cannot hold them, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'headend_cwmp_internal_errors_total',
    help: 'Requests that failed with an unexpected error',
    registers: [this.registry],
  });
  /** Read from the server when scraped, so the hot path keeps no second counter. */
  private activeReader: () => number = () => 0;
  private readonly active: Gauge = new Gauge({
    name: 'headend_cwmp_active_requests',
    help: 'Requests being served, waiting for a plan included',
    registers: [this.registry],
    collect: (): void => this.active.set(this.activeReader()),
  });

  /** Read from Redis when scraped: the same cluster-wide number on every replica. */
  private sessionsReader: () => Promise<number> = () => Promise.resolve(0);
  private readonly activeSessions: Gauge = new Gauge({
    name: 'headend_cwmp_sessions_active',
    help: 'Live CWMP sessions of the whole cluster (the same on every replica: aggregate with max, not sum); NaN while Redis does not answer',
    registers: [this.registry],
    collect: async (): Promise<void> => {
      this.activeSessions.set(await this.sessionsReader().catch(() => Number.NaN));
    },
  });

  /** Read from the process guard when scraped. */
  private faultsReader: () => ProcessFaults = () => ({ unhandledRejections: 0, uncaughtExceptions: 0 });
  private readonly processFaults: Gauge = new Gauge({
    name: 'headend_process_uncaught_total',
    help: 'Errors no handler caught (a defect): unhandled rejections (the process keeps serving) and uncaught exceptions (it exits)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
    collect: (): void => {
      const faults = this.faultsReader();
      this.processFaults.set({ kind: 'unhandledRejection' }, faults.unhandledRejections);
      this.processFaults.set({ kind: 'uncaughtException' }, faults.uncaughtExceptions);
    },
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  trackProcessFaults(read: () => ProcessFaults): void {
    this.faultsReader = read;
  }

  trackActiveSessions(read: () => Promise<number>): void {
    this.sessionsReader = read;
  }

  trackActiveRequests(read: () => number): void {
    this.activeReader = read;
  }

  request(status: number, seconds: number): void {
    this.requests.inc({ status: String(status) });
    this.latency.observe(seconds);
  }

  planWaited(seconds: number, planned: boolean): void {
    this.planWait.observe({ planned: planned ? 'yes' : 'no' }, seconds);
  }

  rpcAnswered(method: string, seconds: number): void {
    // method is one of the 20 ACS methods (validated with the session record), never device text.
    this.rpcDuration.observe({ method }, seconds);
  }

  queueEntryDiscarded(reason: 'other-session' | 'duplicate-rpc'): void {
    this.discarded.inc({ reason });
  }

  authChallenge(): void {
    this.challenges.inc();
  }

  authRechallenge(reason: 'stale-nonce' | 'stale-epoch' | 'replay'): void {
    this.rechallenges.inc({ reason });
  }

  /** `reason` is a key of the cwmp-auth failure catalogue (a fixed set), never device text. */
  authRefusal(reason: string): void {
    this.refusals.inc({ reason });
  }

  shed(): void {
    this.shedding.inc();
  }

  backendUnavailable(backend: string): void {
    this.unavailable.inc({ backend });
  }

  messageRefused(reason: RefusalReason): void {
    this.refused.inc({ reason });
  }

  internalError(): void {
    this.errors.inc();
  }

  recorded(events: readonly DeviceEvent[]): void {
    for (const event of events) {
      switch (event.type) {
        case 'SessionEnded':
          this.sessions.inc({ outcome: event.data.outcome });
          break;
        case 'InformReceived':
          for (const { code } of event.data.events)
            this.informs.inc({ code: /^(\d{1,2} [A-Z ]+|M [A-Za-z]+)$/.test(code) ? code : 'X' });
          break;
        case 'RpcResponded':
          this.rpcs.inc({ method: event.data.response.method, result: 'response' });
          break;
        case 'RpcFaulted':
          this.rpcs.inc({ method: event.data.method, result: 'fault' });
          break;
        default:
          break;
      }
    }
  }
}
