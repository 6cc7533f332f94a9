import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeadLetterReason, EngineObserver } from '@headend/provisioning-engine';
import type { Position } from '@headend/provisioning-planner';

/** Provisioning's Prometheus metrics; device strings never become label values. */
export class ProvisioningMetrics implements EngineObserver {
  readonly registry = new Registry();
  private readonly records = new Counter({
    name: 'headend_provisioning_records_total',
    help: 'Records folded into projections, by event type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'headend_provisioning_fold_duration_seconds',
    help: 'Time to load a projection, decide, carry out the effects and store it',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  private readonly duplicates = new Counter({
    name: 'headend_provisioning_duplicates_total',
    help: 'Redelivered records recognised and skipped',
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'headend_provisioning_refused_records_total',
    help: 'Records no reader can use (skipped), by decode error',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly plans = new Counter({
    name: 'headend_provisioning_plans_total',
    help: 'Steps queued for a session (rpc or end), and whether the session was still live',
    labelNames: ['kind', 'delivered'] as const,
    registers: [this.registry],
  });
  private readonly tasks = new Counter({
    name: 'headend_provisioning_task_changes_total',
    help: 'Task state changes, by new state',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  private readonly limits = new Counter({
    name: 'headend_provisioning_limited_total',
    help: 'Cuts made by the projection limits: values truncated, parameters refused, records whose parameters were not kept',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });
  private readonly deadLetters = new Counter({
    name: 'headend_provisioning_dead_letters_total',
    help: 'Records set aside on acs.dead-letters.v1 (never folded), by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly lostSessions = new Counter({
    name: 'headend_provisioning_sessions_lost_total',
    help: 'Sessions left open by the gateway, closed as lost when the device started another',
    registers: [this.registry],
  });
  readonly backendUnavailable = new Counter({
    name: 'headend_backend_unavailable_total',
    help: 'Records that waited for a backing service (each failed attempt), by backend',
    labelNames: ['backend'] as const,
    registers: [this.registry],
  });
  readonly presets = new Gauge({
    name: 'headend_provisioning_presets',
    help: 'Valid presets in force',
    registers: [this.registry],
  });
  readonly files = new Gauge({
    name: 'headend_provisioning_files',
    help: 'Files known',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  folded(type: string, seconds: number): void {
    this.records.inc({ type });
    this.latency.observe(seconds);
  }

  duplicate(): void {
    this.duplicates.inc();
  }

  refused(reason: string): void {
    this.refusals.inc({ reason });
  }

  planned(kind: 'rpc' | 'end', delivered: boolean): void {
    this.plans.inc({ kind, delivered: String(delivered) });
  }

  taskChanged(state: string): void {
    this.tasks.inc({ state });
  }

  limited(kind: string, count: number): void {
    this.limits.inc({ limit: kind }, count);
  }

  deadLettered(reason: DeadLetterReason, detail: string, position: Position): void {
    this.deadLetters.inc({ reason });
    this.onDeadLetter?.(reason, detail, position);
  }

  sessionLost(): void {
    this.lostSessions.inc();
  }

  /** Set by the app to log each record set aside. */
  onDeadLetter: ((reason: DeadLetterReason, detail: string, position: Position) => void) | undefined;
}
