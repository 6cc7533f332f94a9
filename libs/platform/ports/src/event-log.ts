/**
 * The event log port: Kafka's role in Headend. Records are appended with acknowledgement and read
 * back by consumer groups, in order per key, at least once.
 */

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** Keep the latest record per key forever (log compaction) instead of deleting by age. */
  readonly compacted?: boolean;
  readonly retentionMs?: number;
  /** The largest record batch the topic accepts (Kafka's default is 1 MiB). */
  readonly maxMessageBytes?: number;
}

export interface OutgoingRecord {
  readonly topic: string;
  /** Records with the same key land on the same partition and are read back in append order. */
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface AppendedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly value: Uint8Array;
  /** A Map, not an object: header names come from whoever produced the record. */
  readonly headers: ReadonlyMap<string, string>;
  /** Milliseconds since the epoch, as stamped by the log. */
  readonly timestamp: number;
}

/**
 * Handles one record. Resolving marks the record done (its offset is committed no later than the
 * subscription's stop). Rejecting with BackendUnavailableError delivers the same record again, after
 * a back-off, before any later record of its partition (a backend outage: the record is fine). Any
 * other rejection stops the subscription (SubscriptionObserver.failed) without marking the record
 * done: a handler that meets a record it can never process must set it aside itself and resolve.
 */
export type RecordHandler = (record: ConsumedRecord) => Promise<void>;

/** What a subscription reports while it runs; `where` names a partition, or the consumer. */
export interface SubscriptionObserver {
  /**
   * Records of `where` wait: the handler failed with BackendUnavailableError and the record is
   * tried again in delayMs (attempt counts from 1), or the consumer lost its connection and rejoins.
   */
  stalled?(where: string, error: Error, attempt: number, delayMs: number): void;
  /** `where` is consuming again after a stall. */
  resumed?(where: string): void;
  /** The subscription stopped, not by stop(): the consumer crashed or the handler failed otherwise. At most once. */
  failed?(error: Error): void;
}

export interface SubscribeOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a group with no committed offset starts: the oldest record (true) or new records only. */
  readonly fromBeginning: boolean;
  readonly handler: RecordHandler;
  /** Partitions handled at once (records of one partition are always handled one after another). */
  readonly concurrency?: number;
  readonly observer?: SubscriptionObserver;
}

export interface Subscription {
  /** Stops consuming after the record in hand, commits what was handled, and leaves the group. */
  stop(): Promise<void>;
}

export interface EventLog {
  /** Creates the topics that do not exist yet; existing topics are left as they are. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /**
   * Appends records and resolves only when every one is durable (acknowledged by all in-sync
   * replicas). Rejects with BackendUnavailableError when that cannot be had; then nothing may be
   * acknowledged to a caller, although some records may have been written (duplicates are possible,
   * so events carry deterministic ids).
   */
  append(records: readonly OutgoingRecord[]): Promise<AppendedRecord[]>;
  /** The offset the next record of each partition of the topic will get (Kafka's high watermark). */
  endOffsets(topic: string): Promise<{ partition: number; offset: string }[]>;
  /**
   * Joins the consumer group and resolves once this member has been assigned its partitions.
   * Partition p of every subscribed topic goes to the same member, so topics keyed alike with equal
   * partition counts (a device's events and its commands) are read by one member.
   */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Stops every subscription and the producer. */
  close(): Promise<void>;
}
