import { beforeEach, describe, expect, it } from 'vitest';
import type { CoordinationStore } from '@headend/ports';
import { connectForSuite, eventually, uniqueName } from './wait.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every CoordinationStore adapter must have. `connect` opens a new, independent client
 * each time (as another gateway replica would).
 */
export function describeCoordinationContract(
  adapter: string,
  connect: () => Promise<CoordinationStore>,
): void {
  describe(`CoordinationStore contract: ${adapter}`, () => {
    // Two clients, as two gateway replicas would have.
    const clients = connectForSuite(
      async () => ({ store: await connect(), other: await connect() }),
      async ({ store, other }) => {
        await Promise.all([store.close(), other.close()]);
      },
    );
    let store: CoordinationStore;
    let other: CoordinationStore;

    beforeEach(() => {
      ({ store, other } = clients());
    });

    describe('locks', () => {
      it('given a free lock, one of two racing holders gets it and the other does not', async () => {
        const lock = `lock:{${uniqueName('dev')}}`;
        const results = await Promise.all([
          store.acquireLock(lock, 'session-a', 10_000),
          other.acquireLock(lock, 'session-b', 10_000),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results[0] ? 'session-a' : 'session-b';
        expect(await store.lockHolder(lock)).toBe(winner);
      });

      it('given a held lock, only its token may renew or release it', async () => {
        const lock = `lock:{${uniqueName('dev')}}`;
        expect(await store.acquireLock(lock, 'session-a', 10_000)).toBe(true);
        expect(await other.acquireLock(lock, 'session-b', 10_000)).toBe(false);
        expect(await other.renewLock(lock, 'session-b', 10_000)).toBe(false);
        expect(await other.releaseLock(lock, 'session-b')).toBe(false);
        expect(await store.lockHolder(lock)).toBe('session-a');
        expect(await store.renewLock(lock, 'session-a', 10_000)).toBe(true);
        expect(await store.releaseLock(lock, 'session-a')).toBe(true);
        expect(await store.lockHolder(lock)).toBeNull();
        expect(await other.acquireLock(lock, 'session-b', 10_000)).toBe(true);
      });

      it('given a lock whose time ran out, another token takes it and the old token is fenced off', async () => {
        const lock = `lock:{${uniqueName('dev')}}`;
        expect(await store.acquireLock(lock, 'session-a', 150)).toBe(true);
        await sleep(300);
        expect(await other.acquireLock(lock, 'session-b', 10_000)).toBe(true);
        expect(await store.renewLock(lock, 'session-a', 10_000)).toBe(false);
        expect(await store.releaseLock(lock, 'session-a')).toBe(false);
        expect(await store.lockHolder(lock)).toBe('session-b');
      });

      it('given a renewed lock, it outlives its first time-out', async () => {
        const lock = `lock:{${uniqueName('dev')}}`;
        await store.acquireLock(lock, 'session-a', 300);
        await sleep(150);
        expect(await store.renewLock(lock, 'session-a', 1_000)).toBe(true);
        await sleep(300);
        expect(await store.lockHolder(lock)).toBe('session-a');
      });
    });

    describe('queues', () => {
      it('given items enqueued in several calls, they come out in order, then null', async () => {
        const queue = `rpcq:{${uniqueName('dev')}}`;
        expect(await store.enqueue(queue, ['1', '2'])).toBe(2);
        expect(await other.enqueue(queue, ['3'])).toBe(3);
        expect(await store.queueLength(queue)).toBe(3);
        expect(await store.peekQueue(queue, 2)).toEqual(['1', '2']);
        expect(await other.dequeue(queue)).toBe('1');
        expect(await store.dequeue(queue)).toBe('2');
        expect(await store.dequeue(queue)).toBe('3');
        expect(await store.dequeue(queue)).toBeNull();
        expect(await store.queueLength(queue)).toBe(0);
      });

      it('given many concurrent consumers, each item is taken exactly once', async () => {
        const queue = `rpcq:{${uniqueName('dev')}}`;
        const items = Array.from({ length: 200 }, (_, i) => `item-${i}`);
        await store.enqueue(queue, items);
        const taken: string[] = [];
        await Promise.all(
          [store, other, store, other].map(async (client) => {
            for (let item = await client.dequeue(queue); item !== null; item = await client.dequeue(queue)) {
              taken.push(item);
            }
          }),
        );
        expect(taken.sort()).toEqual([...items].sort());
      });

      it('given a fence, items are appended only while the fencing token holds the lock', async () => {
        const device = uniqueName('dev');
        const lock = `lock:{${device}}`;
        const queue = `rpcq:{${device}}`;
        await store.acquireLock(lock, 'session-a', 10_000);
        expect(await other.enqueue(queue, ['rpc-1'], { fence: { lock, token: 'session-a' } })).toBe(1);
        expect(await other.enqueue(queue, ['stale'], { fence: { lock, token: 'session-old' } })).toBeNull();
        await store.releaseLock(lock, 'session-a');
        expect(await other.enqueue(queue, ['late'], { fence: { lock, token: 'session-a' } })).toBeNull();
        expect(await store.peekQueue(queue, 10)).toEqual(['rpc-1']);
      });

      it('given a queue with a time to live, it is gone after it', async () => {
        const queue = `rpcq:{${uniqueName('dev')}}`;
        await store.enqueue(queue, ['x'], { ttlMs: 150 });
        await sleep(300);
        expect(await store.queueLength(queue)).toBe(0);
      });

      it('given deleteQueue, the queue is empty', async () => {
        const queue = `rpcq:{${uniqueName('dev')}}`;
        await store.enqueue(queue, ['a', 'b']);
        await store.deleteQueue(queue);
        expect(await store.dequeue(queue)).toBeNull();
      });
    });

    describe('values', () => {
      it('given put, get returns the value until it expires', async () => {
        const key = `sess:{${uniqueName('dev')}}`;
        expect(await store.put(key, '{"state":"open"}', 200)).toBe(true);
        expect(await other.get(key)).toBe('{"state":"open"}');
        await sleep(350);
        expect(await other.get(key)).toBeNull();
      });

      it('given a fence, putFenced stores and extends the lock only for the holder, removeFenced clears both', async () => {
        const device = uniqueName('dev');
        const lock = `lock:{${device}}`;
        const key = `sess:{${device}}`;
        await store.acquireLock(lock, 'session-a', 200);
        expect(await other.putFenced(key, 'state-1', 10_000, { lock, token: 'session-b' })).toBe(false);
        expect(await other.get(key)).toBeNull();
        expect(await other.putFenced(key, 'state-1', 10_000, { lock, token: 'session-a' })).toBe(true);
        await sleep(300);
        expect(await store.lockHolder(lock)).toBe('session-a');
        expect(await other.getMany([key, lock, `${key}-missing`])).toEqual(['state-1', 'session-a', null]);
        expect(await other.removeFenced(key, { lock, token: 'session-b' })).toBe(false);
        expect(await other.removeFenced(key, { lock, token: 'session-a' })).toBe(true);
        expect(await store.getMany([key, lock])).toEqual([null, null]);
      });

      it('given keepMs, the value outlives the lock, and a new holder taking the lock reads what it left', async () => {
        const [key, lock] = [uniqueName('sess'), uniqueName('lock')];
        expect(await store.acquireLock(lock, 'old', 150)).toBe(true);
        expect(await store.putFenced(key, 'record', 150, { lock, token: 'old' }, { keepMs: 60_000 })).toBe(
          true,
        );
        expect(await other.acquireLockReading(lock, 'new', 60_000, key)).toEqual({
          acquired: false,
          left: null,
        });
        await sleep(300);
        expect(await store.get(key)).toBe('record');
        expect(await other.acquireLockReading(lock, 'new', 60_000, key)).toEqual({
          acquired: true,
          left: 'record',
        });
        expect(await store.removeIfUnchanged(key, 'another')).toBe(false);
        expect(await store.removeIfUnchanged(key, 'record')).toBe(true);
        expect(await store.get(key)).toBeNull();
      });

      it('given onlyIfAbsent, an existing value is kept', async () => {
        const key = `nonce:{${uniqueName('n')}}`;
        expect(await store.put(key, 'first', 10_000, { onlyIfAbsent: true })).toBe(true);
        expect(await other.put(key, 'second', 10_000, { onlyIfAbsent: true })).toBe(false);
        expect(await store.get(key)).toBe('first');
        expect(await other.put(key, 'third', 10_000)).toBe(true);
        expect(await store.get(key)).toBe('third');
      });

      it('given take, a value is handed out once only, even to racing callers', async () => {
        const key = `nonce:{${uniqueName('n')}}`;
        await store.put(key, 'once', 10_000);
        const results = await Promise.all([store.take(key), other.take(key), store.take(key)]);
        expect(results.filter((r) => r === 'once')).toHaveLength(1);
        expect(results.filter((r) => r === null)).toHaveLength(2);
      });

      it('given remove, the value is gone and a second remove says so', async () => {
        const key = `sess:{${uniqueName('dev')}}`;
        await store.put(key, 'v', 10_000);
        expect(await store.remove(key)).toBe(true);
        expect(await store.remove(key)).toBe(false);
        expect(await store.get(key)).toBeNull();
      });

      it('given a key that looks like an object prototype member, it is an ordinary key', async () => {
        for (const key of ['__proto__', 'constructor', 'toString']) {
          await store.put(key, 'data', 10_000);
          expect(await other.take(key)).toBe('data');
        }
      });
    });

    describe('marks', () => {
      it('given marks from two clients, countMarked counts the live ones; unmark and passing time remove them', async () => {
        const set = `sessions:active:{${uniqueName('shard')}}`;
        const now = Date.now();
        await store.mark(set, 'dev-a', now + 60_000);
        await other.mark(set, 'dev-b', now + 60_000);
        await other.mark(set, 'dev-gone', now - 1);
        expect(await store.countMarked(set, now)).toBe(2);

        await store.mark(set, 'dev-a', now + 120_000);
        expect(await other.countMarked(set, now), 'a mark again replaces the first').toBe(2);
        await other.unmark(set, 'dev-b');
        await other.unmark(set, 'dev-never-marked');
        expect(await store.countMarked(set, now)).toBe(1);
        expect(await store.countMarked(set, now + 120_001), 'after its time').toBe(0);
        expect(await store.countMarked(set, now), 'a passed mark is dropped, not hidden').toBe(0);
      });

      it('given expired marks kept a while, one of two racing clients takes each, and only it removes it', async () => {
        const set = `sessions:active:{${uniqueName('shard')}}`;
        const now = Date.now();
        await store.mark(set, 'dev-live', now + 60_000);
        await store.mark(set, 'dev-lost', now - 1_000);
        expect(await store.countMarked(set, now, { keepExpiredMs: 10_000 })).toBe(1);
        const expired = await other.expiredMarks(set, now, 10);
        expect(expired).toEqual([{ member: 'dev-lost', expiresAt: now - 1_000 }]);
        const taken = await Promise.all(
          [store, other].map((client) => client.moveMark(set, 'dev-lost', now - 1_000, now + 5_000)),
        );
        expect(taken.filter(Boolean)).toHaveLength(1);
        expect(await store.moveMark(set, 'dev-lost', now - 1_000, null), 'moved already').toBe(false);
        expect(await store.moveMark(set, 'dev-lost', now + 5_000, null)).toBe(true);
        expect(await store.expiredMarks(set, now + 10_000, 10)).toEqual([]);
      });
    });

    describe('wake-ups', () => {
      it('given a subscriber in another client, a published message reaches it once', async () => {
        const channel = uniqueName('wake');
        const received: string[] = [];
        const subscription = await other.subscribe(channel, (message) => received.push(message));
        await store.publish(channel, 'device-1 has work');
        await eventually('the wake-up', () => received.length === 1);
        await sleep(100);
        expect(received).toEqual(['device-1 has work']);

        await subscription.unsubscribe();
        await store.publish(channel, 'after unsubscribe');
        await sleep(200);
        expect(received).toEqual(['device-1 has work']);
      });

      it('given a fresh client and many subscriptions at once, then every one becomes active', async () => {
        const fresh = await connect();
        try {
          const channels = Array.from({ length: 12 }, () => uniqueName('wake'));
          const heard = new Set<string>();
          const subscriptions = await Promise.all(
            channels.map((channel) => fresh.subscribe(channel, (m) => heard.add(m))),
          );
          await Promise.all(channels.map((channel) => store.publish(channel, channel)));
          await eventually('every wake-up', () => heard.size === channels.length);
          await Promise.all(subscriptions.map((s) => s.unsubscribe()));
        } finally {
          await fresh.close();
        }
      });

      it('given two channels, each subscriber hears only its own', async () => {
        const [a, b] = [uniqueName('wake'), uniqueName('wake')];
        const heard: string[] = [];
        const subA = await other.subscribe(a, (m) => heard.push(`a:${m}`));
        const subB = await store.subscribe(b, (m) => heard.push(`b:${m}`));
        await store.publish(a, '1');
        await other.publish(b, '2');
        await eventually('both wake-ups', () => heard.length === 2);
        expect(heard.sort()).toEqual(['a:1', 'b:2']);
        await Promise.all([subA.unsubscribe(), subB.unsubscribe()]);
      });
    });
  });
}
