export {
  BackendUnavailableError,
  ClosedError,
  DocumentRefusedError,
  DuplicateKeyError,
  HeadendError,
  InvalidConfigError,
  PlatformErrorCode,
  isBackendUnavailable,
  isDocumentRefused,
  isDuplicateKey,
  isInvalidConfig,
} from './errors.js';
export type { Backend } from './errors.js';
export type {
  AppendedRecord,
  ConsumedRecord,
  EventLog,
  OutgoingRecord,
  RecordHandler,
  SubscribeOptions,
  Subscription,
  SubscriptionObserver,
  TopicSpec,
} from './event-log.js';
export type { CoordinationStore, Fence, WakeupSubscription } from './coordination.js';
export { ACTIVE_SESSION_SHARDS, activeSessionShard, coordinationKeys } from './redis-keys.js';
export type {
  DocumentCollection,
  DocumentStore,
  FieldCondition,
  Filter,
  FindOptions,
  IndexSpec,
  Scalar,
  SortSpec,
  StoredDocument,
  UpdateResult,
  Update,
} from './document-store.js';
export {
  MAX_DOCUMENT_DEPTH,
  MONGO_MAX_DOCUMENT_BYTES,
  bsonSize,
  documentShapeProblem,
  utf8Length,
} from './document-shape.js';
export type { ShapeProblem } from './document-shape.js';
