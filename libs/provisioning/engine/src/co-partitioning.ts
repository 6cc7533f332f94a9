import type { EventLog } from '@headend/ports';
import { DEVICE_TOPICS } from './engine.js';

/**
 * Provisioning folds every record of a device in one process only while the device topics are
 * co-partitioned: keyed alike and with the same partition count (the group's assignor then gives
 * partition p of each to one process). A topic created by hand with another count would break that
 * silently, two processes racing on one projection, so provisioning checks before it joins.
 */
export async function checkCoPartitioned(
  events: Pick<EventLog, 'endOffsets'>,
  topics: readonly string[] = DEVICE_TOPICS,
): Promise<void> {
  const counts = await Promise.all(
    topics.map(async (topic) => ({ topic, partitions: (await events.endOffsets(topic)).length })),
  );
  const problem = coPartitioningProblem(counts);
  if (problem !== null) throw new Error(problem);
}

/** Why these topics are not co-partitioned, or null when they are. */
export function coPartitioningProblem(
  counts: readonly { readonly topic: string; readonly partitions: number }[],
): string | null {
  if (new Set(counts.map((c) => c.partitions)).size <= 1) return null;
  const found = counts.map((c) => `${c.topic} has ${c.partitions}`).join(', ');
  return (
    `the device topics need the same number of partitions, so that one process reads every record ` +
    `of a device (${found}); create them with the same HEADEND_DEVICE_EVENT_PARTITIONS`
  );
}
