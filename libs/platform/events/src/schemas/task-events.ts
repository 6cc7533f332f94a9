import { z } from 'zod';
import { DeviceId } from '../device-id.js';
import { Count, OpaqueId, Text, Timestamp, eventSchema } from './common.js';

/**
 * Events on acs.task-events.v1, written by provisioning, keyed by device id: the life of each task
 * (TaskRequested on acs.commands.v1), one event per change of state. Id: `<taskId>:<state>:<attempts>`.
 */

export const TaskStateName = z.enum([
  'pending',
  'inProgress',
  'waiting',
  'done',
  'fault',
  'cancelled',
  'expired',
]);

export const TaskUpdated = eventSchema(
  'TaskUpdated',
  1,
  z.object({
    taskId: OpaqueId,
    deviceId: DeviceId,
    state: TaskStateName,
    /** Attempts that ended in a fault so far. */
    attempts: Count,
    /** The last fault: a CWMP fault code (0 when the ACS itself gave up) and its text. */
    fault: z.object({ code: z.int().min(0).max(99_999), message: Text }).nullable(),
    /** When the task may be tried again (after a fault), RFC 3339; null when not waiting for a retry. */
    notBefore: Timestamp.nullable(),
  }),
);

export const TaskEvent = z.discriminatedUnion('type', [TaskUpdated]);
export type TaskEvent = z.infer<typeof TaskEvent>;
