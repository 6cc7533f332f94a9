/**
 * Deterministic event ids. A re-sent or redelivered event gets the same id, so consumers dedupe on
 * `ce_id` alone. Parts are OpaqueIds (no ':'), numbers, or fixed words, so no two rules can produce
 * the same id:
 *
 * - session events (cwmp.device-events.v1): `<sessionId>:<sequence>`; a SessionEnded with outcome
 *   `lost` (written after the fact, by whoever finds the session lost): `<sessionId>:lost`
 * - task events (acs.commands.v1): `<taskId>:requested`, `<taskId>:cancelled`
 * - connection requests (acs.commands.v1): `<requestId>:connection-requested`
 * - config events (acs.config-events.v1): `preset:<presetId>:<revision>`, `file:<fileId>:<revision>`
 * - audit events (acs.audit.v1): `audit:<callId>`
 * - task updates (acs.task-events.v1): `<taskId>:<state>:<attempts>`
 * - dead letters (acs.dead-letters.v1): `dead-letter:<group>:<topic>:<partition>:<offset>`
 */

export function sessionEventId(sessionId: string, sequence: number): string {
  return `${sessionId}:${sequence}`;
}

/**
 * A session found lost after the fact (its CPE vanished, or the gateway's state of it was lost) does
 * not know its last sequence; whoever closes it (the gateway's reaper, provisioning) uses this id, so
 * the two closing the same session write the same event.
 */
export function sessionLostEventId(sessionId: string): string {
  return `${sessionId}:lost`;
}

export function taskEventId(taskId: string, what: 'requested' | 'cancelled'): string {
  return `${taskId}:${what}`;
}

export function connectionRequestEventId(requestId: string): string {
  return `${requestId}:connection-requested`;
}

export type ConfigObjectKind = 'preset' | 'file';

/** The Kafka key of a config object: one key space per kind. */
export function configObjectKey(kind: ConfigObjectKind, objectId: string): string {
  return `${kind}:${objectId}`;
}

export function configEventId(kind: ConfigObjectKind, objectId: string, revision: number): string {
  return `${kind}:${objectId}:${revision}`;
}

export function taskUpdateId(taskId: string, state: string, attempts: number): string {
  return `${taskId}:${state}:${attempts}`;
}

export function auditEventId(callId: string): string {
  return `audit:${callId}`;
}

export function deadLetterEventId(group: string, topic: string, partition: number, offset: string): string {
  return `dead-letter:${group}:${topic}:${partition}:${offset}`;
}
