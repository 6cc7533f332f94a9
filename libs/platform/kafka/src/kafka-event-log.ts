import { Kafka, PartitionAssigners, Partitioners, logLevel as KafkaLogLevel } from 'kafkajs';
import type { Admin, Consumer, Message, PartitionMetadata, Producer } from 'kafkajs';
import { ClosedError } from '@headend/ports';
import type {
  AppendedRecord,
  EventLog,
  OutgoingRecord,
  SubscribeOptions,
  Subscription,
  TopicSpec,
} from '@headend/ports';
import { coPartitionedAssigner } from './co-partitioned-assigner.js';
import { ConsumerRun } from './consumer-run.js';
import { fixKafkaJsIdleLoop } from './kafkajs-idle-loop.js';
import { jsonLogCreator } from './kafkajs-logger.js';
import { isTopicAlreadyExists, toConsumedRecord, unavailable, withTimeout } from './kafkajs-translation.js';

fixKafkaJsIdleLoop();

export interface KafkaEventLogOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** Bounds connecting and each request, so a dead broker is reported rather than waited for. */
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** How often an append is retried before it fails with BackendUnavailableError. */
  readonly appendRetries?: number;
  /** How long subscribe waits for this member to join its group. */
  readonly joinTimeoutMs?: number;
  /**
   * How long an append may wait for others to share its produce request (Kafka's linger.ms): each
   * request costs the same fixed CPU (encoding, a round trip, a response) whatever it carries, so
   * under load a few ms of waiting buys many appends per request. 0: send as soon as none is in flight.
   */
  readonly lingerMs?: number;
  /**
   * kafkajs's own log entries from this level up, written as JSON lines at level warn at most: the
   * adapter reports failures to its callers, and kafkajs logs as errors what it retries (a broker
   * not yet leader of a new topic, a coordinator still loading).
   */
  readonly logLevel?: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
  /** Back-off of a record whose handler fails with BackendUnavailableError: first and longest wait. */
  readonly redeliveryMs?: { readonly initial: number; readonly max: number };
}

interface PendingAppend {
  readonly records: readonly OutgoingRecord[];
  /** performance.now() when it was appended, for the linger. */
  readonly at: number;
  readonly resolve: (appended: AppendedRecord[]) => void;
  readonly reject: (error: Error) => void;
}

/** Bounds of one produce request; Kafka refuses a record batch over message.max.bytes (1 MiB). */
const MAX_BATCH_RECORDS = 2_000;
const MAX_BATCH_BYTES = 768 * 1024;
/** Keys whose partition is remembered (the live sessions' devices, roughly). */
const RECENT_PARTITIONS = 16_384;

/** Takes whole appends from the front of the queue, at least one, while the bounds allow. */
function takeBatch(waiting: PendingAppend[], maxRecords: number, maxBytes: number): PendingAppend[] {
  let records = 0;
  let bytes = 0;
  let count = 0;
  for (const append of waiting) {
    const size = append.records.reduce((sum, record) => sum + record.value.byteLength, 0);
    if (count > 0 && (records + append.records.length > maxRecords || bytes + size > maxBytes)) break;
    records += append.records.length;
    bytes += size;
    count++;
  }
  return waiting.splice(0, count);
}

const LOG_LEVELS = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
} as const;

/**
 * EventLog on Apache Kafka via kafkajs. Appends go through one idempotent producer with acks=all and
 * one request in flight, so records of a key keep their order; partitions are chosen with Kafka's
 * own (murmur2) partitioner, so other clients agree on where a device's records live.
 */
export class KafkaEventLog implements EventLog {
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private readonly partitionsByTopic = new Map<string, PartitionMetadata[]>();
  /** Recent keys' partitions (a session appends several times under one key): murmur2 once each. */
  private readonly recentPartitions = new Map<string, number>();
  private readonly consumers = new Set<Consumer>();
  private readonly waiting: PendingAppend[] = [];
  private waitingRecords = 0;
  /** The flush loop while one runs. */
  private flushing: Promise<void> | undefined;
  private lingering: NodeJS.Timeout | undefined;
  private closed = false;

