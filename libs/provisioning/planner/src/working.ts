import type { AcsRequest } from '@headend/cwmp-session';
import type { FileRecord, Preset } from './presets.js';
import type { ParamTable } from './params.js';
import { tableOf } from './params.js';
import type { DeviceProjection, TaskRecord } from './projection.js';

/** Limits and retry rules of the planner. */
export interface PlannerPolicy {
  /** RPCs one session may carry; the plan ends there and goes on in the next session. */
  readonly maxRpcsPerSession: number;
  /** Back-off after a fault: base * 2^(attempts-1), at most maxMs; a task fails for good after maxAttempts. */
  readonly retry: { readonly baseMs: number; readonly maxMs: number; readonly maxAttempts: number };
  /** A Download the device accepted but never completed is given up after this long. */
  readonly transferTimeoutMs: number;
  /** Finished tasks kept in the projection for operators (the events keep all of them). */
  readonly taskHistory: number;
  /** Names per GetParameterValues (large trees are read in chunks). */
  readonly valuesPerRequest: number;
}

export const DEFAULT_POLICY: PlannerPolicy = {
  maxRpcsPerSession: 32,
  retry: { baseMs: 60_000, maxMs: 3_600_000, maxAttempts: 5 },
  transferTimeoutMs: 3_600_000,
  taskHistory: 20,
  valuesPerRequest: 2_000,
};

/** What the planner is given besides the device: time, configuration and policy. */
export interface PlannerContext {
  /** Now, ms since the epoch (the event's time, so a replay decides the same). */
  readonly now: number;
  /** Every current preset. */
  readonly presets: readonly Preset[];
  readonly files: ReadonlyMap<string, FileRecord>;
  readonly policy: PlannerPolicy;
}

/** What the app must do after a decision. */
export type Effect =
  /** Queue the session's next RPC, or the end of its plan (rpc null), and wake the gateway. */
  | {
      readonly kind: 'plan';
      readonly deviceId: string;
      readonly sessionId: string;
      readonly rpc: { readonly rpcId: string; readonly request: AcsRequest } | null;
    }
  /** A task changed state: the app records it as an event. */
  | { readonly kind: 'task'; readonly deviceId: string; readonly task: TaskRecord };

/** The projection opened for one decision: mutable, with the parameter tree as a table. */
export interface Working {
  readonly device: Omit<DeviceProjection, 'parameters' | 'absent'>;
  readonly table: ParamTable;
  readonly ctx: PlannerContext;
  readonly effects: Effect[];
}

export function open(projection: DeviceProjection, ctx: PlannerContext): Working {
  const { parameters, absent, ...rest } = projection;
  return { device: structuredClone(rest), table: tableOf(parameters, absent), ctx, effects: [] };
}

export function close(w: Working): DeviceProjection {
  return {
    ...w.device,
    parameters: [...w.table.byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    absent: [...w.table.absent].sort(),
  };
}

export function emptyProjection(
  deviceId: string,
  identity: DeviceProjection['identity'],
  now: number,
): DeviceProjection {
  return {
    _id: deviceId,
    v: 1,
    identity,
    registeredAt: now,
    lastInform: null,
    root: null,
    connectionRequestUrl: null,
    parameters: [],
    absent: [],
    refreshed: [],
    tags: [],
    tasks: [],
    faults: [],
    transfers: [],
    done: [],
    session: null,
    recordFaults: [],
    positions: [],
  };
}
