import type { SessionState } from '@headend/cwmp-session';
import { lost } from '@headend/cwmp-session';
import type { DeviceEvent } from '@headend/events';
import { parseDeviceId } from '@headend/events';
import type { SessionStore } from './session-store.js';

/** A session whose CPE vanished, closed from the record it left (see lost()). */
export function lostEnd(left: SessionState): DeviceEvent {
  return lost(
    left,
    left.storedAt ?? left.startedAt,
    `the CPE sent nothing more within the session's time-out (${left.ttlMs} ms)`,
  );
}

/**
 * One pass of the reaper: every session whose lock expired without an end (its live-session mark
 * expired, its record is still there and no longer holds the lock) is closed as 'lost', then
 * forgotten. Any replica may run it at any time: a replica takes a mark by moving it (only one
 * move succeeds) before closing its session, and the end's id is `<session>:lost` whoever writes
 * it. A replica that stops midway leaves the mark to come due again (after `keepMs`). Returns how
 * many sessions it closed.
 */
export async function reapLostSessions(
  sessions: SessionStore,
  append: (events: readonly DeviceEvent[]) => Promise<void>,
  pass: { readonly now: number; readonly keepMs: number; readonly limit: number },
): Promise<number> {
  let closed = 0;
  for (const mark of await sessions.expiredMarks(pass.now, pass.limit)) {
    if (parseDeviceId(mark.deviceId) === null) continue;
    const until = pass.now + pass.keepMs;
    if (!(await sessions.takeMark(mark, until))) continue;
    const { raw, state, holder } = await sessions.leftBehind(mark.deviceId);
    // Still live (its lock was renewed after the mark was read): its next save marks it again.
    if (state !== null && holder === state.sessionId) continue;
    if (state !== null) {
      await append([lostEnd(state)]);
      closed++;
    }
    await sessions.forget(mark, raw, until);
  }
  return closed;
}
