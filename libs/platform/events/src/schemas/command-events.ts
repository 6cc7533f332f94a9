import { z } from 'zod';
import { DeviceId } from '../device-id.js';
import {
  ObjectName,
  OpaqueId,
  ParameterName,
  ParameterNameList,
  ParameterValueList,
  Text,
  Timestamp,
  Token,
  UnsignedInt,
  eventSchema,
} from './common.js';

/**
 * Events on acs.commands.v1, written by admin-api (and provisioning for preset-driven work), keyed by
 * device id. Ids: `${taskId}:requested`, `${taskId}:cancelled`, `${requestId}:connection-requested`.
 */

/** Who asked: an operator or integrator principal, or a service (`service:provisioning`). */
export const Principal = z
  .string()
  .min(1)
  .max(256)
  // Control characters are what we mean to refuse: a principal is also a Kafka key and ce_subject.
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\x00-\x1f\x7f]+$/, { message: 'a principal has no control characters' });

/** Where a CPE transfers a file to or from: an absolute http(s) or ftp(s) URL. */
const TransferUrl = Text.regex(/^(?:https?|ftps?):\/\/\S+$/, {
  message: 'a transfer URL is an absolute http(s) or ftp(s) URL (scheme in lower case)',
});

const task = <const N extends string, S extends z.ZodRawShape>(name: N, shape: S) =>
  z.object({ name: z.literal(name), ...shape });

/** What a task asks of a device; provisioning turns it into RPCs. */
export const Task = z.discriminatedUnion('name', [
  task('getParameterValues', { parameterNames: ParameterNameList.min(1) }),
  /** Re-discover a subtree (names, then values); '' is the whole tree. */
  task('refreshObject', { objectName: ParameterName }),
  task('setParameterValues', { parameterValues: ParameterValueList.min(1) }),
  task('addObject', { objectName: ObjectName, parameterValues: ParameterValueList }),
  task('deleteObject', { objectName: ObjectName }),
  task('download', { fileId: OpaqueId, fileType: Token, targetFileName: Text.nullable() }),
  /**
   * The CPE sends a file (configuration, log ...) to `url`, a destination of the operator's (the ACS
   * has no file server of its own yet); without it the task cannot run.
   */
  task('upload', { fileType: Token, url: TransferUrl.optional() }),
  task('reboot', {}),
  task('factoryReset', {}),
  task('scheduleInform', { delaySeconds: UnsignedInt }),
]);
export type Task = z.infer<typeof Task>;

export const TaskRequested = eventSchema(
  'TaskRequested',
  1,
  z.object({
    taskId: OpaqueId,
    deviceId: DeviceId,
    task: Task,
    /** After this instant the task is dropped if not yet done; null: never. */
    expiry: Timestamp.nullable(),
    requestedBy: Principal,
  }),
);

export const TaskCancelled = eventSchema(
  'TaskCancelled',
  1,
  z.object({
    taskId: OpaqueId,
    deviceId: DeviceId,
    cancelledBy: Principal,
    reason: Text.nullable(),
  }),
);

export const ConnectionRequested = eventSchema(
  'ConnectionRequested',
  1,
  z.object({
    /** The caller's idempotency key: a retried admin call yields the same event id. */
    requestId: OpaqueId,
    deviceId: DeviceId,
    /** The task that prompted it, if any. */
    taskId: OpaqueId.nullable(),
    requestedBy: Principal,
  }),
);

export const CommandEvent = z.discriminatedUnion('type', [TaskRequested, TaskCancelled, ConnectionRequested]);
export type CommandEvent = z.infer<typeof CommandEvent>;
