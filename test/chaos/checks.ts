import type { DeviceEvent } from '@headend/events';
import type { JournalSession } from './journal.js';
import { writtenValues } from './journal.js';
import type { LoggedEvent } from './log-reader.js';
import type { PlannedTask } from './workload.js';

/**
 * The fault-injection checks, pure: from what the simulated CPEs were acknowledged (their journal),
 * the whole Kafka log and the projections, one row of the table per fault window.
 */

/** A stretch of the run: sessions that started in [start, end) are judged in it. */
export interface Window {
  readonly fault: string;
  readonly start: number;
  readonly end: number;
  /** When the fault was dealt. */
  readonly faultAt: number;
  /** When the faulted part answered again (undefined: no fault). */
  readonly restartedAt?: number;
  /** When every device was first seen converged after the restart (undefined: never). */
  readonly convergedAt?: number;
}

/** What a converged device holds: the current preset value and tag, every task done. */
export interface Expectation {
  /** Device id to [path, value] pairs the CPE and its projection must hold. */
  readonly values: ReadonlyMap<string, readonly (readonly [string, string])[]>;
  readonly tag: string;
  readonly tasks: readonly PlannedTask[];
}

/** The slice of a device projection the checks read. */
export interface ProjectionView {
  readonly _id: string;
  readonly parameters: readonly { readonly path: string; readonly value: string | null }[];
  readonly tags: readonly string[];
  readonly tasks: readonly { readonly id: string; readonly state: string }[];
}

export interface Row {
  readonly fault: string;
  /** Seconds from the restart until sessions succeed again (null: no fault, or never). */
  readonly recoveryS: number | null;
  /** Seconds from the restart (from the round's start without a fault) until every device converged (null: never). */
  readonly convergedS: number | null;
  readonly sessionsAcked: number;
  readonly missingEvents: number;
  readonly unendedSessions: number;
  readonly duplicateIds: number;
  readonly taskEffects: number;
  readonly notConverged: number;
  readonly undecodable: number;
  readonly ok: boolean;
  /** One line per violation found, for the report. */
  readonly details: string[];
}

interface KafkaSession {
  readonly sessionId: string;
  readonly deviceId: string;
  startedAt: number | undefined;
  inform: Extract<DeviceEvent, { type: 'InformReceived' }> | undefined;
  /** RpcResponded / RpcFaulted, by sequence. */
  answers: { sequence: number; method: string }[];
  requests: { type: string; commandKey: string | null }[];
  ended: string | undefined;
}

/** The CPE's own requests and the events the gateway records them as. */
const REQUEST_EVENTS: Readonly<Record<string, string>> = {
  TransferComplete: 'TransferCompleteReceived',
  AutonomousTransferComplete: 'AutonomousTransferCompleteReceived',
  RequestDownload: 'RequestDownloadReceived',
  DUStateChangeComplete: 'DuStateChangeCompleteReceived',
  AutonomousDUStateChangeComplete: 'AutonomousDuStateChangeCompleteReceived',
  Kicked: 'KickedReceived',
};

export function sessionsOf(events: readonly LoggedEvent[]): Map<string, KafkaSession> {
  const sessions = new Map<string, KafkaSession>();
  for (const { event, time } of events) {
    // Session events only (a MessageRefused names its session, when it has one, without a place in it).
    if (event.type === 'MessageRefused' || !('sessionId' in event.data) || !('sequence' in event.data))
      continue;
    const e = event as Exclude<DeviceEvent, { type: 'MessageRefused' }>;
    const { sessionId, deviceId } = e.data;
    let s = sessions.get(sessionId);
    if (s === undefined) {
      s = {
        sessionId,
        deviceId,
        startedAt: undefined,
        inform: undefined,
        answers: [],
        requests: [],
        ended: undefined,
      };
      sessions.set(sessionId, s);
    }
    switch (e.type) {
      case 'SessionStarted':
        s.startedAt = Date.parse(time);
        break;
      case 'InformReceived':
        s.inform = e;
        break;
      case 'RpcResponded':
        if (!s.answers.some((a) => a.sequence === e.data.sequence))
          s.answers.push({ sequence: e.data.sequence, method: e.data.response.method });
        break;
      case 'RpcFaulted':
        if (!s.answers.some((a) => a.sequence === e.data.sequence))
          s.answers.push({ sequence: e.data.sequence, method: e.data.method });
        break;
      case 'SessionEnded':
        s.ended = e.data.outcome;
        break;
      default:
        s.requests.push({
          type: e.type,
          commandKey: 'commandKey' in e.data ? (e.data.commandKey ?? null) : null,
        });
    }
  }
  for (const s of sessions.values()) s.answers.sort((a, b) => a.sequence - b.sequence);
  return sessions;
}

