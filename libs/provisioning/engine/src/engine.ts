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
import { coordinationKeys } from '@headend/ports';
import type {
  DeviceProjection,
  Effect,
  PlannerInput,
  PlannerPolicy,
  Position,
  StoredProjection,
  TaskRecord,
} from '@headend/provisioning-planner';
import { decide, fromStoredProjection, toStoredProjection } from '@headend/provisioning-planner';
import type { Configuration } from './configuration.js';
import { ProjectionCache } from './projection-cache.js';

export const DEVICES = 'devices';

/** What the engine reports, for metrics and logs. */
export interface EngineObserver {
  folded(type: string, seconds: number): void;
  duplicate(): void;
  refused(reason: string): void;
  planned(kind: 'rpc' | 'end', delivered: boolean): void;
  taskChanged(state: string): void;
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
}

/**
 * Runs the planner over the device's records: load the projection, decide, carry out the effects,
 * store the projection. Effects come before the store, so a crash in between replays the record and
 * repeats them: the queue entries carry the session and the rpc id, and the gateway drops what it
 * already sent; task events have deterministic ids. A record already folded (its offset is in the
 * projection) is skipped whole. The projections folded last stay in memory (see ProjectionCache).
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

  async handle(record: ConsumedRecord): Promise<void> {
    const position = { topic: record.topic, partition: record.partition, offset: record.offset };
    this.cache.admit(position);
    try {
      await this.fold(record, position);
    } catch (error) {
      this.cache.failed(record.key);
      throw error;
    }
  }

  private async fold(record: ConsumedRecord, position: Position): Promise<void> {
    const started = performance.now();
    const decoded = fromRecord(record);
    if (!decoded.ok) {
      // Not ours to fix: a record no reader can use is skipped, not retried forever (the log keeps it).
      this.observer?.refused(decoded.error.code);
      this.cache.folded(position, record.key, null);
      return;
    }
    const input = inputOf(decoded.event);
    if (input === null) {
      this.cache.folded(position, record.key, null);
      return;
    }
    const devices = this.documents.collection<StoredProjection>(this.options.collection);
    const before = this.cache.get(record.key) ?? (await this.load(devices, record.key));
    const decision = decide(before, input, position, {
      now: record.timestamp,
      presets: this.config.presets,
      files: this.config.files,
      policy: this.options.policy,
    });
    if (decision.duplicate) {
      this.observer?.duplicate();
      this.cache.folded(position, record.key, before);
      return;
    }
    if (this.options.effects) await this.carryOut(decision.effects, record.timestamp);
    // A record that changed nothing but the position (SessionStarted, our own RpcSent ...) is not
    // written: replayed after a crash, it changes nothing again.
    if (decision.projection !== null && !samePastPosition(before, decision.projection)) {
      await devices.replaceOne(toStoredProjection(decision.projection));
    }
    this.cache.folded(position, record.key, decision.projection);
    this.observer?.folded(decoded.event.type, (performance.now() - started) / 1000);
  }

  private async load(
    devices: DocumentCollection<StoredProjection>,
    deviceId: string,
  ): Promise<DeviceProjection | null> {
    const stored = await devices.findOne({ _id: deviceId });
    return stored === null ? null : fromStoredProjection(stored);
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

export const DEVICE_TOPICS = [TOPICS.deviceEvents, TOPICS.commands] as const;
