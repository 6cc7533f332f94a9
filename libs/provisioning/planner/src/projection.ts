import { z } from 'zod';
import { RpcRequest, Task } from '@headend/events';

/**
 * A device's projection: what the ACS knows about one CPE, folded from its events. It is plain data,
 * stored as one MongoDB document per device (`_id` = device id) by the provisioning app, and it is
 * the whole state of the planner. Device-supplied names (parameter paths, tags) are always values in
 * arrays, never object keys.
 */

/** One parameter or object of the device's data model, as far as the ACS knows it. */
export const ParamRecord = z.object({
  /** A parameter ('Device.WiFi.SSID.1.SSID') or an object ending in '.' ('Device.WiFi.SSID.1.'). */
  path: z.string(),
  object: z.boolean(),
  writable: z.boolean().nullable(),
  value: z.string().nullable(),
  type: z.string().nullable(),
  notification: z.int().nullable(),
  accessList: z.array(z.string()).nullable(),
  /** When the value was last read from (or written to) the device, ms since the epoch. */
  valueAt: z.number().nullable(),
});
export type ParamRecord = z.infer<typeof ParamRecord>;

export const TaskState = z.enum([
  'pending',
  'inProgress',
  'waiting',
  'done',
  'fault',
  'cancelled',
  'expired',
]);
export type TaskState = z.infer<typeof TaskState>;

export const RecordedFault = z.object({
  code: z.int(),
  message: z.string(),
  /** SetParameterValuesFault entries: which parameter failed how. */
  parameters: z.array(z.object({ name: z.string(), code: z.int(), message: z.string() })),
  at: z.number(),
});
export type RecordedFault = z.infer<typeof RecordedFault>;

export const TaskRecord = z.object({
  id: z.string(),
  task: Task,
  state: TaskState,
  requestedAt: z.number(),
  /** Past this instant the task is dropped if not done; null: never. */
  expiresAt: z.number().nullable(),
  attempts: z.int().min(0),
  /** Not tried again before this instant (back-off after a fault). */
  notBefore: z.number().nullable(),
  /** How far a multi-step task got (refreshObject: names read; addObject: instance made). */
  stage: z.int().min(0),
  /** The instance number an addObject task created. */
  instance: z.int().nullable(),
  fault: RecordedFault.nullable(),
  updatedAt: z.number(),
});
export type TaskRecord = z.infer<typeof TaskRecord>;

/** A fault of preset-driven work, keyed by what failed, so it is not retried every session. */
export const OpenFault = z.object({
  /** `preset:<id>` for preset work. */
  scope: z.string(),
  method: z.string(),
  fault: RecordedFault,
  attempts: z.int().min(1),
  notBefore: z.number(),
});
export type OpenFault = z.infer<typeof OpenFault>;

/** Why an RPC was planned, so its answer (or fault) is credited to the right work. */
export const Origin = z.object({
  taskId: z.string().nullable(),
  presetIds: z.array(z.string()),
  /** A refresh of this subtree completes with this RPC's answer. */
  refresh: z.string().nullable(),
  /** A one-shot action (a preset's reboot) is done with this RPC's answer. */
  once: z.string().nullable(),
  /** Which preset wants each value of a SetParameterValues: a parameter's fault is blamed on it alone. */
  owners: z.array(z.object({ name: z.string(), presetId: z.string() })).optional(),
});
export type Origin = z.infer<typeof Origin>;

export const InFlightRpc = z.object({ rpcId: z.string(), request: RpcRequest, origin: Origin });
export type InFlightRpc = z.infer<typeof InFlightRpc>;

