import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { BackendUnavailableError, ClosedError } from '@headend/ports';
import type { CoordinationStore, Fence, WakeupSubscription } from '@headend/ports';

export interface RedisCoordinationOptions {
  readonly url: string;
  /** How long to wait for the first connection before failing with BackendUnavailableError. */
  readonly connectTimeoutMs?: number;
  /** How long one command may take before it fails (a hung server must not hang callers). */
  readonly commandTimeoutMs?: number;
}

// Compare-and-delete / compare-and-extend on the fencing token.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
// KEYS[1] value, KEYS[2] lock; ARGV: token, ttl ms, value.
const PUT_FENCED = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2])
return 1`;
// KEYS[1] value, KEYS[2] lock; ARGV: token.
const REMOVE_FENCED = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
return 1`;
// KEYS[1] queue, KEYS[2] fence lock (or the queue again when unfenced); ARGV: token, ttl ms, items...
const ENQUEUE = `
if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
local length = redis.call('RPUSH', KEYS[1], unpack(ARGV, 3))
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return length`;

/**
 * CoordinationStore on Redis. Commands fail fast while Redis is unreachable (no offline queue), so
 * callers can answer 503 at once instead of piling up requests.
 */
export class RedisCoordinationStore implements CoordinationStore {
  private readonly subscriptions = new Map<string, Set<(message: string) => void>>();
  private subscriber: Promise<Redis> | undefined;
  private closed = false;

  private constructor(
    private readonly redis: Redis,
    private readonly options: RedisOptions,
    private readonly where: string,
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
    return new RedisCoordinationStore(redis, { ...redisOptions, ...redis.options }, where);
  }

  acquireLock(lock: string, token: string, ttlMs: number): Promise<boolean> {
    return this.call(async () => (await this.redis.set(lock, token, 'PX', ttlMs, 'NX')) === 'OK');
  }

  renewLock(lock: string, token: string, ttlMs: number): Promise<boolean> {
    return this.call(async () => (await this.redis.eval(RENEW, 1, lock, token, ttlMs)) === 1);
  }

  releaseLock(lock: string, token: string): Promise<boolean> {
    return this.call(async () => (await this.redis.eval(RELEASE, 1, lock, token)) === 1);
  }

  lockHolder(lock: string): Promise<string | null> {
    return this.call(() => this.redis.get(lock));
  }

  enqueue(queue: string, items: readonly string[], options: { fence?: Fence; ttlMs?: number } = {}) {
    return this.call(async () => {
      if (items.length === 0)
        return options.fence ? this.fencedLength(queue, options.fence) : this.redis.llen(queue);
      const { fence, ttlMs = 0 } = options;
      const length = (await this.redis.eval(
        ENQUEUE,
        2,
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

  putFenced(key: string, value: string, ttlMs: number, fence: Fence): Promise<boolean> {
    return this.call(
      async () => (await this.redis.eval(PUT_FENCED, 2, key, fence.lock, fence.token, ttlMs, value)) === 1,
    );
  }

  removeFenced(key: string, fence: Fence): Promise<boolean> {
    return this.call(
      async () => (await this.redis.eval(REMOVE_FENCED, 2, key, fence.lock, fence.token)) === 1,
    );
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

  publish(channel: string, message: string): Promise<void> {
    return this.call(async () => {
      await this.redis.publish(channel, message);
    });
  }

  subscribe(channel: string, onMessage: (message: string) => void): Promise<WakeupSubscription> {
    return this.call(async () => {
      const subscriber = await this.subscriberConnection();
      let handlers = this.subscriptions.get(channel);
      if (!handlers) {
        handlers = new Set();
        this.subscriptions.set(channel, handlers);
        await subscriber.subscribe(channel);
      }
      const handler = (message: string) => onMessage(message);
      handlers.add(handler);
      return {
        unsubscribe: () =>
          this.call(async () => {
            const current = this.subscriptions.get(channel);
            if (!current?.delete(handler) || current.size > 0) return;
            this.subscriptions.delete(channel);
            await subscriber.unsubscribe(channel);
          }),
      };
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscriptions.clear();
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
        for (const handler of this.subscriptions.get(channel) ?? []) handler(message);
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
