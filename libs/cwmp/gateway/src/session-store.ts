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
  ) {}

  /** Takes the device's lock for a new session; false while another session holds it. */
  claim(deviceId: string, sessionId: string): Promise<boolean> {
    return this.store.acquireLock(coordinationKeys.lock(deviceId), sessionId, this.sessionTtlMs);
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
        serializeSessionState(state),
        state.ttlMs,
        {
          lock: coordinationKeys.lock(state.deviceId),
          token: state.sessionId,
        },
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
      this.store.countMarked(coordinationKeys.activeSessions(shard), now),
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

function activeSet(deviceId: string): string {
  return coordinationKeys.activeSessions(activeSessionShard(deviceId));
}
