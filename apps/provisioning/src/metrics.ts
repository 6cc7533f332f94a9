import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EngineObserver } from '@headend/provisioning-engine';

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
}
