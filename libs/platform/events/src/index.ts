export { TOPICS, TOPIC_SPECS, topicSpecs } from './topics.js';
export type { TopicName } from './topics.js';
export { DEVICE_ID_MAX_LENGTH, DeviceId, DeviceIdentity, deviceIdOf, parseDeviceId } from './device-id.js';
export type { DeviceIdParts } from './device-id.js';
export {
  auditEventId,
  configEventId,
  configObjectKey,
  connectionRequestEventId,
  refusalEventId,
  rpcSentId,
  sessionEndedId,
  deadLetterEventId,
  sessionEventId,
  taskEventId,
  taskUpdateId,
} from './ids.js';
export type { ConfigObjectKind } from './ids.js';
export {
  CAPS,
  DeviceTime,
  Fault,
  JsonValue,
  OpaqueId,
  ParameterValueStruct,
  Timestamp,
} from './schemas/common.js';
export { ACS_METHODS, AcsMethod, DuOperation, RpcRequest } from './schemas/rpc-requests.js';
export { RpcResponse } from './schemas/rpc-responses.js';
export {
  AutonomousDuStateChangeCompleteReceived,
  AutonomousTransferCompleteReceived,
  CwmpVersion,
  DeviceEvent,
  DuStateChangeCompleteReceived,
  InformReceived,
  KickedReceived,
  MessageRefused,
  RequestDownloadReceived,
  RpcFaulted,
  RpcResponded,
  RpcSent,
  SessionEnded,
  SessionOutcome,
  SessionStarted,
  TransferCompleteReceived,
} from './schemas/device-events.js';
export {
  CommandEvent,
  ConnectionRequested,
  Principal,
  Task,
  TaskCancelled,
  TaskRequested,
} from './schemas/command-events.js';
export { ConfigEvent, FileDeleted, FileStored, PresetDeleted, PresetSaved } from './schemas/config-events.js';
export { AdminCallAudited, AuditEvent, AuditOutcome } from './schemas/audit-events.js';
export { TaskEvent, TaskStateName, TaskUpdated } from './schemas/task-events.js';
export {
  DEAD_LETTER_INLINE_BYTES,
  DEAD_LETTER_KEY_CHARS,
  DeadLetterEvent,
  RecordDeadLettered,
} from './schemas/dead-letter-events.js';
export { EVENT_SOURCES, HEADEND_CATALOGUE, HeadendEvent, ceTypeOf } from './headend-catalogue.js';
export type { EventOfType, EventSource, EventType } from './headend-catalogue.js';
export { defineCatalogue, upcaster } from './catalogue.js';
export type {
  Catalogue,
  CatalogueSpec,
  CurrentEvent,
  EventSchema,
  EventShape,
  ReadResult,
  Reader,
  Route,
  Upcaster,
} from './catalogue.js';
export { CE_HEADERS, CONTENT_TYPE, MAX_RECORD_BYTES, SPEC_VERSION, isTraceparent } from './headers.js';
export { encodeWith, toRecord } from './encode.js';
export type { RecordContext } from './encode.js';
export { decodeWith, fromRecord } from './decode.js';
export type { DecodeResult, EventMeta } from './decode.js';
export { EventErrorCode, InvalidEventError, isInvalidEvent } from './errors.js';
export type { DecodeError, DecodeErrorCode } from './errors.js';
export { buildAsyncApiDocument } from './asyncapi/document.js';
