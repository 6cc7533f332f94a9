import { CAPS } from '@headend/events';
import type { SessionState } from './state.js';
import type { SessionEvent } from './step.js';

/** A session's lifetime: its time-out, and its end after the fact when nobody ended it. */

/**
 * The lock and record lifetime of a session: the CPE's SessionTimeout (CWMP 1.3+, seconds) when it
 * sent one, at most `maxMs`; otherwise the configured default. Never less than `minMs` (a plan wait
 * and an append), whatever was configured: the lock must outlive a request waiting for its plan.
 */
export function sessionTtlMs(
  requestedSeconds: number | undefined,
  bounds: { readonly defaultMs: number; readonly minMs: number; readonly maxMs: number },
): number {
  const asked =
    requestedSeconds === undefined || !Number.isFinite(requestedSeconds) || requestedSeconds <= 0
      ? bounds.defaultMs
      : Math.min(bounds.maxMs, Math.round(requestedSeconds * 1000));
  return Math.max(bounds.minMs, asked);
}

/** What closing a session after the fact needs to know of it (its record, or as much as is left). */
export type LostSession = Pick<
  SessionState,
  'deviceId' | 'sessionId' | 'sequence' | 'rpcCount' | 'startedAt'
>;

/**
 * The end of a session nobody ended: its CPE vanished (the lock expired without an end) or its
 * state was lost. Outcome 'lost'; its id is `<sessionId>:lost` whoever closes it (any replica, or
 * provisioning), so closing it twice is recognised. `lastSeenAt` is the last sign of life.
 */
export function lost(session: LostSession, lastSeenAt: number, reason: string): SessionEvent {
  return {
    type: 'SessionEnded',
    version: 1,
    data: {
      deviceId: session.deviceId,
      sessionId: session.sessionId,
      sequence: session.sequence + 1,
      outcome: 'lost',
      rpcCount: session.rpcCount,
      durationMs: Math.max(0, lastSeenAt - session.startedAt),
      reason: reason.slice(0, CAPS.text),
    },
  };
}
