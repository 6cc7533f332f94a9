/** The session decider's inputs and outputs: what arrives, what to append, what to answer. */
import type { CwmpEnvelope, CwmpEnvelopeInput, DecodeError } from '@headend/cwmp-codec';
import type { DeviceEvent } from '@headend/events';
import type { SessionState } from './state.js';

/** What the gateway answers the CPE, or that it must first take the next item of the RPC queue. */
export type Reply =
  | { readonly kind: 'soap'; readonly status: 200 | 500; readonly envelope: CwmpEnvelopeInput }
  | { readonly kind: 'no-content' }
  | { readonly kind: 'dequeue' };

/** The events of a session (what the session machine appends). */
export type SessionEvent = Exclude<DeviceEvent, { type: 'MessageRefused' }>;

export type SessionOutcome = Extract<DeviceEvent, { type: 'SessionEnded' }>['data']['outcome'];

export interface Step {
  /** In order; all must be durable before the reply is sent. */
  readonly append: readonly SessionEvent[];
  /** The state to store; null once the session is over (release the lock, delete the record). */
  readonly state: SessionState | null;
  readonly reply: Reply;
  /**
   * Set when a queue entry was passed over instead of dispatched: planned for another (older)
   * session, or an RPC this session already sent. The reply is then `dequeue`: take the next one.
   */
  readonly discarded?: 'other-session' | 'duplicate-rpc';
}

/** A POST of an open session, as the codec decoded it. */
export type SessionInput =
  | { readonly kind: 'message'; readonly envelope: CwmpEnvelope }
  | { readonly kind: 'empty' }
  | { readonly kind: 'undecodable'; readonly error: DecodeError };

export interface SessionStart {
  readonly sessionId: string;
  readonly deviceId: string;
  readonly now: number;
  readonly authentication: 'digest' | 'basic' | 'none';
  readonly tls: boolean;
  /** Whether this session's answers carry an XML declaration. */
  readonly xmlDeclaration: boolean;
  /** Fingerprint of the Inform's bytes (the gateway hashes them), to recognise a re-send. */
  readonly informDigest: string;
  /** The session's trace, W3C traceparent ('' when not traced). */
  readonly traceparent: string;
  /** Lifetime of the session's lock and record (see sessionTtlMs). */
  readonly ttlMs: number;
}

export interface SessionLimits {
  /** ACS requests per session before the session is cut short (a plan always ends; this is the guard). */
  readonly maxRpcs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { maxRpcs: 256 };
