import { z } from 'zod';
import { ACS_METHODS, CwmpVersion, DeviceId, OpaqueId } from '@headend/events';

/** The session record's shape before v2 (no dispatched rpcIds, no per-session time-out). */
const SessionStateV1 = z.object({
  v: z.literal(1),
  sessionId: OpaqueId,
  deviceId: DeviceId,
  namespace: z.string().regex(/^urn:dslforum-org:cwmp-1-\d{1,2}$/),
  cwmpVersion: CwmpVersion,
  startedAt: z.int().min(0),
  sequence: z.int().min(0),
  phase: z.enum(['cpe', 'acs']),
  inFlight: z
    .object({
      rpcId: OpaqueId,
      method: z.enum(ACS_METHODS),
      cwmpId: z.string().max(64),
      sentAt: z.int().min(0),
    })
    .nullable(),
  rpcCount: z.int().min(0),
  lastCwmpId: z.int().min(0),
  xmlDeclaration: z.boolean(),
  informDigest: z.string().regex(/^[0-9a-f]{0,64}$/),
  traceparent: z.string().max(55),
});

/**
 * A live CWMP session, as every gateway replica sees it. Stored in `sess:{device}` between requests,
 * so any replica can serve the next request; validated when read back, because replicas of two
 * releases may share it during a rolling upgrade.
 */
export const SessionState = z.object({
  /** The record's own version; bump it with an upcaster when the shape changes. */
  v: z.literal(2),
  sessionId: OpaqueId,
  deviceId: DeviceId,
  /** The namespace every message of this session is answered in. */
  namespace: z.string().regex(/^urn:dslforum-org:cwmp-1-\d{1,2}$/),
  cwmpVersion: CwmpVersion,
  startedAt: z.int().min(0),
  /** Sequence number of the last event appended for this session (SessionStarted is 0). */
  sequence: z.int().min(0),
  /** 'cpe': the CPE may still send its requests; 'acs': the CPE sent its empty POST, the ACS leads. */
  phase: z.enum(['cpe', 'acs']),
  /** The ACS request the CPE has not answered yet. */
  inFlight: z
    .object({
      rpcId: OpaqueId,
      method: z.enum(ACS_METHODS),
      cwmpId: z.string().max(64),
      sentAt: z.int().min(0),
    })
    .nullable(),
  rpcCount: z.int().min(0),
  /**
   * The rpcIds sent in this session, in order: a queue entry naming one of them again is a
   * duplicate (provisioning enqueues at least once). At most the session's RPC limit.
   */
  dispatched: z.array(OpaqueId).max(4096),
  /** Counter behind the cwmp:ID of the ACS's requests. */
  lastCwmpId: z.int().min(0),
  /** Whether answers carry an XML declaration (mirroring the CPE: some cannot parse one). */
  xmlDeclaration: z.boolean(),
  /** Fingerprint of the Inform that opened the session: the same Inform again is a re-send. */
  informDigest: z.string().regex(/^[0-9a-f]{0,64}$/),
  /** W3C traceparent of the session's trace ('' when not traced): every request of it joins it. */
  traceparent: z.string().max(55),
  /** Lifetime of the lock and the record, renewed by each request (the CPE's SessionTimeout, bounded). */
  ttlMs: z.int().min(1),
  /**
   * Whether the ACS's last message told the CPE to hold its requests (cwmp:HoldRequests). Added
   * within v2: a record of the release before has none, and no hold.
   */
  holding: z.boolean().default(false),
  /**
   * When the gateway last stored the record (its clock, epoch ms): the CPE's last sign of life, for
   * closing a session whose CPE vanished. Added within v2: absent in older records.
   */
  storedAt: z.int().min(0).optional(),
});
export type SessionState = z.infer<typeof SessionState>;

/** A v1 record (written by a replica of the previous release) as v2. */
function upcastV1(stored: z.infer<typeof SessionStateV1>, defaultTtlMs: number): SessionState {
  return { ...stored, v: 2, dispatched: [], ttlMs: defaultTtlMs, holding: false };
}

/**
 * Parses a stored session record; null when it is not one (corrupt, or a future shape). A v1
 * record gets `defaultTtlMs` (v1 sessions all had the configured time-out).
 */
export function parseSessionState(json: string, defaultTtlMs = 60_000): SessionState | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = SessionState.safeParse(value);
  if (parsed.success) return parsed.data;
  const v1 = SessionStateV1.safeParse(value);
  return v1.success ? upcastV1(v1.data, defaultTtlMs) : null;
}

export function serializeSessionState(state: SessionState): string {
  return JSON.stringify(state);
}
