import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { BackendUnavailableError, ClosedError } from '@headend/ports';
import type { CoordinationStore, Fence, WakeupSubscription } from '@headend/ports';
import type { Script } from './scripts.js';
import {
  ACQUIRE_READING,
  COUNT_MARKED,
  ENQUEUE,
  MOVE_MARK,
  PUT_FENCED,
  RELEASE,
  REMOVE_FENCED,
  REMOVE_IF_UNCHANGED,
  RENEW,
} from './scripts.js';

export interface RedisCoordinationOptions {
  readonly url: string;
  /** How long to wait for the first connection before failing with BackendUnavailableError. */
  readonly connectTimeoutMs?: number;
  /** How long one command may take before it fails (a hung server must not hang callers). */
  readonly commandTimeoutMs?: number;
  /**
   * How long a channel nobody listens on any more stays subscribed: a session's next wait (its next
   * RPC) reuses it instead of paying SUBSCRIBE and UNSUBSCRIBE again. Messages meanwhile are dropped.
   */
  readonly unsubscribeLingerMs?: number;
}

/** One channel of the subscriber connection. */
interface Channel {
  readonly handlers: Set<(message: string) => void>;
  /** Settles once the channel's SUBSCRIBE is confirmed. */
  readonly active: Promise<void>;
  /** Since when nobody listens (performance.now()); undefined while someone does. */
  idleSince: number | undefined;
}

/**
 * CoordinationStore on Redis. Commands fail fast while Redis is unreachable (no offline queue), so
 * callers can answer 503 at once instead of piling up requests.
 */
export class RedisCoordinationStore implements CoordinationStore {
  private readonly channels = new Map<string, Channel>();
  /** Channels to SUBSCRIBE in the next command (one per event-loop turn, however many waiters). */
  private toSubscribe: { channels: string[]; done: Promise<void> } | undefined;
  /** Runs while some channel is idle, and UNSUBSCRIBEs those idle long enough, all in one command. */
  private sweeper: NodeJS.Timeout | undefined;
  private subscriber: Promise<Redis> | undefined;
  private closed = false;

  private constructor(
    private readonly redis: Redis,
    private readonly options: RedisOptions,
    private readonly where: string,
    private readonly unsubscribeLingerMs: number,
  ) {}