  /**
   * Set when a produce request failed: the producer's sequence numbers may no longer match the
   * broker's. kafkajs numbers the next batch as if the failed one had not been written; when the
   * broker did write it (the answer was lost in a restart), the broker takes the next batch for a
   * duplicate of it and acknowledges it without writing it. The fault-injection suite saw exactly
   * that: a SessionEnded acknowledged and never in the log. So the next append goes through a new
   * producer (a new producer id, new sequences).
   */
  private producerSuspect = false;

  private constructor(
    private readonly kafka: Kafka,
    private producer: Producer,
    private readonly admin: Admin,
    private readonly options: KafkaEventLogOptions,
  ) {}

  static async connect(options: KafkaEventLogOptions): Promise<KafkaEventLog> {
    const kafka = new Kafka({
      clientId: options.clientId ?? 'headend',
      brokers: [...options.brokers],
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
      logLevel: LOG_LEVELS[options.logLevel ?? 'error'],
      logCreator: jsonLogCreator(options.clientId ?? 'headend'),
    });
    const producer = newProducer(kafka, options);
    const admin = kafka.admin();
    try {
      await Promise.all([producer.connect(), admin.connect()]);
    } catch (cause) {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
      throw unavailable(`Kafka is not reachable at ${options.brokers.join(',')}`, cause);
    }
    return new KafkaEventLog(kafka, producer, admin, options);
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    try {
      const existing = new Set(await this.admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic.name));
      if (missing.length === 0) return;
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions,
          configEntries: [
            ...(topic.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
            ...(topic.retentionMs !== undefined
              ? [{ name: 'retention.ms', value: String(topic.retentionMs) }]
              : []),
            ...(topic.maxMessageBytes !== undefined
              ? [{ name: 'max.message.bytes', value: String(topic.maxMessageBytes) }]
              : []),
          ],
        })),
      });
    } catch (cause) {
      // Another process may have created the same topic in the meantime; that is success.
      if (isTopicAlreadyExists(cause)) return;
      throw unavailable('Kafka could not create topics', cause);
    }
  }

  /**
   * Appends wait in a queue while a produce request is in flight, and up to lingerMs for others,
   * then go together in the next request (group commit): with one request in flight, this is what
   * lets many concurrent sessions share a round trip to the broker, and it keeps every caller's
   * records in call order.
   */
  append(records: readonly OutgoingRecord[]): Promise<AppendedRecord[]> {
    this.assertOpen();
    if (records.length === 0) return Promise.resolve([]);
    return new Promise<AppendedRecord[]>((resolve, reject) => {
      this.waiting.push({ records, at: performance.now(), resolve, reject });
      this.waitingRecords += records.length;
      this.schedule();
    });
  }

  /** Flushes now when the oldest append has lingered long enough (or a batch is full), else later. */
  private schedule(): void {
    if (this.flushing !== undefined || this.lingering !== undefined) return;
    const oldest = this.waiting[0];
    if (oldest === undefined) return;
    const wait = this.lingerLeft(oldest);
    if (wait <= 0 || this.waitingRecords >= MAX_BATCH_RECORDS) {
      this.flushing = this.flush();
      return;
    }
    this.lingering = setTimeout(() => {
      this.lingering = undefined;
      this.schedule();
    }, Math.ceil(wait));
  }

  /** Ms the append should still wait for company; none once closing (what waits goes now). */
  private lingerLeft(append: PendingAppend): number {
    return this.closed ? 0 : append.at + (this.options.lingerMs ?? 0) - performance.now();
  }

  private async flush(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = takeBatch(this.waiting, MAX_BATCH_RECORDS, MAX_BATCH_BYTES);
        for (const append of batch) this.waitingRecords -= append.records.length;
        try {
          const appended = await this.send(batch.flatMap((append) => append.records));
          let at = 0;
          for (const append of batch) {
            append.resolve(appended.slice(at, at + append.records.length));
            at += append.records.length;
          }
        } catch (cause) {
          const error = unavailable('Kafka did not acknowledge the append', cause);
          for (const append of batch) append.reject(error);
        }
        // Appends that came during the round trip linger like any other (they have partly waited).
        const next = this.waiting[0];
        if (next !== undefined && this.lingerLeft(next) > 0) break;
      }
    } finally {
      this.flushing = undefined;
    }
    this.schedule();
  }

  private async send(records: readonly OutgoingRecord[]): Promise<AppendedRecord[]> {
    const partitions: number[] = [];
    for (const record of records)
      partitions.push(
        this.recentPartitions.get(`${record.topic}\u0000${record.key}`) ?? (await this.partitionOf(record)),
      );
    const byTopic = new Map<string, Message[]>();
    for (const [i, record] of records.entries()) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({
        key: record.key,
        value: Buffer.from(record.value.buffer, record.value.byteOffset, record.value.byteLength),
        partition: partitions[i],
        ...(record.headers ? { headers: { ...record.headers } } : {}),
      });
      byTopic.set(record.topic, messages);
    }
    if (this.producerSuspect) await this.renewProducer();
    let acknowledged;
    try {
      acknowledged = await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (cause) {
      this.producerSuspect = true;
      throw cause;
    }
    // One record batch per partition: the n-th record of a partition sits at baseOffset + n.
    const baseOffsets = new Map(
      acknowledged.map((ack) => [slot(ack.topicName, ack.partition), BigInt(ack.baseOffset ?? '-1')]),
    );
    const seen = new Map<string, bigint>();
    return records.map((record, i) => {
      const partition = partitions[i]!;
      const key = slot(record.topic, partition);
      const index = seen.get(key) ?? 0n;
      seen.set(key, index + 1n);
      return { topic: record.topic, partition, offset: ((baseOffsets.get(key) ?? -1n) + index).toString() };
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      heartbeatInterval: 1_000,
      sessionTimeout: 10_000,
      // A fetch returns as soon as records arrive; this only bounds how long an idle fetch (and so
      // a stop or a rebalance) waits.
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
      // Partition p of every topic to one member (see coPartitionedAssigner). Round-robin stays
      // second, so members of an older release (round-robin only) and this one can share a group
      // during a rolling upgrade: Kafka picks the first protocol every member supports.
      partitionAssigners: [coPartitionedAssigner, PartitionAssigners.roundRobin],
    });
    const run = new ConsumerRun(options, this.options.redeliveryMs ?? { initial: 200, max: 10_000 });
    try {
      // Where a partition without a committed offset starts when the group reads new records only.
      const startAt = options.fromBeginning ? new Map<string, bigint>() : await this.currentEnds(options);
      const joined = new Promise<void>((resolve) => {
        const remove = consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
          for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
            for (const partition of partitions) {
              const offset = startAt.get(slot(topic, partition));
              if (offset !== undefined) consumer.seek({ topic, partition, offset: offset.toString() });
            }
          }
          remove();
          resolve();
        });
      });
      run.watch(consumer);
      await consumer.connect();
      // Always "earliest" for partitions without a committed offset: startAt moves the others on.
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: options.concurrency ?? 1,
        eachMessage: async (payload) => {
          const { topic, partition, message } = payload;
          const start = startAt.get(slot(topic, partition));
          // Older than the subscription: skipped (and so committed), should a fetch precede the seek.
          if (start !== undefined && BigInt(message.offset) < start) return;
          await run.handle(toConsumedRecord(topic, partition, message), () => payload.heartbeat());
        },
      });
      // A crash before the first join (a fresh broker without a group coordinator yet) fails
      // subscribe: the caller may try again; after it, crashes are the subscription's to report.
      await Promise.race([withTimeout(joined, this.options.joinTimeoutMs ?? 30_000), run.crashedBeforeJoin]);
      run.joined = true;
    } catch (cause) {
      run.stopping = true;
      await consumer.disconnect().catch(() => undefined);
      throw unavailable(`Kafka consumer group ${options.groupId} could not start`, cause);
    }
    this.consumers.add(consumer);
    return {
      stop: async () => {
        run.stop();
        if (!this.consumers.delete(consumer)) return;
        await consumer.disconnect();
      },
    };
  }

  async endOffsets(topic: string): Promise<{ partition: number; offset: string }[]> {
    this.assertOpen();
    try {
      const offsets = await this.admin.fetchTopicOffsets(topic);
      return offsets
        .map(({ partition, high }) => ({ partition, offset: high }))
        .sort((a, b) => a.partition - b.partition);
    } catch (cause) {
      throw unavailable(`the end offsets of ${topic} could not be read`, cause);
    }
  }

  /** Replaces a producer whose sequence numbers may be out of step (see producerSuspect). */
  private async renewProducer(): Promise<void> {
    const old = this.producer;
    this.producer = newProducer(this.kafka, this.options);
    void old.disconnect().catch(() => undefined);
    await this.producer.connect();
    this.producerSuspect = false;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends already accepted are sent (or fail) before the producer goes.
    if (this.lingering !== undefined) {
      clearTimeout(this.lingering);
      this.lingering = undefined;
    }
    this.schedule();
    while (this.flushing !== undefined) await this.flushing;
    const consumers = [...this.consumers];
    this.consumers.clear();
    await Promise.allSettled(consumers.map((consumer) => consumer.disconnect()));
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  /**
   * The end offset of every partition that has no committed offset in the group yet: a group that
   * reads new records only starts there, so every record appended after subscribe() resolves is
   * delivered. (Kafka's own "latest" would be read at the first fetch, after subscribe() returns.)
   */
  private async currentEnds(options: SubscribeOptions): Promise<Map<string, bigint>> {
    const starts = new Map<string, bigint>();
    // A new group's coordinator is still loading on a fresh broker: a retriable answer, waited out.
    const committed = await whileRetriable(() =>
      this.admin.fetchOffsets({ groupId: options.groupId, topics: [...options.topics] }),
    );
    for (const { topic, partitions } of committed) {
      const uncommitted = new Set(partitions.filter((p) => p.offset === '-1').map((p) => p.partition));
      if (uncommitted.size === 0) continue;
      for (const { partition, high } of await this.admin.fetchTopicOffsets(topic)) {
        if (uncommitted.has(partition)) starts.set(slot(topic, partition), BigInt(high));
      }
    }
    return starts;
  }

  private async partitionOf(record: OutgoingRecord): Promise<number> {
    let partitionMetadata = this.partitionsByTopic.get(record.topic);
    if (!partitionMetadata) {
      const metadata = await this.admin.fetchTopicMetadata({ topics: [record.topic] });
      partitionMetadata = metadata.topics[0]?.partitions ?? [];
      if (partitionMetadata.length === 0) throw new Error(`topic ${record.topic} has no partitions`);
      this.partitionsByTopic.set(record.topic, partitionMetadata);
    }
    const partition = this.partitioner({
      topic: record.topic,
      partitionMetadata,
      message: { key: record.key, value: null },
    });
    if (this.recentPartitions.size >= RECENT_PARTITIONS) this.recentPartitions.clear();
    this.recentPartitions.set(`${record.topic}\u0000${record.key}`, partition);
    return partition;
  }

  private assertOpen(): void {
    if (this.closed) throw new ClosedError('the Kafka event log');
  }
}

function slot(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** One idempotent producer, acks=all, one request in flight (records of a key keep their order). */
function newProducer(kafka: Kafka, options: KafkaEventLogOptions): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    // Bounded, so a caller hears "unavailable" in seconds; duplicates this may cause are
    // recognised downstream by deterministic event ids.
    retry: { retries: options.appendRetries ?? 5, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
}

/** Runs `work` again while Kafka answers with a retriable error, for about 10 s at most. */
async function whileRetriable<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const retriable = (error as { retriable?: unknown } | null)?.retriable === true;
      if (!retriable || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 2_000)));
    }
  }
}
