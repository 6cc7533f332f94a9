import type { CommandEvent, DeviceEvent } from '@headend/events';
import { foldDeviceEvent } from './fold.js';
import { planNext } from './plan.js';
import type { DeviceProjection } from './projection.js';
import { FINAL_STATES, updateTask } from './tasks.js';
import type { Effect, PlannerContext, Working } from './working.js';
import { close, emptyProjection, open } from './working.js';

/** A record's place in the log: a redelivered record is recognised by it. */
export interface Position {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export type PlannerInput =
  | { readonly kind: 'device'; readonly event: DeviceEvent }
  | { readonly kind: 'command'; readonly event: CommandEvent };

export interface Decision {
  /** The projection to store; null when the input concerned no known device and made none. */
  readonly projection: DeviceProjection | null;
  readonly effects: readonly Effect[];
  /** True when the record was folded before (redelivery): nothing changed, nothing to do. */
  readonly duplicate: boolean;
}

/**
 * The provisioning decider: the device's projection and one of its events (or commands) in, the new
 * projection and the effects out. Pure: time, presets and files come in `ctx`, so a replay of the
 * same records over the same configuration decides exactly the same.
 */
export function decide(
  projection: DeviceProjection | null,
  input: PlannerInput,
  position: Position | null,
  ctx: PlannerContext,
): Decision {
  if (projection !== null && position !== null && folded(projection, position)) {
    return { projection, effects: [], duplicate: true };
  }
  const base = projection ?? create(input, ctx.now);
  if (base === null) return { projection: null, effects: [], duplicate: false };
  const w = open(base, ctx);
  if (input.kind === 'device') {
    foldDeviceEvent(w, input.event);
    const type = input.event.type;
    const current = w.device.session?.id === input.event.data.sessionId;
    if (current && (type === 'InformReceived' || type === 'RpcResponded' || type === 'RpcFaulted'))
      planNext(w);
  } else {
    command(w, input.event);
  }
  if (position !== null) {
    const device = w.device;
    device.positions = [
      ...device.positions.filter((p) => p.topic !== position.topic || p.partition !== position.partition),
      { ...position },
    ];
  }
  return { projection: close(w), effects: w.effects, duplicate: false };
}

function folded(projection: DeviceProjection, position: Position): boolean {
  const last = projection.positions.find(
    (p) => p.topic === position.topic && p.partition === position.partition,
  );
  return last !== undefined && BigInt(last.offset) >= BigInt(position.offset);
}

/** A device's first Inform registers it; a task for a device not seen yet waits for it (pre-provisioning). */
function create(input: PlannerInput, now: number): DeviceProjection | null {
  if (input.kind === 'device') {
    if (input.event.type !== 'InformReceived') return null;
    const { deviceId, identity } = input.event.data;
    const { oui, productClass, serialNumber, manufacturer } = identity;
    return emptyProjection(
      deviceId,
      { oui, productClass, serialNumber, manufacturer: manufacturer ?? '' },
      now,
    );
  }
  if (input.event.type !== 'TaskRequested') return null;
  const blank = { oui: '', productClass: '', serialNumber: '', manufacturer: '' };
  return { ...emptyProjection(input.event.data.deviceId, blank, now), registeredAt: null };
}

function command(w: Working, event: CommandEvent): void {
  const device = w.device;
  const now = w.ctx.now;
  switch (event.type) {
    case 'TaskRequested': {
      const { taskId, task, expiry } = event.data;
      if (device.tasks.some((t) => t.id === taskId)) return;
      const record = {
        id: taskId,
        task,
        state: 'pending' as const,
        requestedAt: now,
        expiresAt: expiry === null ? null : Date.parse(expiry),
        attempts: 0,
        notBefore: null,
        stage: 0,
        instance: null,
        fault: null,
        updatedAt: now,
      };
      device.tasks = [...device.tasks, record];
      w.effects.push({ kind: 'task', deviceId: device._id, task: record });
      return;
    }
    case 'TaskCancelled': {
      const task = device.tasks.find((t) => t.id === event.data.taskId);
      if (task !== undefined && !FINAL_STATES.has(task.state)) updateTask(w, task, { state: 'cancelled' });
      return;
    }
    case 'ConnectionRequested':
      return;
    default:
      event satisfies never;
  }
}
