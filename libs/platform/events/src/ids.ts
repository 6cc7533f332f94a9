/**
 * Deterministic event ids. A re-sent or redelivered event gets the same id, so consumers dedupe on
 * `ce_id` alone. Parts are OpaqueIds (no ':'), numbers, or fixed words, so no two rules can produce
 * the same id:
 *
 * - session events (cwmp.device-events.v1): what the CPE said (SessionStarted, InformReceived, its
 *   requests, its responses and faults) `<sessionId>:<sequence>`; what the ACS decided is named by the
 *   decision instead: RpcSent `<sessionId>:rpc:<rpcId>`, SessionEnded `<sessionId>:<outcome>` (so
 *   `<sessionId>:lost` for a session closed after the fact, by any replica or by provisioning).
 *   Why: a replica that dies between appending a step and storing the session leaves the record
 *   one step behind Kafka. The CPE's request replayed from that record gives the same events at the
 *   same places (same ids: recognised); but the ACS may decide differently the second time (the
 *   queue moved on, the session is superseded or times out), and a decision numbered by place would
 *   then reuse the id of the event the lost step appended.
 * - MessageRefused (cwmp.device-events.v1): `<refusalId>:refused`, one per occurrence
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

/** The ACS sent RPC `rpcId` in the session (an RPC is sent at most once per session). */
export function rpcSentId(sessionId: string, rpcId: string): string {
  return `${sessionId}:rpc:${rpcId}`;
}

/** The session ended with `outcome` (the outcome is one of SessionOutcome's words, never a number). */
export function sessionEndedId(sessionId: string, outcome: string): string {
  return `${sessionId}:${outcome}`;
}

/** A message the gateway refused or cut (MessageRefused), one id per occurrence. */
export function refusalEventId(refusalId: string): string {
  return `${refusalId}:refused`;
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
