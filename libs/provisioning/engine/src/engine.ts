import { serializeQueueItem } from '@headend/cwmp-session';
import type { HeadendEvent } from '@headend/events';
import { EVENT_SOURCES, fromRecord, toRecord, TOPICS } from '@headend/events';
import type {
  CoordinationStore,
  ConsumedRecord,
  DocumentCollection,
  DocumentStore,
  EventLog,
} from '@headend/ports';
import { ClosedError, coordinationKeys, isBackendUnavailable } from '@headend/ports';
import type {
  DeviceProjection,
  Effect,
  PlannerInput,
  PlannerPolicy,
  Position,
  ProjectionLimits,
  RecordFault,
  StoredProjection,
  TaskRecord,
} from '@headend/provisioning-planner';
import {
  appendFault,
  decide,
  fromStoredProjection,
  limitProjection,
  RecordFault as RecordFaultSchema,
} from '@headend/provisioning-planner';
import type { Configuration } from './configuration.js';
import type { DeadLetterReason } from './dead-letter.js';
import { deadLetterEvent, reasonOf, UnprocessableRecordError } from './dead-letter.js';
import { lostSessionEnded } from './lost-session.js';
import { ProjectionCache } from './projection-cache.js';

export const DEVICES = 'devices';

/** What the engine reports, for metrics and logs. */
export interface EngineObserver {
  folded(type: string, seconds: number): void;
  duplicate(): void;
  refused(reason: string): void;
  planned(kind: 'rpc' | 'end', delivered: boolean): void;
  taskChanged(state: string): void;
  /** A limit cut what a record brought (kind: value-truncated, parameters-refused, record-refused). */
  limited(kind: string, count: number): void;
  /** A record was set aside (on the dead-letter topic, when effects are on) and the partition moved on. */
  deadLettered(reason: DeadLetterReason, detail: string, position: Position): void;
  /** A session left open by the gateway was closed as lost. */
  sessionLost(): void;
}

export interface EngineOptions {
  readonly policy: PlannerPolicy;
  /** How long a planned queue lives in Redis (a little more than a CWMP session). */
  readonly queueTtlMs: number;
  /** Write effects (queue, wake-ups, task events); false when rebuilding projections. */
  readonly effects: boolean;
  /** The collection projections go to. */
  readonly collection: string;
  /** How many projections stay in memory between records (0: read each from the store). */
  readonly cacheEntries: number;
  /** What one device may store. */
  readonly limits: ProjectionLimits;
  /** The consumer group named in dead letters. */
  readonly group: string;
}

/**
 * Runs the planner over the device's records: load the projection, decide, carry out the effects,
 * store the projection. Effects come before the store, so a crash in between replays the record and
 * repeats them: the queue entries carry the session and the rpc id, and the gateway drops what it
 * already sent; task events have deterministic ids. A record already folded (its offset is in the
 * projection) is skipped whole. The projections folded last stay in memory (see ProjectionCache).
 *
 * No record stops its partition: what exceeds the limits is cut (and said so on the projection),
 * and a record that can never be folded or stored is set aside on acs.dead-letters.v1 with a fault
 * on the device. Only a backend outage (BackendUnavailableError) escapes handle(), so the consumer
 * tries the same record again later.
 */
export class ProvisioningEngine {
  constructor(
    private readonly documents: DocumentStore,
    private readonly coordination: CoordinationStore | null,
    private readonly log: EventLog | null,
    private readonly config: Configuration,
    private readonly options: EngineOptions,
    private readonly observer: EngineObserver | null = null,
  ) {
    this.cache = new ProjectionCache(options.cacheEntries);
  }

  private readonly cache: ProjectionCache;
  /**
   * The fold in progress per device. The consumer runs partitions at once, and partition p of the
   * device-events topic and of the commands topic carry the same devices: without this, two records
   * of one device were folded at the same time from one loaded projection, and the last write lost
   * the other's change (an operator's task vanished). A Map: device ids are never object keys.
   */
  private readonly inProgress = new Map<string, Promise<void>>();

  /** Folds the record after any record of the same device already being folded here. */
  async handle(record: ConsumedRecord): Promise<void> {
    const key = record.key;
    const previous = this.inProgress.get(key);
    const current = (previous ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.handleInTurn(record));
    this.inProgress.set(key, current);
    try {
      await current;
    } finally {
      if (this.inProgress.get(key) === current) this.inProgress.delete(key);
    }
  }

