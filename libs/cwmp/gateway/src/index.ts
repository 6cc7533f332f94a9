export { CwmpGateway } from './gateway.js';
export { UnrecordableMessageError } from './refusals.js';
export type {
  Authentication,
  Clock,
  CwmpRequest,
  CwmpResponse,
  GatewayObserver,
  RefusalReason,
  IdSource,
  SessionRef,
} from './types.js';
export { formatSessionCookie, parseSessionCookie, SESSION_COOKIE } from './cookie.js';
export { DEFAULT_GATEWAY_OPTIONS, sessionKeepMs } from './options.js';
export type { GatewayOptions } from './options.js';
export { SessionStore } from './session-store.js';
