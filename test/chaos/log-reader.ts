import type { HeadendEvent } from '@headend/events';
import { fromRecord, TOPICS } from '@headend/events';
import { KafkaEventLog } from '@headend/kafka';

export interface LoggedEvent {
  readonly topic: string;
  readonly id: string;
  readonly time: string;
  readonly key: string;
  readonly partition: number;
  readonly offset: string;
  readonly event: HeadendEvent;
}

export interface LogSnapshot {
  readonly events: LoggedEvent[];
  /** Records that did not decode (each a defect of whoever wrote them). */
  readonly undecodable: string[];
}

// Not the compacted config topic: its offsets may have gaps, and the checks do not need it.
const READ_TOPICS = [TOPICS.deviceEvents, TOPICS.commands, TOPICS.taskEvents];
let reads = 0;

/**
 * Reads the suite's topics whole, from the first record to the end offsets of the moment, with a
 * fresh client and consumer group (the previous ones may have lived through a Kafka restart).
 */
export async function readWholeLog(brokers: readonly string[], timeoutMs = 60_000): Promise<LogSnapshot> {
  const log = await KafkaEventLog.connect({ brokers, clientId: 'chaos-reader', logLevel: 'nothing' });
  try {
    const ends = new Map<string, bigint>();
    for (const topic of READ_TOPICS) {
      for (const { partition, offset } of await log.endOffsets(topic)) {
        if (offset !== '0') ends.set(`${topic}/${partition}`, BigInt(offset));
      }
    }
    const events: LoggedEvent[] = [];
    const undecodable: string[] = [];
    const remaining = new Set(ends.keys());
    let done: () => void = () => undefined;
    const caughtUp = new Promise<void>((r) => (done = r));
    if (remaining.size === 0) done();
    reads += 1;
    const subscription = await log.subscribe({
      groupId: `chaos-reader-${process.pid}-${Date.now().toString(36)}-${reads}`,
      topics: READ_TOPICS,
      fromBeginning: true,
      concurrency: 8,
      handler: (record) => {
        const slot = `${record.topic}/${record.partition}`;
        const end = ends.get(slot);
        if (end === undefined || BigInt(record.offset) >= end) return Promise.resolve();
        const decoded = fromRecord(record);
        if (decoded.ok) {
          const { id, time, key, topic, partition, offset } = decoded.meta;
          events.push({ topic, id, time, key, partition, offset, event: decoded.event });
        } else {
          undecodable.push(`${slot}@${record.offset} ${decoded.error.code}: ${decoded.error.detail}`);
        }
        if (BigInt(record.offset) >= end - 1n) remaining.delete(slot);
        if (remaining.size === 0) done();
        return Promise.resolve();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, fail) => {
      timer = setTimeout(
        () =>
          fail(new Error(`the log was not read whole within ${timeoutMs} ms: ${[...remaining].join(', ')}`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([caughtUp, timedOut]);
    } finally {
      clearTimeout(timer);
      await subscription.stop();
    }
    return { events, undecodable };
  } finally {
    await log.close();
  }
}
