import { z } from 'zod';
import { DeviceId, DeviceIdentity } from '../device-id.js';
import {
  ArgStruct,
  CAPS,
  CommandKey,
  Count,
  DeviceTime,
  Fault,
  OpaqueId,
  ParameterValueList,
  Text,
  Token,
  UnsignedInt,
  eventSchema,
} from './common.js';
import { AcsMethod, RpcRequest } from './rpc-requests.js';
import { RpcResponse } from './rpc-responses.js';

/**
 * Events on cwmp.device-events.v1, written by cwmp-gateway, keyed by device id. All but
 * MessageRefused belong to a CWMP session and carry their place in it; ids are
 * `${sessionId}:${sequence}`, or named by the
 * ACS's decision for RpcSent and SessionEnded (see ids.ts).
 */
const session = {
  deviceId: DeviceId,
  sessionId: OpaqueId,
  /** 0 for SessionStarted, then +1 for each event of the session, in append order. */
  sequence: Count,
};

export const CwmpVersion = z.enum(['1.0', '1.1', '1.2', '1.3', '1.4']);

/** No client address or credentials: only what provisioning and analytics need. */
export const SessionStarted = eventSchema(
  'SessionStarted',
  1,
  z.object({
    ...session,
    cwmpVersion: CwmpVersion,
    authentication: z.enum(['digest', 'basic', 'none']),
    tls: z.boolean(),
  }),
);

export const InformReceived = eventSchema(
  'InformReceived',
  1,
  z.object({
    ...session,
    identity: DeviceIdentity,
    events: z
      .array(z.object({ code: z.string().min(1).max(CAPS.eventCode), commandKey: CommandKey }))
      .max(CAPS.events),
    maxEnvelopes: UnsignedInt,
    currentTime: DeviceTime,
    retryCount: UnsignedInt,
    parameters: ParameterValueList,
  }),
);

export const TransferCompleteReceived = eventSchema(
  'TransferCompleteReceived',
  1,
  z.object({
    ...session,
    commandKey: CommandKey,
    fault: Fault.nullable(),
    startTime: DeviceTime,
    completeTime: DeviceTime,
  }),
);

export const AutonomousTransferCompleteReceived = eventSchema(
  'AutonomousTransferCompleteReceived',
  1,
  z.object({
    ...session,
    announceUrl: Text,
    transferUrl: Text,
    isDownload: z.boolean(),
    fileType: Token,
    fileSize: UnsignedInt,
    targetFileName: Text,
    fault: Fault.nullable(),
    startTime: DeviceTime,
    completeTime: DeviceTime,
  }),
);

export const RequestDownloadReceived = eventSchema(
  'RequestDownloadReceived',
  1,
  z.object({ ...session, fileType: Token, fileTypeArgs: z.array(ArgStruct).max(CAPS.list) }),
);

const duResult = {
  uuid: Token,
  deploymentUnitRef: Text,
  version: Token,
  /** Installed, Uninstalled or Failed per TR-069; kept as sent. */
  currentState: Token,
  resolved: z.boolean(),
  executionUnitRefList: Text,
  startTime: DeviceTime,
  completeTime: DeviceTime,
  fault: Fault.nullable(),
};

export const DuStateChangeCompleteReceived = eventSchema(
  'DuStateChangeCompleteReceived',
  1,
  z.object({
    ...session,
    commandKey: CommandKey.nullable(),
    results: z.array(z.object(duResult)).max(CAPS.list),
  }),
);

export const AutonomousDuStateChangeCompleteReceived = eventSchema(
  'AutonomousDuStateChangeCompleteReceived',
  1,
  z.object({
    ...session,
    results: z.array(z.object({ ...duResult, operationPerformed: Token })).max(CAPS.list),
  }),
);

/** Deprecated in TR-069 Amendment 5; still recorded when a CPE sends it. */
export const KickedReceived = eventSchema(
  'KickedReceived',
  1,
  z.object({ ...session, command: Token, referer: Text, arg: Text, next: Text }),
);

export const RpcSent = eventSchema(
  'RpcSent',
  1,
  z.object({ ...session, rpcId: OpaqueId, request: RpcRequest }),
);

export const RpcResponded = eventSchema(
  'RpcResponded',
  1,
  z.object({ ...session, rpcId: OpaqueId, response: RpcResponse }),
);

export const RpcFaulted = eventSchema(
  'RpcFaulted',
  1,
  z.object({
    ...session,
    rpcId: OpaqueId,
    method: AcsMethod,
    faultCode: z.int().min(0).max(99_999),
    faultString: Text,
    setParameterValuesFaults: z
      .array(
        z.object({
          parameterName: z.string().max(CAPS.parameterName),
          faultCode: z.int().min(0).max(99_999),
          faultString: Text,
        }),
      )
      .max(CAPS.parameters),
  }),
);

/** `lost`: closed by the ACS after the fact (the CPE vanished mid-session, or the session's state was lost). */
export const SessionOutcome = z.enum(['completed', 'timeout', 'fault', 'aborted', 'superseded', 'lost']);

export const SessionEnded = eventSchema(
  'SessionEnded',
  1,
  z.object({
    ...session,
    outcome: SessionOutcome,
    rpcCount: Count,
    durationMs: Count,
    reason: Text.nullable(),
  }),
);

/**
 * What the gateway refused of a CPE's message, or accepted cut to the catalogue's limits (values
 * over TR-069's limits): so an operator sees it instead of the message being silently changed.
 * Written only for a known device (its credentials or its session name it). Never carries the
 * device's text: the method, our reason code and the fields (event paths) only.
 */
export const MessageRefused = eventSchema(
  'MessageRefused',
  1,
  z.object({
    deviceId: DeviceId,
    /** Minted by the gateway for this occurrence: the event id is `<refusalId>:refused`. */
    refusalId: OpaqueId,
    /** The session the message belonged to; null for an Inform refused before any session. */
    sessionId: OpaqueId.nullable(),
    /** The CWMP method of the message (the codec's names), e.g. Inform, TransferComplete. */
    message: Token,
    /** refused: not recorded (the CPE got a fault or 400); truncated: recorded with values cut or left out. */
    action: z.enum(['refused', 'truncated']),
    reason: z.enum(['inform-identity', 'inform', 'request', 'response', 'cwmp-id', 'truncated']),
    /** Where, as event paths (e.g. data.identity.serialNumber, data.parameters), with how many values. */
    fields: z.array(z.object({ field: Token, count: Count })).max(CAPS.list),
    detail: Text,
  }),
);

export const DeviceEvent = z.discriminatedUnion('type', [
  SessionStarted,
  InformReceived,
  TransferCompleteReceived,
  AutonomousTransferCompleteReceived,
  RequestDownloadReceived,
  DuStateChangeCompleteReceived,
  AutonomousDuStateChangeCompleteReceived,
  KickedReceived,
  RpcSent,
  RpcResponded,
  RpcFaulted,
  SessionEnded,
  MessageRefused,
]);
export type DeviceEvent = z.infer<typeof DeviceEvent>;
