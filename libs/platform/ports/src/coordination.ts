/**
 * The coordination store port: Redis's role in Headend. Only short-lived state lives here: locks,
 * session records, nonces, pending RPC queues and wake-ups between processes. Everything expires or
 * drains, so an idle device costs nothing.
 */

/** Makes a write conditional on a lock still being held by the given token (the fencing token). */
export interface Fence {
  readonly lock: string;
  readonly token: string;
}

export interface WakeupSubscription {
  unsubscribe(): Promise<void>;
}

export interface CoordinationStore {
  /** Takes the lock for `token` unless someone holds it; true when taken. Expires after `ttlMs`. */
  acquireLock(lock: string, token: string, ttlMs: number): Promise<boolean>;
  /**
   * acquireLock, and in the same step the value at `key` when the lock was taken (what the
   * previous holder left behind, e.g. the record of a session that never ended); null otherwise.
   */
  acquireLockReading(
    lock: string,
    token: string,
    ttlMs: number,
    key: string,
  ): Promise<{ readonly acquired: boolean; readonly left: string | null }>;
  /** Extends the lock when `token` still holds it; false when it expired or was taken by another. */
  renewLock(lock: string, token: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock when `token` still holds it; false otherwise (nothing changes). */
  releaseLock(lock: string, token: string): Promise<boolean>;
  /** The token that holds the lock now, or null. */
  lockHolder(lock: string): Promise<string | null>;

  /**
   * Appends items to a FIFO queue and returns its new length, or null when `fence` is given and its
   * lock is not held by its token (then nothing is appended). `ttlMs` bounds the queue's life.
   */
  enqueue(
    queue: string,
    items: readonly string[],
    options?: { fence?: Fence; ttlMs?: number },
  ): Promise<number | null>;
  /** Removes and returns the oldest item, or null when the queue is empty. */
  dequeue(queue: string): Promise<string | null>;
  /** Up to `limit` of the oldest items, without removing them. */
  peekQueue(queue: string, limit: number): Promise<string[]>;
  queueLength(queue: string): Promise<number>;
  deleteQueue(queue: string): Promise<void>;

  /**
   * Stores a value that expires, and extends the lock, only while `fence.token` holds `fence.lock`:
   * one step, so a session that lost its lock can never write its record. True when stored.
   */
  putFenced(
    key: string,
    value: string,
    ttlMs: number,
    fence: Fence,
    /** The value outlives the lock by this much (to close what the holder left unfinished). */
    options?: { readonly keepMs?: number },
  ): Promise<boolean>;
  /** Deletes the value only if it is still `value` (compare-and-delete). True when deleted. */
  removeIfUnchanged(key: string, value: string): Promise<boolean>;
  /** Deletes the value and releases the lock, only while `fence.token` holds it. True when done. */
  removeFenced(key: string, fence: Fence): Promise<boolean>;
  /** Several values in one round trip (keys of one device share a hash tag, so this works in a cluster). */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;

  /** Stores a value that expires; with `onlyIfAbsent`, only when the key is free. True when stored. */
  put(key: string, value: string, ttlMs: number, options?: { onlyIfAbsent?: boolean }): Promise<boolean>;
  get(key: string): Promise<string | null>;
  /** Returns and deletes a value in one step, so a one-time value (a nonce) is used at most once. */
  take(key: string): Promise<string | null>;
  /** Deletes a value; true when there was one. */
  remove(key: string): Promise<boolean>;

  /**
   * Marks `member` present in `set` until `expiresAt` (epoch ms), replacing its earlier mark. A mark
   * nobody removes drops out when its time has passed, so a count of marks never drifts.
   */
  mark(set: string, member: string, expiresAt: number): Promise<void>;
  /** Removes the member's mark, if any. */
  unmark(set: string, member: string): Promise<void>;
  /**
   * How many members of `set` are marked at `now` (epoch ms); marks whose time passed more than
   * `keepExpiredMs` (default 0) ago are dropped.
   */
  countMarked(set: string, now: number, options?: { readonly keepExpiredMs?: number }): Promise<number>;
  /** Up to `limit` members whose mark expired before `before`, oldest first, with their expiry. */
  expiredMarks(
    set: string,
    before: number,
    limit: number,
  ): Promise<{ readonly member: string; readonly expiresAt: number }[]>;
  /**
   * Moves the member's mark from `from` to `to` (null: removes it), only if it is still at `from`:
   * whoever moves it first owns what it stands for. True when moved.
   */
  moveMark(set: string, member: string, from: number, to: number | null): Promise<boolean>;

  /**
   * Sends a wake-up to every current subscriber of the channel, in any process. Wake-ups are not
   * stored: a subscriber re-reads the state it waits on after subscribing.
   */
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active, so a later publish reaches it. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<WakeupSubscription>;

  close(): Promise<void>;
}
