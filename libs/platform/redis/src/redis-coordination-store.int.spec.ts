import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { describeCoordinationContract, eventually, uniqueName } from '@headend/contract-tests';
import { BackendUnavailableError } from '@headend/ports';
import { RedisCoordinationStore } from './redis-coordination-store.js';

const { redis } = readBackingServices(process.env);

describeCoordinationContract('Redis', () => RedisCoordinationStore.connect({ url: redis.url }));

describe('RedisCoordinationStore', () => {
  let raw: Redis;
  beforeAll(() => {
    raw = new Redis(redis.url);
  });
  afterAll(async () => {
    await raw.quit();
  });

  it('given no Redis at the address, connect fails with BackendUnavailableError naming Redis', async () => {
    const failure = RedisCoordinationStore.connect({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 500 });
    await expect(failure).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(failure).rejects.toThrow(/Redis is not reachable at 127\.0\.0\.1:1/);
  });

  it('given a server that lost its scripts (restarted, flushed), then fenced writes still work', async () => {
    const store = await RedisCoordinationStore.connect({ url: redis.url });
    try {
      const [lock, key] = [`lock:{${uniqueName('d')}}`, `sess:{${uniqueName('d')}}`];
      expect(await store.acquireLock(lock, 't1', 5_000)).toBe(true);
      expect(await store.putFenced(key, 'v1', 5_000, { lock, token: 't1' })).toBe(true);
      await raw.script('FLUSH');
      expect(await store.putFenced(key, 'v2', 5_000, { lock, token: 't1' })).toBe(true);
      expect(await store.get(key)).toBe('v2');
      expect(await store.removeFenced(key, { lock, token: 't1' })).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('given a channel whose last listener left, then it stays subscribed a moment for the next one, then goes', async () => {
    const store = await RedisCoordinationStore.connect({ url: redis.url, unsubscribeLingerMs: 400 });
    try {
      const channel = uniqueName('wake');
      const subscribers = async () => Number(((await raw.pubsub('NUMSUB', channel)) as [string, number])[1]);
      const first = await store.subscribe(channel, () => undefined);
      await first.unsubscribe();
      expect(await subscribers()).toBe(1);

      const heard: string[] = [];
      const second = await store.subscribe(channel, (message) => heard.push(message));
      await raw.publish(channel, 'planned');
      await eventually('the wake-up on the reused channel', () => heard.length === 1);
      await second.unsubscribe();
      await eventually('the channel unsubscribed after the linger', async () => (await subscribers()) === 0);
    } finally {
      await store.close();
    }
  });
});