/** The CWMP session the device is in now, as provisioning follows it. */
export const SessionContext = z.object({
  id: z.string(),
  events: z.array(z.string()),
  startedAt: z.number(),
  /** RPCs planned in this session (bounded by the planner's limit). */
  planned: z.int().min(0),
  /** Fingerprints of the requests planned in this session: none is planned twice. */
  issued: z.array(z.string()),
  inFlight: InFlightRpc.nullable(),
  /** Values to set on the instance an AddObject creates, right after it (instance null until then). */
  followUp: z
    .object({
      object: z.string(),
      instance: z.int().nullable(),
      parameterList: z.array(z.object({ name: z.string(), value: z.string(), type: z.string() })),
      presetIds: z.array(z.string()),
    })
    .nullable(),
  /** True once this session's plan ended ('nothing more to do' was queued). */
  ended: z.boolean(),
  /**
   * The names of each request that faulted 9005 without saying which: read by halves to find it.
   * Objects, not arrays of arrays, which FerretDB cannot store (an older MongoDB-stored shape reads too).
   */
  suspect: z
    .array(
      z.union([
        z.object({ names: z.array(z.string()) }),
        z.array(z.string()).transform((names) => ({ names })),
      ]),
    )
    .default([]),
});
export type SessionContext = z.infer<typeof SessionContext>;

/** A transfer the device accepted and has not reported complete yet (TransferComplete closes it). */
export const PendingTransfer = z.object({
  commandKey: z.string(),
  taskId: z.string().nullable(),
  presetId: z.string().nullable(),
  fileId: z.string().nullable(),
  startedAt: z.number(),
  /**
   * When the device reported it successful (TransferComplete, or Download status 0) while not yet
   * running the version wanted: judged at its next boot (or the transfer time-out).
   */
  reportedAt: z.number().nullable().default(null),
});
export type PendingTransfer = z.infer<typeof PendingTransfer>;

/**
 * A record of the device that was not folded whole (a limit cut it) or not at all (dead-lettered):
 * operators see it on the device, with where the record is in the log.
 */
export const RecordFault = z.object({
  /** A stable code: value-truncated, parameters-refused, record-refused, dead-lettered:<reason>. */
  reason: z.string(),
  detail: z.string(),
  at: z.number(),
  topic: z.string(),
  partition: z.int(),
  offset: z.string(),
});
export type RecordFault = z.infer<typeof RecordFault>;

/** The last record faults a projection keeps (the metrics and the dead-letter topic have all). */
export const MAX_RECORD_FAULTS = 16;

export const DeviceProjection = z.object({
  _id: z.string(),
  /** Document schema version. */
  v: z.literal(1),
  identity: z.object({
    oui: z.string(),
    productClass: z.string(),
    serialNumber: z.string(),
    manufacturer: z.string(),
  }),
  /** The first Inform; null for a device known only from a task sent before it ever called. */
  registeredAt: z.number().nullable(),
  lastInform: z.object({ at: z.number(), sessionId: z.string(), events: z.array(z.string()) }).nullable(),
  /** The data model root, 'Device.' (TR-181) or 'InternetGatewayDevice.' (TR-098), once known. */
  root: z.string().nullable(),
  connectionRequestUrl: z.string().nullable(),
  parameters: z.array(ParamRecord),
  /** Paths the device said do not exist (fault 9005); forgotten on discovery or BOOTSTRAP. */
  absent: z.array(z.string()),
  /** When each object's children (deep: its whole subtree) were last listed with GetParameterNames. */
  refreshed: z.array(z.object({ path: z.string(), deep: z.boolean(), at: z.number() })),
  tags: z.array(z.string()),
  tasks: z.array(TaskRecord),
  faults: z.array(OpenFault),
  transfers: z.array(PendingTransfer),
  /**
   * One-shot preset actions already done (e.g. `reboot:<presetId>:<revision>`), and what a file was
   * seen to install here (`installs:<print>=<version>`, see transfers.ts).
   */
  done: z.array(z.string()),
  session: SessionContext.nullable(),
  /** Records not folded whole, newest last (at most MAX_RECORD_FAULTS). */
  recordFaults: z.array(RecordFault).default([]),
  /** The last folded record per topic partition: a redelivered record is recognised and skipped. */
  positions: z.array(z.object({ topic: z.string(), partition: z.int(), offset: z.string() })),
});
export type DeviceProjection = z.infer<typeof DeviceProjection>;
