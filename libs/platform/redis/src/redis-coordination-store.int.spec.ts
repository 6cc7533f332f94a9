import { describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { describeCoordinationContract } from '@headend/contract-tests';
import { BackendUnavailableError } from '@headend/ports';
import { RedisCoordinationStore } from './redis-coordination-store.js';

const { redis } = readBackingServices(process.env);

describeCoordinationContract('Redis', () => RedisCoordinationStore.connect({ url: redis.url }));

describe('RedisCoordinationStore', () => {
  it('given no Redis at the address, connect fails with BackendUnavailableError naming Redis', async () => {
    const failure = RedisCoordinationStore.connect({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 500 });
    await expect(failure).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(failure).rejects.toThrow(/Redis is not reachable at 127\.0\.0\.1:1/);
  });
});
