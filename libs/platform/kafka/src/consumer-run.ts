import kafkajs from 'kafkajs';
import type { Consumer } from 'kafkajs';
import { isBackendUnavailable } from '@headend/ports';
import type { ConsumedRecord, SubscribeOptions } from '@headend/ports';
import { isRebalancing } from './kafkajs-translation.js';

// kafkajs is CommonJS and spreads its errors into its exports, which Node's ESM loader cannot name.
const { KafkaJSNonRetriableError } = kafkajs;

/**
 * One subscription's handling of records: a record whose handler fails with BackendUnavailableError
 * is handled again in place, with back-off and heartbeats, until it succeeds (or the subscription
 * stops); any other failure, or a consumer crash kafkajs will not recover from, stops consuming and
 * is reported once as failed.
 */
export class ConsumerRun {
  stopping = false;
  /** Set once subscribe() has resolved. */
  joined = false;
  /** Rejects when the consumer crashes before it first joined its group. */
  readonly crashedBeforeJoin: Promise<never>;
  private crashBeforeJoin: (error: Error) => void = () => undefined;
  private failed = false;
  private readonly wakeups = new Set<() => void>();

  constructor(
    private readonly options: SubscribeOptions,
    private readonly backoff: { readonly initial: number; readonly max: number },
  ) {
    this.crashedBeforeJoin = new Promise<never>((_, reject) => (this.crashBeforeJoin = reject));
    this.crashedBeforeJoin.catch(() => undefined);
  }

  watch(consumer: Consumer): void {
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopping) return;
      if (!this.joined) this.crashBeforeJoin(payload.error);
      else if (payload.restart) this.options.observer?.stalled?.('consumer', payload.error, 1, 0);
      else this.fail(payload.error);
    });
    consumer.on(consumer.events.GROUP_JOIN, () => this.options.observer?.resumed?.('consumer'));
  }

  async handle(record: ConsumedRecord, heartbeat: () => Promise<void>): Promise<void> {
    const where = `${record.topic}[${record.partition}]`;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handler(record);
        if (attempt > 1) this.options.observer?.resumed?.(where);
        return;
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (this.stopping) throw failure;
        if (!isBackendUnavailable(failure)) {
          this.fail(failure);
          // Not retried by kafkajs either: the consumer stops, the record stays uncommitted.
          throw new KafkaJSNonRetriableError(failure);
        }
        const delay = Math.min(this.backoff.max, this.backoff.initial * 2 ** Math.min(attempt - 1, 20));
        this.options.observer?.stalled?.(where, failure, attempt, delay);
        await this.sleep(delay);
        if (this.stopping) throw failure;
        // Stay in the group meanwhile; a rebalance takes the partition away (another member, or this
        // one after rejoining, gets the record again).
        await heartbeat().catch((cause: unknown) => {
          if (isRebalancing(cause)) throw cause;
        });
      }
    }
  }

  stop(): void {
    this.stopping = true;
    for (const wake of this.wakeups) wake();
  }

  private fail(error: Error): void {
    if (this.stopping || this.failed) return;
    this.failed = true;
    this.options.observer?.failed?.(error);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeups.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeups.add(wake);
    });
  }
}