  private async handleInTurn(record: ConsumedRecord): Promise<void> {
    const position = { topic: record.topic, partition: record.partition, offset: record.offset };
    this.cache.admit(position);
    try {
      await this.fold(record, position);
    } catch (error) {
      this.cache.failed(record.key);
      if (isBackendUnavailable(error) || error instanceof ClosedError) throw error;
      await this.setAside(record, position, error);
      this.cache.folded(position, record.key, null);
    }
  }

  private async fold(record: ConsumedRecord, position: Position): Promise<void> {
    const started = performance.now();
    const decoded = fromRecord(record);
    if (!decoded.ok) {
      this.observer?.refused(decoded.error.code);
      throw new UnprocessableRecordError('undecodable', `${decoded.error.code}: ${decoded.error.detail}`);
    }
    const input = inputOf(decoded.event);
    if (input === null) {
      this.cache.folded(position, record.key, null);
      return;
    }
    const devices = this.documents.collection<StoredProjection>(this.options.collection);
    const before = this.cache.get(record.key) ?? (await this.load(devices, record.key));
    let decision;
    try {
      decision = decide(before, input, position, {
        now: record.timestamp,
        presets: this.config.presets,
        files: this.config.files,
        policy: this.options.policy,
      });
    } catch (error) {
      throw new UnprocessableRecordError('fold-failed', describe(error), { cause: error });
    }
    if (decision.duplicate) {
      this.observer?.duplicate();
      this.cache.folded(position, record.key, before);
      return;
    }
    // A record that changed nothing but the position (SessionStarted, our own RpcSent ...) is not
    // written: replayed after a crash, it changes nothing again. What is written is first held to
    // the limits and checked storable, before any effect: a projection that could not be stored
    // must not have planned anything.
    let projection = decision.projection;
    let stored: StoredProjection | null = null;
    if (projection !== null && !samePastPosition(before, projection)) {
      const limited = limitProjection(before, projection, this.options.limits, position, record.timestamp);
      for (const report of limited.reports) this.observer?.limited(report.kind, report.count);
      if (!limited.ok) throw new UnprocessableRecordError('projection-unstorable', limited.problem);
      projection = limited.projection;
      stored = limited.stored;
    }
    if (this.options.effects) {
      await this.carryOut(decision.effects, record.timestamp);
      if (decoded.event.type === 'SessionStarted') await this.closeLost(before, decoded.event, record);
    }
    if (stored !== null) await devices.replaceOne(stored);
    this.cache.folded(position, record.key, projection);
    this.observer?.folded(decoded.event.type, (performance.now() - started) / 1000);
  }

  /**
   * Sets a record aside: the dead letter first (a crash after it writes the same one again, same
   * id), then a fault on the device's stored projection, if there is one. A backend outage on the
   * way throws (the record is tried again); anything else there is reported and passed over.
   */
  private async setAside(record: ConsumedRecord, position: Position, error: unknown): Promise<void> {
    const { reason, detail } = reasonOf(error);
    this.observer?.deadLettered(reason, detail, position);
    if (!this.options.effects || this.log === null) return;
    const letter = deadLetterEvent(record, this.options.group, reason, detail);
    await this.log.append([
      toRecord(letter, { time: new Date().toISOString(), source: EVENT_SOURCES.provisioning }),
    ]);
    const fault: RecordFault = {
      reason: `dead-lettered:${reason}`,
      detail: detail.slice(0, 1_000),
      at: record.timestamp,
      ...position,
    };
    try {
      await this.recordFault(record.key, fault);
    } catch (failure) {
      if (isBackendUnavailable(failure) || failure instanceof ClosedError) throw failure;
      this.observer?.deadLettered(
        'document-refused',
        `the record fault could not be stored: ${describe(failure)}`,
        position,
      );
    }
  }

  private async recordFault(deviceId: string, fault: RecordFault): Promise<void> {
    const devices = this.documents.collection<StoredProjection>(this.options.collection);
    const stored: unknown = await devices.findOne({ _id: deviceId });
    if (stored === null) return;
    const previous = RecordFaultSchema.array().safeParse((stored as { recordFaults?: unknown }).recordFaults);
    const recordFaults = appendFault(previous.success ? previous.data : [], fault);
    await devices.updateOne({ _id: deviceId }, { $set: { recordFaults } });
  }

