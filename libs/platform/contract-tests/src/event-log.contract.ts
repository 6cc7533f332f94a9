import { afterAll, describe, expect, it } from 'vitest';
import type { ConsumedRecord, EventLog, OutgoingRecord, Subscription } from '@headend/ports';
import { BackendUnavailableError } from '@headend/ports';
import { connectForSuite, eventually, uniqueName } from './wait.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function record(topic: string, key: string, body: string, headers?: Record<string, string>): OutgoingRecord {
  return { topic, key, value: encoder.encode(body), ...(headers ? { headers } : {}) };
}

function text(consumed: ConsumedRecord): string {
  return decoder.decode(consumed.value);
}

/**
 * The behaviour every EventLog adapter must have. `connect` opens a new, independent client each
 * time (as a second process would).
 */
export function describeEventLogContract(adapter: string, connect: () => Promise<EventLog>): void {
  describe(`EventLog contract: ${adapter}`, () => {
    const opened: EventLog[] = [];
    const client = connectForSuite(connect, (log) => log.close());

    async function open(): Promise<EventLog> {
      const another = await connect();
      opened.push(another);
      return another;
    }

    async function newTopic(partitions = 3): Promise<string> {
      const name = uniqueName('contract');
      await client().ensureTopics([{ name, partitions }]);
      return name;
    }

    afterAll(async () => {
      await Promise.all(opened.map((another) => another.close()));
    });

    it('given an appended record, when a new group reads from the beginning, then it gets key, value, headers and offset', async () => {
      const topic = await newTopic();
      const [appended] = await client().append([
        record(topic, 'dev-1', 'hello', { ce_type: 'Test', traceparent: 'x' }),
      ]);
      expect(appended).toMatchObject({ topic, offset: '0' });

      const seen: ConsumedRecord[] = [];
      const subscription = await client().subscribe({
        groupId: uniqueName('g'),
        topics: [topic],
        fromBeginning: true,
        handler: (consumed) => {
          seen.push(consumed);
          return Promise.resolve();
        },
      });
      await eventually('the record', () => seen.length === 1);
      await subscription.stop();

      const [first] = seen;
      expect(first?.key).toBe('dev-1');
      expect(text(first!)).toBe('hello');
      expect(first?.partition).toBe(appended?.partition);
      expect(first?.offset).toBe(appended?.offset);
      expect(first?.headers.get('ce_type')).toBe('Test');
      expect(first?.headers.get('traceparent')).toBe('x');
      expect(first?.timestamp).toBeGreaterThan(Date.now() - 60_000);
    });

    it('given ensureTopics twice, then the second call changes nothing and does not fail', async () => {
      const topic = await newTopic(4);
      await expect(client().ensureTopics([{ name: topic, partitions: 4 }])).resolves.toBeUndefined();
      const appended = await client().append(
        Array.from({ length: 40 }, (_, i) => record(topic, `dev-${i}`, String(i))),
      );
      const partitions = new Set(appended.map((a) => a.partition));
      expect(Math.max(...partitions)).toBeLessThan(4);
      expect(partitions.size).toBeGreaterThan(1);
    });

    it('given a topic that allows large records, then a 3 MiB record is appended and read back whole', async () => {
      const name = uniqueName('contract');
      await client().ensureTopics([{ name, partitions: 1, maxMessageBytes: 8 * 1024 * 1024 }]);
      const big = 'x'.repeat(3 * 1024 * 1024);
      await client().append([record(name, 'k', big)]);
      const seen: string[] = [];
      const subscription = await client().subscribe({
        groupId: uniqueName('g'),
        topics: [name],
        fromBeginning: true,
        handler: (consumed) => {
          seen.push(text(consumed));
          return Promise.resolve();
        },
      });
      await eventually('the large record', () => seen.length === 1);
      await subscription.stop();
      expect(seen[0]?.length).toBe(big.length);
    });

    it('given appends, then endOffsets gives each partition the offset its next record gets', async () => {
      const topic = await newTopic(2);
      expect(await client().endOffsets(topic)).toEqual([
        { partition: 0, offset: '0' },
        { partition: 1, offset: '0' },
      ]);
      const appended = await client().append(
        Array.from({ length: 5 }, (_, i) => record(topic, 'one-key', String(i))),
      );
      const partition = appended[0]!.partition;
      const ends = await client().endOffsets(topic);
      expect(ends.find((e) => e.partition === partition)?.offset).toBe('5');
      expect(ends.find((e) => e.partition !== partition)?.offset).toBe('0');
    });

    it('given a concurrency of 3, then partitions are handled at once but each in order', async () => {
      const topic = await newTopic(3);
      const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
      await client().append(
        keys.flatMap((key) => Array.from({ length: 10 }, (_, i) => record(topic, key, String(i)))),
      );
      const seen = new Map<string, number[]>();
      let inFlight = 0;
      let most = 0;
      const subscription = await client().subscribe({
        groupId: uniqueName('g'),
        topics: [topic],
        fromBeginning: true,
        concurrency: 3,
        handler: async (consumed) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((r) => setTimeout(r, 5));
          seen.set(consumed.key, [...(seen.get(consumed.key) ?? []), Number(text(consumed))]);
          inFlight -= 1;
        },
      });
      await eventually('every record', () => [...seen.values()].flat().length === keys.length * 10);
      await subscription.stop();
      for (const key of keys) expect(seen.get(key)).toEqual(Array.from({ length: 10 }, (_, i) => i));
      expect(most).toBeGreaterThan(1);
    });

    it('given records of one key appended in sequence, then they share a partition and offsets increase', async () => {
      const topic = await newTopic();
      const appended = [];
      for (let i = 0; i < 5; i++)
        appended.push(...(await client().append([record(topic, 'same-key', String(i))])));
      expect(new Set(appended.map((a) => a.partition)).size).toBe(1);
      const offsets = appended.map((a) => BigInt(a.offset));
      expect([...offsets].sort((a, b) => (a < b ? -1 : 1))).toEqual(offsets);
    });

    it('given many concurrent appends, then each resolves with its own offsets and per-key call order holds', async () => {
      const topic = await newTopic(3);
      const keys = ['a', 'b', 'c', 'd'];
      const calls = Array.from({ length: 200 }, (_, n) => ({ key: keys[n % keys.length]!, n }));
      const appended = await Promise.all(
        calls.map(({ key, n }) =>
          client().append([record(topic, key, `${key}#${n}`), record(topic, key, `${key}#${n}b`)]),
        ),
      );
      const all = appended.flat();
      expect(new Set(all.map((a) => `${a.partition}:${a.offset}`)).size).toBe(all.length);
      for (const key of keys) {
        const offsets = calls.flatMap((call, i) =>
          call.key === key ? appended[i]!.map((a) => BigInt(a.offset)) : [],
        );
        expect([...offsets].sort((x, y) => (x < y ? -1 : 1))).toEqual(offsets);
      }

      const seen: string[] = [];
      const subscription = await client().subscribe({
        groupId: uniqueName('g'),
        topics: [topic],
        fromBeginning: true,
        handler: (consumed) => {
          seen.push(text(consumed));
          return Promise.resolve();
        },
      });
      await eventually('every record', () => seen.length === all.length);
      await subscription.stop();
      for (const key of keys) {
        const expected = calls
          .filter((call) => call.key === key)
          .flatMap(({ n }) => [`${key}#${n}`, `${key}#${n}b`]);
        expect(seen.filter((body) => body.startsWith(`${key}#`))).toEqual(expected);
      }
    });

    it('given two members of one group, then every record is handled once and in order per key', async () => {
      const topic = await newTopic(3);
      const groupId = uniqueName('g');
      const byMember: ConsumedRecord[][] = [[], []];
      const subscriptions: Subscription[] = [];
      for (const [member, client] of [await open(), await open()].entries()) {
        subscriptions.push(
          await client.subscribe({
            groupId,
            topics: [topic],
            fromBeginning: true,
            handler: (consumed) => {
              byMember[member]!.push(consumed);
              return Promise.resolve();
            },
          }),
        );
      }

      const keys = Array.from({ length: 12 }, (_, i) => `device-${i}`);
      const perKey = 25;
      for (let n = 0; n < perKey; n++) {
        await client().append(keys.map((key) => record(topic, key, `${key}#${n}`)));
      }
      const total = keys.length * perKey;
      await eventually(`${total} records`, () => byMember[0]!.length + byMember[1]!.length >= total);
      await Promise.all(subscriptions.map((s) => s.stop()));

      const all = [...byMember[0]!, ...byMember[1]!];
      expect(all).toHaveLength(total);
      expect(byMember[0]!.length).toBeGreaterThan(0);
      expect(byMember[1]!.length).toBeGreaterThan(0);
      for (const key of keys) {
        const members = byMember.filter((records) => records.some((r) => r.key === key));
        expect(members, `${key} is read by one member only`).toHaveLength(1);
        const sequence = members[0]!.filter((r) => r.key === key).map(text);
        expect(sequence).toEqual(Array.from({ length: perKey }, (_, n) => `${key}#${n}`));
      }
    });

    it('given three members and two topics keyed alike, then the records of a key on both topics reach one member', async () => {
      // Round-robin over all topic-partitions would give partition p of the two topics to different
      // members here (4 partitions each, 3 members); provisioning relies on one member per device.
      const topics = [await newTopic(4), await newTopic(4)];
      const groupId = uniqueName('g');
      const readBy = new Map<string, Set<number>>();
      const subscriptions: Subscription[] = [];
      let handled = 0;
      for (const [member, client] of [await open(), await open(), await open()].entries()) {
        subscriptions.push(
          await client.subscribe({
            groupId,
            topics,
            fromBeginning: true,
            handler: (consumed) => {
              const members = readBy.get(consumed.key) ?? new Set<number>();
              readBy.set(consumed.key, members.add(member));
              handled++;
              return Promise.resolve();
            },
          }),
        );
      }
      // Joining members rebalance the group; records go in once every member has its partitions.
      const keys = Array.from({ length: 24 }, (_, i) => `device-${i}`);
      await client().append(
        topics.flatMap((topic) => keys.map((key) => record(topic, key, `${topic}:${key}`))),
      );
      await eventually(`${keys.length * 2} records`, () => handled >= keys.length * 2);
      await Promise.all(subscriptions.map((s) => s.stop()));

      expect(new Set([...readBy.values()].flatMap((members) => [...members])).size).toBeGreaterThan(1);
      for (const key of keys) expect([...(readBy.get(key) ?? [])], key).toHaveLength(1);
    });

    it('given a group that stopped, when it subscribes again, then it resumes after the committed offset', async () => {
      const topic = await newTopic(1);
      const groupId = uniqueName('g');
      await client().append(Array.from({ length: 10 }, (_, i) => record(topic, 'k', `first-${i}`)));

      const firstRun: string[] = [];
      const first = await client().subscribe({
        groupId,
        topics: [topic],
        fromBeginning: true,
        handler: (consumed) => {
          firstRun.push(text(consumed));
          return Promise.resolve();
        },
      });
      await eventually('the first ten', () => firstRun.length === 10);
      await first.stop();

      await client().append(Array.from({ length: 5 }, (_, i) => record(topic, 'k', `second-${i}`)));
      const secondRun: string[] = [];
      const second = await (
        await open()
      ).subscribe({
        groupId,
        topics: [topic],
        fromBeginning: true,
        handler: (consumed) => {
          secondRun.push(text(consumed));
          return Promise.resolve();
        },
      });
      await eventually('the next five', () => secondRun.length >= 5);
      await second.stop();
      expect(secondRun).toEqual(['second-0', 'second-1', 'second-2', 'second-3', 'second-4']);
    });

    it('given a new group that does not start from the beginning, then it sees only records appended after it joined', async () => {
      const topic = await newTopic(1);
      await client().append([record(topic, 'k', 'before')]);
      const seen: string[] = [];
      const subscription = await client().subscribe({
        groupId: uniqueName('g'),
        topics: [topic],
        fromBeginning: false,
        handler: (consumed) => {
          seen.push(text(consumed));
          return Promise.resolve();
        },
      });
      await client().append([record(topic, 'k', 'after')]);
      await eventually('the new record', () => seen.length === 1);
      await subscription.stop();
      expect(seen).toEqual(['after']);
    });

    it('given a handler that fails with BackendUnavailableError, then the same record is delivered again before the next one, and the stall is reported', async () => {
      const topic = await newTopic(1);
      await client().append([record(topic, 'k', 'a'), record(topic, 'k', 'b')]);
      const attempts: string[] = [];
      const reported: string[] = [];
      let failures = 0;
      const subscription = await client().subscribe({
        groupId: uniqueName('g'),
        topics: [topic],
        fromBeginning: true,
        handler: (consumed) => {
          attempts.push(text(consumed));
          if (text(consumed) === 'a' && failures < 2) {
            failures += 1;
            return Promise.reject(new BackendUnavailableError('mongodb', 'down for a moment'));
          }
          return Promise.resolve();
        },
        observer: {
          stalled: (where, _error, attempt) => reported.push(`stalled ${where} ${attempt}`),
          resumed: (where) => reported.push(`resumed ${where}`),
          failed: (error) => reported.push(`failed ${error.message}`),
        },
      });
      await eventually('both records handled', () => attempts.includes('b'));
      await subscription.stop();
      expect(attempts).toEqual(['a', 'a', 'a', 'b']);
      const where = `${topic}[0]`;
      expect(reported.filter((r) => r.includes(where))).toEqual([
        `stalled ${where} 1`,
        `stalled ${where} 2`,
        `resumed ${where}`,
      ]);
      expect(reported.some((r) => r.startsWith('failed'))).toBe(false);
    });

    it('given a handler that fails otherwise, then the subscription stops and says so once, and the group later resumes at that record', async () => {
      const topic = await newTopic(1);
      const groupId = uniqueName('g');
      await client().append([record(topic, 'k', 'a'), record(topic, 'k', 'poison'), record(topic, 'k', 'c')]);
      const seen: string[] = [];
      const failures: Error[] = [];
      const first = await client().subscribe({
        groupId,
        topics: [topic],
        fromBeginning: true,
        handler: (consumed) => {
          seen.push(text(consumed));
          return text(consumed) === 'poison' ? Promise.reject(new Error('a bug')) : Promise.resolve();
        },
        observer: { failed: (error) => failures.push(error) },
      });
      await eventually('the failure reported', () => failures.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await first.stop();
      expect(failures).toHaveLength(1);
      expect(failures[0]?.message).toContain('a bug');
      expect(seen).toEqual(['a', 'poison']);
      const again: string[] = [];
      const second = await (
        await open()
      ).subscribe({
        groupId,
        topics: [topic],
        fromBeginning: true,
        handler: (consumed) => {
          again.push(text(consumed));
          return Promise.resolve();
        },
      });
      await eventually('the rest', () => again.includes('c'));
      await second.stop();
      expect(again).toEqual(['poison', 'c']);
    });
  });
}