  static async connect(options: RedisCoordinationOptions): Promise<RedisCoordinationStore> {
    const where = redactedAddress(options.url);
    const redisOptions: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: options.connectTimeoutMs ?? 3_000,
      commandTimeout: options.commandTimeoutMs ?? 2_000,
      // Commands issued in the same tick share one socket write: under load this saves a syscall
      // per command, which is most of the gateway's Redis cost.
      enableAutoPipelining: true,
      // Keep reconnecting in the background, so the store recovers by itself when Redis returns.
      retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2_000),
    };
    const redis = new Redis(options.url, redisOptions);
    redis.on('error', () => {
      // Reported to callers as BackendUnavailableError; without a listener ioredis would log each retry.
    });
    try {
      await redis.connect();
      await redis.ping();
    } catch (cause) {
      redis.disconnect();
      throw new BackendUnavailableError('redis', `Redis is not reachable at ${where}: ${describe(cause)}`, {
        cause,
      });
    }
    return new RedisCoordinationStore(
      redis,
      { ...redisOptions, ...redis.options },
      where,
      options.unsubscribeLingerMs ?? 2_000,
    );
  }

  acquireLock(lock: string, token: string, ttlMs: number): Promise<boolean> {
    return this.call(async () => (await this.redis.set(lock, token, 'PX', ttlMs, 'NX')) === 'OK');
  }

  acquireLockReading(
    lock: string,
    token: string,
    ttlMs: number,
    key: string,
  ): Promise<{ readonly acquired: boolean; readonly left: string | null }> {
    return this.call(async () => {
      const [taken, left] = (await this.run(ACQUIRE_READING, lock, key, token, ttlMs)) as [number, unknown];
      return { acquired: taken === 1, left: typeof left === 'string' ? left : null };
    });
  }

  renewLock(lock: string, token: string, ttlMs: number): Promise<boolean> {
    return this.call(async () => (await this.run(RENEW, lock, token, ttlMs)) === 1);
  }

  releaseLock(lock: string, token: string): Promise<boolean> {
    return this.call(async () => (await this.run(RELEASE, lock, token)) === 1);
  }

  lockHolder(lock: string): Promise<string | null> {
    return this.call(() => this.redis.get(lock));
  }

  enqueue(queue: string, items: readonly string[], options: { fence?: Fence; ttlMs?: number } = {}) {
    return this.call(async () => {
      if (items.length === 0)
        return options.fence ? this.fencedLength(queue, options.fence) : this.redis.llen(queue);
      const { fence, ttlMs = 0 } = options;
      const length = (await this.run(
        ENQUEUE,
        queue,
        fence?.lock ?? queue,
        fence?.token ?? '',
        ttlMs,
        ...items,
      )) as number;
      return length < 0 ? null : length;
    });
  }

  dequeue(queue: string): Promise<string | null> {
    return this.call(() => this.redis.lpop(queue));
  }

  peekQueue(queue: string, limit: number): Promise<string[]> {
    return this.call(() => (limit <= 0 ? Promise.resolve([]) : this.redis.lrange(queue, 0, limit - 1)));
  }

  queueLength(queue: string): Promise<number> {
    return this.call(() => this.redis.llen(queue));
  }

  deleteQueue(queue: string): Promise<void> {
    return this.call(async () => {
      await this.redis.del(queue);
    });
  }

  put(key: string, value: string, ttlMs: number, options: { onlyIfAbsent?: boolean } = {}) {
    return this.call(async () => {
      const reply = options.onlyIfAbsent
        ? await this.redis.set(key, value, 'PX', ttlMs, 'NX')
        : await this.redis.set(key, value, 'PX', ttlMs);
      return reply === 'OK';
    });
  }

  putFenced(
    key: string,
    value: string,
    ttlMs: number,
    fence: Fence,
    options: { readonly keepMs?: number } = {},
  ): Promise<boolean> {
    const valueTtl = ttlMs + Math.max(0, options.keepMs ?? 0);
    return this.call(
      async () => (await this.run(PUT_FENCED, key, fence.lock, fence.token, ttlMs, value, valueTtl)) === 1,
    );
  }

  removeIfUnchanged(key: string, value: string): Promise<boolean> {
    return this.call(async () => (await this.run(REMOVE_IF_UNCHANGED, key, value)) === 1);
  }

  removeFenced(key: string, fence: Fence): Promise<boolean> {
    return this.call(async () => (await this.run(REMOVE_FENCED, key, fence.lock, fence.token)) === 1);
  }

  getMany(keys: readonly string[]): Promise<(string | null)[]> {
    return this.call(() => (keys.length === 0 ? Promise.resolve([]) : this.redis.mget(...keys)));
  }

  get(key: string): Promise<string | null> {
    return this.call(() => this.redis.get(key));
  }

  take(key: string): Promise<string | null> {
    return this.call(() => this.redis.getdel(key));
  }

  remove(key: string): Promise<boolean> {
    return this.call(async () => (await this.redis.del(key)) === 1);
  }

  mark(set: string, member: string, expiresAt: number): Promise<void> {
    return this.call(async () => {
      await this.redis.zadd(set, expiresAt, member);
    });
  }

  unmark(set: string, member: string): Promise<void> {
    return this.call(async () => {
      await this.redis.zrem(set, member);
    });
  }

  countMarked(set: string, now: number, options: { readonly keepExpiredMs?: number } = {}): Promise<number> {
    const dropBefore = now - Math.max(0, options.keepExpiredMs ?? 0);
    return this.call(async () => Number(await this.run(COUNT_MARKED, set, now, dropBefore)));
  }

  expiredMarks(
    set: string,
    before: number,
    limit: number,
  ): Promise<{ readonly member: string; readonly expiresAt: number }[]> {
    return this.call(async () => {
      const flat = await this.redis.zrangebyscore(set, '-inf', `(${before}`, 'WITHSCORES', 'LIMIT', 0, limit);
      const marks: { member: string; expiresAt: number }[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2)
        marks.push({ member: flat[i]!, expiresAt: Number(flat[i + 1]) });
      return marks;
    });
  }

  moveMark(set: string, member: string, from: number, to: number | null): Promise<boolean> {
    return this.call(async () => (await this.run(MOVE_MARK, set, member, from, to ?? '')) === 1);
  }

  publish(channel: string, message: string): Promise<void> {
    return this.call(async () => {
      await this.redis.publish(channel, message);
    });
  }

  subscribe(channel: string, onMessage: (message: string) => void): Promise<WakeupSubscription> {
    return this.call(async () => {
      let entry = this.channels.get(channel);
      if (entry === undefined) {
        const created: Channel = {
          handlers: new Set(),
          active: this.subscribeSoon(channel),
          idleSince: undefined,
        };
        this.channels.set(channel, created);
        created.active.catch(() => {
          if (this.channels.get(channel) === created) this.channels.delete(channel);
        });
        entry = created;
      } else {
        // Perhaps idle, but still subscribed: the UNSUBSCRIBE was not sent yet.
        entry.idleSince = undefined;
      }
      const handler = (message: string) => onMessage(message);
      entry.handlers.add(handler);
      const current = entry;
      try {
        await current.active;
      } catch (error) {
        current.handlers.delete(handler);
        throw error;
      }
      return {
        unsubscribe: () => {
          if (!current.handlers.delete(handler) || current.handlers.size > 0) return Promise.resolve();
          if (this.channels.get(channel) !== current) return Promise.resolve();
          current.idleSince = performance.now();
          this.sweeper ??= setInterval(() => this.sweep(), this.unsubscribeLingerMs / 2).unref();
          return Promise.resolve();
        },
      };
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    this.channels.clear();
    const subscriber = await this.subscriber?.catch(() => undefined);
    await Promise.all([quit(this.redis), subscriber ? quit(subscriber) : undefined]);
  }

  /**
   * A second connection in subscriber mode, opened on first use and shared by all channels. Callers
   * share the one connecting promise: a SUBSCRIBE sent before the connection is ready would break
   * ioredis's ready check.
   */
  private subscriberConnection(): Promise<Redis> {
    this.subscriber ??= (async () => {
      const subscriber = new Redis({ ...this.options, lazyConnect: true, enableOfflineQueue: true });
      subscriber.on('error', () => {});
      subscriber.on('message', (channel: string, message: string) => {
        for (const handler of this.channels.get(channel)?.handlers ?? []) handler(message);
      });
      try {
        await subscriber.connect();
      } catch (error) {
        this.subscriber = undefined;
        subscriber.disconnect();
        throw error;
      }
      return subscriber;
    })();
    return this.subscriber;
  }

  /**
   * SUBSCRIBEs the channel together with every other channel asked for in this event-loop turn: one
   * command (and one round trip) for many waiting requests.
   */
  private subscribeSoon(channel: string): Promise<void> {
    if (this.toSubscribe === undefined) {
      const channels: string[] = [];
      const done = new Promise<void>((resolve, reject) => {
        setImmediate(() => {
          this.toSubscribe = undefined;
          this.subscriberConnection()
            .then((subscriber) => subscriber.subscribe(...channels))
            .then(() => resolve(), reject);
        });
      });
      this.toSubscribe = { channels, done };
    }
    this.toSubscribe.channels.push(channel);
    return this.toSubscribe.done;
  }

  /** UNSUBSCRIBEs every channel nobody listened on for unsubscribeLingerMs, in one command. */
  private sweep(): void {
    const now = performance.now();
    const gone: string[] = [];
    let idle = 0;
    for (const [name, channel] of this.channels) {
      if (channel.idleSince === undefined) continue;
      if (now - channel.idleSince < this.unsubscribeLingerMs) idle++;
      else {
        this.channels.delete(name);
        gone.push(name);
      }
    }
    if (idle === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
    if (gone.length === 0 || this.closed) return;
    // A channel subscribed again from now on gets its SUBSCRIBE after this, on the same connection.
    void this.subscriberConnection()
      .then((subscriber) => subscriber.unsubscribe(...gone))
      .catch(() => undefined);
  }

  /** EVALSHA, and EVAL once should the server not know the script (restarted, flushed). */
  private async run(code: Script, ...keysAndArgs: (string | number)[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(code.sha, code.keys, ...keysAndArgs);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(code.lua, code.keys, ...keysAndArgs);
    }
  }

  private async fencedLength(queue: string, fence: Fence): Promise<number | null> {
    return (await this.redis.get(fence.lock)) === fence.token ? this.redis.llen(queue) : null;
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) throw new ClosedError('the Redis coordination store');
    try {
      return await operation();
    } catch (cause) {
      throw new BackendUnavailableError('redis', `Redis at ${this.where} failed: ${describe(cause)}`, {
        cause,
      });
    }
  }
}

async function quit(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** host:port of a Redis URL, without credentials, for error messages. */
function redactedAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'the configured URL';
  }
}
