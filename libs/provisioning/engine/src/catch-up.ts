import type {
  ConsumedRecord,
  EventLog,
  RecordHandler,
  Subscription,
  SubscriptionObserver,
} from '@headend/ports';

/**
 * Subscribes and resolves once every record that was in the topics when it started has been handled
 * (the handler keeps running for later records). Provisioning reads the whole configuration topic
 * this way before it plans anything, and the rebuild command reads the device topics to their end.
 */
export async function subscribeCaughtUp(
  log: EventLog,
  options: {
    groupId: string;
    topics: readonly string[];
    handler: RecordHandler;
    observer?: SubscriptionObserver;
  },
): Promise<Subscription> {
  const remaining = new Map<string, bigint>();
  for (const topic of options.topics) {
    for (const { partition, offset } of await log.endOffsets(topic)) {
      if (BigInt(offset) > 0n) remaining.set(`${partition}@${topic}`, BigInt(offset) - 1n);
    }
  }
  let caughtUp: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (caughtUp = resolve));
  if (remaining.size === 0) caughtUp();
  const subscription = await log.subscribe({
    groupId: options.groupId,
    topics: options.topics,
    fromBeginning: true,
    ...(options.observer === undefined ? {} : { observer: options.observer }),
    handler: async (record: ConsumedRecord) => {
      await options.handler(record);
      const key = `${record.partition}@${record.topic}`;
      const last = remaining.get(key);
      if (last !== undefined && BigInt(record.offset) >= last) {
        remaining.delete(key);
        if (remaining.size === 0) caughtUp();
      }
    },
  });
  await done;
  return subscription;
}