const informKey = (device: string, currentTime: string, retryCount: number): string =>
  JSON.stringify([device, currentTime, retryCount]);

/** (a) Every Inform, RPC answer and CPE request acknowledged to a CPE is on cwmp.device-events.v1. */
export function missingEvents(
  journal: readonly JournalSession[],
  sessions: ReadonlyMap<string, KafkaSession>,
  inWindow: (s: JournalSession) => boolean,
  details: string[],
): { acked: number; missing: number } {
  const byInform = new Map<string, KafkaSession[]>();
  for (const s of sessions.values()) {
    if (s.inform === undefined) continue;
    const key = informKey(s.deviceId, s.inform.data.currentTime.raw, s.inform.data.retryCount);
    byInform.set(key, [...(byInform.get(key) ?? []), s]);
  }
  let acked = 0;
  let missing = 0;
  for (const cpe of journal) {
    if (!cpe.trace.informAcked) continue;
    const { inform } = cpe.trace;
    // Taken even outside the window, so each Kafka session matches one CPE session at most.
    const kafka = byInform.get(informKey(cpe.device, inform.currentTime, inform.retryCount))?.shift();
    if (!inWindow(cpe)) continue;
    acked += 1;
    const responses = cpe.trace.executed.filter((e) => e.acked);
    if (kafka === undefined) {
      missing += 1 + responses.length + cpe.trace.delivered.length;
      details.push(
        `${cpe.device}: Inform of ${new Date(cpe.startedAt).toISOString()} (CurrentTime ${inform.currentTime}) acknowledged, no InformReceived`,
      );
      continue;
    }
    responses.forEach((r, i) => {
      const answer = kafka.answers[i];
      const method = r.request.type;
      if (answer?.method !== method) {
        missing += 1;
        details.push(
          `${cpe.device} session ${kafka.sessionId}: the ${method} answer (#${i + 1}) was acknowledged, recorded: ${answer?.method ?? 'nothing'}`,
        );
      }
    });
    // The 204 that ended the session came after its SessionEnded was acknowledged.
    if (cpe.ok && kafka.ended === undefined) {
      missing += 1;
      details.push(`${cpe.device} session ${kafka.sessionId}: ended with 204, no SessionEnded recorded`);
    }
    for (const request of cpe.trace.delivered) {
      const type = REQUEST_EVENTS[request.type];
      const found = kafka.requests.some(
        (r) => r.type === type && (request.commandKey === undefined || r.commandKey === request.commandKey),
      );
      if (!found) {
        missing += 1;
        details.push(`${cpe.device} session ${kafka.sessionId}: ${request.type} acknowledged, not recorded`);
      }
    }
  }
  return { acked, missing };
}

/** (b) Every SessionStarted of the window has a SessionEnded. */
export function unendedSessions(
  sessions: ReadonlyMap<string, KafkaSession>,
  window: Window,
  details: string[],
): number {
  let count = 0;
  for (const s of sessions.values()) {
    if (s.startedAt === undefined || s.startedAt < window.start || s.startedAt >= window.end) continue;
    if (s.ended !== undefined) continue;
    count += 1;
    details.push(
      `${s.deviceId}: session ${s.sessionId} started ${new Date(s.startedAt).toISOString()}, no SessionEnded`,
    );
  }
  return count;
}

/** The content an id names: type and data, less what a replay of the same request may measure anew. */
function content(event: LoggedEvent['event']): string {
  const data: Record<string, unknown> = { ...event.data };
  delete data['durationMs'];
  return JSON.stringify([event.type, data]);
}

/** (c) The ids that name two different events (one id, one content: a redelivery, fine). */
export function duplicateIds(events: readonly LoggedEvent[]): Map<string, string[]> {
  const byId = new Map<string, Set<string>>();
  for (const e of events) {
    const set = byId.get(e.id) ?? new Set<string>();
    set.add(content(e.event));
    byId.set(e.id, set);
  }
  const duplicates = new Map<string, string[]>();
  for (const [id, contents] of byId) if (contents.size > 1) duplicates.set(id, [...contents]);
  return duplicates;
}

