export { ACS_SIDE_METHODS, dispatch, end, receive, refuse, repeatInform, startSession } from './machine.js';
export { DEFAULT_SESSION_LIMITS } from './step.js';
export { lost, sessionTtlMs } from './lifetime.js';
export type { LostSession } from './lifetime.js';
export type {
  Reply,
  SessionEvent,
  SessionInput,
  SessionLimits,
  SessionOutcome,
  SessionStart,
  Step,
} from './step.js';
export { negotiateVersion } from './negotiation.js';
export type { Negotiated } from './negotiation.js';
export { parseQueueItem, serializeQueueItem } from './queue.js';
export type { QueueItem, QueueItemResult } from './queue.js';
export { SessionState, parseSessionState, serializeSessionState } from './state.js';
export { cpeRequestReceived, informReceived, rpcFaulted, rpcRequest, rpcResponse } from './to-events.js';
export type { AcsRequest, CpeResponse, EventPlace, RecordedCpeRequest } from './to-events.js';
export { fittedOf } from './events/fitted.js';
export type { Fitted } from './events/fitted.js';