  /** The device's earlier session, still open in its projection, is closed in the log as lost. */
  private async closeLost(
    before: DeviceProjection | null,
    started: Extract<HeadendEvent, { type: 'SessionStarted' }>,
    record: ConsumedRecord,
  ): Promise<void> {
    const ended = lostSessionEnded(before, started, record.timestamp);
    if (ended === null || this.log === null) return;
    const time = new Date(record.timestamp).toISOString();
    await this.log.append([toRecord(ended, { time, source: EVENT_SOURCES.provisioning })]);
    this.observer?.sessionLost();
  }

  private async load(
    devices: DocumentCollection<StoredProjection>,
    deviceId: string,
  ): Promise<DeviceProjection | null> {
    const stored = await devices.findOne({ _id: deviceId });
    if (stored === null) return null;
    try {
      return fromStoredProjection(stored);
    } catch (error) {
      throw new UnprocessableRecordError('stored-projection-invalid', describe(error), { cause: error });
    }
  }

  private async carryOut(effects: readonly Effect[], time: number): Promise<void> {
    const tasks: HeadendEvent[] = [];
    for (const effect of effects) {
      switch (effect.kind) {
        case 'plan':
          await this.queue(effect);
          break;
        case 'task':
          tasks.push(taskUpdated(effect.deviceId, effect.task));
          this.observer?.taskChanged(effect.task.state);
          break;
        default:
          effect satisfies never;
      }
    }
    if (tasks.length > 0 && this.log !== null) {
      const iso = new Date(time).toISOString();
      await this.log.append(tasks.map((e) => toRecord(e, { time: iso, source: EVENT_SOURCES.provisioning })));
    }
  }

  /** The session's next step, only while that session still holds the device's lock. */
  private async queue(effect: Extract<Effect, { kind: 'plan' }>): Promise<void> {
    if (this.coordination === null) return;
    const { deviceId, sessionId, rpc } = effect;
    const item =
      rpc === null
        ? serializeQueueItem({ kind: 'end', sessionId })
        : serializeQueueItem({ kind: 'rpc', rpcId: rpc.rpcId, request: rpc.request, sessionId });
    const length = await this.coordination.enqueue(coordinationKeys.rpcQueue(deviceId), [item], {
      fence: { lock: coordinationKeys.lock(deviceId), token: sessionId },
      ttlMs: this.options.queueTtlMs,
    });
    const delivered = length !== null;
    if (delivered) await this.coordination.publish(coordinationKeys.wakeup(deviceId), 'planned');
    this.observer?.planned(rpc === null ? 'end' : 'rpc', delivered);
  }
}

function inputOf(event: HeadendEvent): PlannerInput | null {
  switch (event.type) {
    case 'SessionStarted':
    case 'InformReceived':
    case 'TransferCompleteReceived':
    case 'AutonomousTransferCompleteReceived':
    case 'RequestDownloadReceived':
    case 'DuStateChangeCompleteReceived':
    case 'AutonomousDuStateChangeCompleteReceived':
    case 'KickedReceived':
    case 'RpcSent':
    case 'RpcResponded':
    case 'RpcFaulted':
    case 'SessionEnded':
      return { kind: 'device', event };
    case 'TaskRequested':
    case 'TaskCancelled':
    case 'ConnectionRequested':
      return { kind: 'command', event };
    default:
      return null;
  }
}

function samePastPosition(before: DeviceProjection | null, after: DeviceProjection): boolean {
  if (before === null) return false;
  const keys = Object.keys(after) as (keyof DeviceProjection)[];
  return keys.every(
    (key) => key === 'positions' || JSON.stringify(before[key]) === JSON.stringify(after[key]),
  );
}

function taskUpdated(deviceId: string, task: TaskRecord): HeadendEvent {
  return {
    type: 'TaskUpdated',
    version: 1,
    data: {
      taskId: task.id,
      deviceId,
      state: task.state,
      attempts: task.attempts,
      fault:
        task.fault === null
          ? null
          : { code: Math.max(0, task.fault.code), message: task.fault.message.slice(0, 4_096) },
      notBefore: task.notBefore === null ? null : new Date(task.notBefore).toISOString(),
    },
  };
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2_000);
}

export const DEVICE_TOPICS = [TOPICS.deviceEvents, TOPICS.commands] as const;
