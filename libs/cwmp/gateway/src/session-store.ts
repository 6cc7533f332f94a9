import type { CoordinationStore } from '@headend/ports';
import { ACTIVE_SESSION_SHARDS, activeSessionShard, coordinationKeys } from '@headend/ports';
import type { QueueItemResult, SessionState } from '@headend/cwmp-session';
import { parseQueueItem, parseSessionState, serializeSessionState } from '@headend/cwmp-session';

/**
 * The session's coordination state in Redis (key names in coordinationKeys): the one-session-per-
 * device lock (its value, the session id, is the fencing token), the session record, the pending RPC
 * queue, and the wake-up channel provisioning publishes on when it has planned.
 */
export class SessionStore {
  constructor(
    private readonly store: CoordinationStore,
    private readonly sessionTtlMs: number,
    /**
     * How long a session record (and its live-session mark) outlives its lock: a session whose
     * CPE vanished is closed as 'lost' from it (SessionReaper, or the device's next Inform).
     */
    private readonly keepMs = 0,
  ) {}

  /**
   * Takes the device's lock for a new session; `claimed` false while another session holds it.
   * When taken, `left` is the record a previous session left behind without ending (its lock
   * expired: its CPE vanished), to be closed as lost; null when there is none.
   */
  async claim(
    deviceId: string,
    sessionId: string,
  ): Promise<{ readonly claimed: boolean; readonly left: SessionState | null }> {
    const { acquired, left } = await this.store.acquireLockReading(
      coordinationKeys.lock(deviceId),
      sessionId,
      this.sessionTtlMs,
      coordinationKeys.session(deviceId),
    );
    const state = left === null ? null : parseSessionState(left, this.sessionTtlMs);
    return { claimed: acquired, left: state !== null && state.sessionId !== sessionId ? state : null };
  }

  /** The live session of the device, if `sessionId` still holds its lock (one round trip). */
  async load(deviceId: string, sessionId: string | undefined): Promise<SessionState | null> {
    const [raw, holder] = await this.store.getMany([
      coordinationKeys.session(deviceId),
      coordinationKeys.lock(deviceId),
    ]);
    const state = raw == null ? null : parseSessionState(raw, this.sessionTtlMs);
    if (state === null || (sessionId !== undefined && state.sessionId !== sessionId)) return null;
    return holder === state.sessionId ? state : null;
  }

  /**
   * Stores the state and extends the lock, in one step; false when the lock was lost. The device is
   * marked live (activeSessions) as long as the lock: sent in the same tick, so in the same write.
   */
  async save(state: SessionState): Promise<boolean> {
    const [stored] = await Promise.all([
      this.store.putFenced(
        coordinationKeys.session(state.deviceId),
        serializeSessionState({ ...state, storedAt: Date.now() }),
        state.ttlMs,
        { lock: coordinationKeys.lock(state.deviceId), token: state.sessionId },
        { keepMs: this.keepMs },
      ),
      this.store.mark(activeSet(state.deviceId), state.deviceId, Date.now() + state.ttlMs),
    ]);
    return stored;
  }

  /** Ends the session: record and lock go together, only if the lock is still this session's. */
  async release(deviceId: string, sessionId: string): Promise<void> {
    const [released] = await Promise.all([
      this.store.removeFenced(coordinationKeys.session(deviceId), {
        lock: coordinationKeys.lock(deviceId),
        token: sessionId,
      }),
      this.store.unmark(activeSet(deviceId), deviceId),
    ]);
    // Another session of the device holds the lock now (it superseded this one): it stays marked.
    if (!released && (await this.store.lockHolder(coordinationKeys.lock(deviceId))) !== null) {
      await this.store.mark(activeSet(deviceId), deviceId, Date.now() + this.sessionTtlMs);
    }
  }