/** (d) For each task: its RPC executed on the device, not again once answered; and done once. */
export function taskEffects(
  tasks: readonly PlannedTask[],
  journal: readonly JournalSession[],
  events: readonly LoggedEvent[],
  details: string[],
): number {
  let violations = 0;
  for (const task of tasks) {
    const doneIds = new Set(
      events
        .filter(
          (e) =>
            e.event.type === 'TaskUpdated' &&
            e.event.data.taskId === task.taskId &&
            e.event.data.state === 'done',
        )
        .map((e) => e.id),
    );
    const executions = journal
      .filter((s) => s.device === task.deviceId)
      .flatMap((s) => s.trace.executed)
      .filter((e) => {
        switch (task.kind) {
          case 'setParameterValues':
            return (
              e.request.type === 'SetParameterValues' &&
              ((e.request['parameterList'] as { name: string; value: string }[] | undefined) ?? []).some(
                (p) => p.name === task.path && p.value === task.value,
              )
            );
          case 'reboot':
          case 'download':
            return (
              e.request.type === (task.kind === 'reboot' ? 'Reboot' : 'Download') &&
              e.request['commandKey'] === task.commandKey
            );
          case 'getParameterValues':
            return false;
        }
      });
    const answered = executions.filter((e) => e.acked).length;
    // Once: executed, and never again after the ACS had its answer. An execution whose answer the ACS
    // never took (the session broke) may be repeated: the ACS cannot know it happened.
    const firstAnswered = executions.findIndex((e) => e.acked);
    const repeated = firstAnswered >= 0 && firstAnswered < executions.length - 1;
    const effectOnce = task.kind === 'getParameterValues' || (executions.length > 0 && !repeated);
    if (doneIds.size !== 1 || !effectOnce) {
      violations += 1;
      details.push(
        `task ${task.taskId} (${task.kind}) on ${task.deviceId}: done ${doneIds.size}x, executed ${executions.length}x, answered ${answered}x`,
      );
    }
  }
  return violations;
}

/** The value a simulated device holds now: the last one an accepted SetParameterValues wrote. */
function deviceValue(journal: readonly JournalSession[], device: string, path: string): string | undefined {
  let value: string | undefined;
  for (const s of journal) {
    if (s.device !== device) continue;
    for (const p of writtenValues(s)) if (p.name === path) value = p.value;
  }
  return value;
}

/** (e) The devices that do not hold what they should, on the device or in their projection. */
export function notConverged(
  devices: readonly string[],
  journal: readonly JournalSession[],
  projections: readonly ProjectionView[],
  expected: Expectation,
  details: string[] | undefined,
): number {
  const byId = new Map(projections.map((p) => [p._id, p]));
  const sorted = [...journal].sort((a, b) => a.endedAt - b.endedAt);
  let count = 0;
  for (const device of devices) {
    const projection = byId.get(device);
    const why: string[] = [];
    if (projection === undefined) why.push('no projection');
    else if (!projection.tags.includes(expected.tag)) why.push(`no tag ${expected.tag}`);
    for (const [path, value] of expected.values.get(device) ?? []) {
      const stored = projection?.parameters.find((p) => p.path === path)?.value;
      if (stored !== value) why.push(`projection ${path}=${stored ?? 'absent'}, want ${value}`);
      const held = deviceValue(sorted, device, path);
      if (held !== value) why.push(`device ${path}=${held ?? 'its own'}, want ${value}`);
    }
    for (const task of expected.tasks) {
      if (task.deviceId !== device) continue;
      const state = projection?.tasks.find((t) => t.id === task.taskId)?.state;
      if (state !== 'done') why.push(`task ${task.taskId} ${state ?? 'unknown'}`);
      if (task.kind === 'download' && task.path !== undefined) {
        const version = projection?.parameters.find((p) => p.path === task.path)?.value;
        if (
          version !== task.value &&
          task === expected.tasks.findLast((t) => t.deviceId === device && t.kind === 'download')
        )
          why.push(`${task.path}=${version ?? 'absent'}, want ${task.value}`);
      }
    }
    if (why.length > 0) {
      count += 1;
      details?.push(`${device} not converged: ${why.join('; ')}`);
    }
  }
  return count;
}

/** (f) Seconds from the restart until sessions succeed again: the first success after the last failure. */
export function recoverySeconds(journal: readonly JournalSession[], window: Window): number | null {
  const restartedAt = window.restartedAt;
  if (restartedAt === undefined) return null;
  // Every session up to the check, not only the window's: recovery is often later than its end.
  const after = journal.filter((s) => s.endedAt >= restartedAt).sort((a, b) => a.startedAt - b.startedAt);
  const lastFailure = after.findLastIndex((s) => !s.ok);
  const recovered = after.slice(lastFailure + 1).find((s) => s.ok && s.startedAt >= restartedAt);
  return recovered === undefined ? null : Math.max(0, (recovered.endedAt - restartedAt) / 1000);
}
