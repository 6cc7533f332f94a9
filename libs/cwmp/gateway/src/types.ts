import type { DeviceEvent } from '@headend/events';

/** What the gateway and its transport exchange, and what it tells its observer. */

/** One HTTP POST from a CPE, as the transport saw it. */
export interface CwmpRequest {
  readonly body: Uint8Array;
  /** The Cookie header, if any. */
  readonly cookie?: string | undefined;
  /** The session this connection carried before (CPEs that keep the connection but drop cookies). */
  readonly connectionSession?: SessionRef | undefined;
  /**
   * Whether the request carried credentials (an Authorization header). Such a request continues
   * only its own device's session, never the one its connection carried for another device.
   */
  readonly credentials?: boolean | undefined;
  /**
   * Checks the request's credentials; the gateway calls it for every Inform and for any request that
   * names no live session (a session's later requests are known by their cookie or connection).
   * For an Inform it passes the device id the Inform names: credentials that are not that device's
   * are refused (the answer is in the result).
   */
  readonly authenticate: (informDeviceId?: string) => Promise<Authentication>;
  readonly tls: boolean;
  readonly traceparent?: string | undefined;
}

export type Authentication =
  | {
      readonly ok: true;
      readonly scheme: 'digest' | 'basic' | 'none';
      /** The device id the credentials name, when they name one. */
      readonly deviceId: string | undefined;
    }
  | { readonly ok: false; readonly response: CwmpResponse };

export interface SessionRef {
  readonly deviceId: string;
  readonly sessionId: string;
}

export interface CwmpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The session the next request on this connection belongs to; null once it ended. */
  readonly session: SessionRef | null;
}

export interface Clock {
  now(): number;
}

/** Told about every batch of events once it is durable (metrics, logs). */
export interface GatewayObserver {
  recorded(events: readonly DeviceEvent[]): void;
  /** How long an empty POST (or a response) waited for the next queue entry, and whether it came. */
  planWaited(seconds: number, planned: boolean): void;
  /** An ACS request answered (response or fault), from its sending to its answer. */
  rpcAnswered(method: string, seconds: number): void;
  /** A queue entry passed over: planned for another session, or an RPC already sent in this one. */
  queueEntryDiscarded(reason: 'other-session' | 'duplicate-rpc'): void;
  /**
   * A CPE message refused because the event catalogue cannot hold it (an Inform answered 400, a
   * request answered with fault 8003, a response recorded as a fault), by our reason code, with the
   * device id its credentials (or its session) name, when known.
   */
  messageRefused(reason: RefusalReason, deviceId: string | undefined): void;
}

export type RefusalReason = 'inform-identity' | 'inform' | 'request' | 'response' | 'cwmp-id' | 'truncated';

export interface IdSource {
  /** A new session id, unique across replicas ([A-Za-z0-9_-]). */
  sessionId(): string;
}