  /**
   * Live sessions of the whole cluster (every replica reads the same number): devices whose session
   * was stored within its time-out and not ended since. A session whose CPE vanished counts until
   * its lock would have expired.
   */
  async activeSessions(): Promise<number> {
    const now = Date.now();
    const shards = Array.from({ length: ACTIVE_SESSION_SHARDS }, (_, shard) =>
      this.store.countMarked(coordinationKeys.activeSessions(shard), now, { keepExpiredMs: this.keepMs }),
    );
    return (await Promise.all(shards)).reduce((sum, count) => sum + count, 0);
  }

  /** The session id holding the device's lock, or null. */
  lockHolder(deviceId: string): Promise<string | null> {
    return this.store.lockHolder(coordinationKeys.lock(deviceId));
  }

  /** Releases the device's lock if `holder` still holds it (a holder that left no session record). */
  async releaseLock(deviceId: string, holder: string): Promise<void> {
    await this.store.releaseLock(coordinationKeys.lock(deviceId), holder);
  }

  /** Live-session marks expired before `before` (their sessions should have ended), per shard. */
  async expiredMarks(before: number, limit: number): Promise<ExpiredMark[]> {
    const shards = await Promise.all(
      Array.from({ length: ACTIVE_SESSION_SHARDS }, async (_, shard) =>
        (await this.store.expiredMarks(coordinationKeys.activeSessions(shard), before, limit)).map(
          (mark) => ({ shard, deviceId: mark.member, expiresAt: mark.expiresAt }),
        ),
      ),
    );
    return shards.flat();
  }

  /** Moves an expired mark to `until`: the replica that moves it first closes its session. */
  takeMark(mark: ExpiredMark, until: number): Promise<boolean> {
    return this.store.moveMark(
      coordinationKeys.activeSessions(mark.shard),
      mark.deviceId,
      mark.expiresAt,
      until,
    );
  }

  /** The device's session record as stored (raw, for a compare-and-delete) and its lock holder. */
  async leftBehind(
    deviceId: string,
  ): Promise<{ raw: string | null; state: SessionState | null; holder: string | null }> {
    const [raw, holder] = await this.store.getMany([
      coordinationKeys.session(deviceId),
      coordinationKeys.lock(deviceId),
    ]);
    const state = raw == null ? null : parseSessionState(raw, this.sessionTtlMs);
    return { raw: raw ?? null, state, holder: holder ?? null };
  }

  /** Forgets a closed session: its record if still the one read, and the mark taken until `until`. */
  async forget(mark: ExpiredMark, raw: string | null, until: number): Promise<void> {
    if (raw !== null) await this.store.removeIfUnchanged(coordinationKeys.session(mark.deviceId), raw);
    await this.store.moveMark(coordinationKeys.activeSessions(mark.shard), mark.deviceId, until, null);
  }

  /**
   * The next entry of the device's RPC queue, waiting up to `timeoutMs` for provisioning to plan.
   * Subscribes before looking, so a wake-up sent between the look and the wait is not missed (the
   * store keeps a channel a moment after its last listener, so a session's next wait reuses it).
   * Null on time-out.
   */
  async nextQueueItem(deviceId: string, timeoutMs: number): Promise<QueueItemResult | null> {
    const queue = coordinationKeys.rpcQueue(deviceId);
    // A wake-up may arrive while a look is under way (replies come on two connections): it is
    // remembered, and the queue looked at again, instead of being lost until the time-out.
    let woken = false;
    let wake: (() => void) | undefined;
    const subscription = await this.store.subscribe(coordinationKeys.wakeup(deviceId), () => {
      woken = true;
      wake?.();
    });
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        woken = false;
        const item = await this.store.dequeue(queue);
        if (item !== null) return parseQueueItem(item);
        const left = deadline - Date.now();
        if (left <= 0) return null;
        if (woken) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    } finally {
      await subscription.unsubscribe();
    }
  }
}

export interface ExpiredMark {
  readonly shard: number;
  readonly deviceId: string;
  readonly expiresAt: number;
}

function activeSet(deviceId: string): string {
  return coordinationKeys.activeSessions(activeSessionShard(deviceId));
}
