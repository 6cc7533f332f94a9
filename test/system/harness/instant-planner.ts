import { serializeQueueItem } from '@headend/cwmp-session';
import { fromRecord, TOPICS } from '@headend/events';
import { coordinationKeys } from '@headend/ports';
import type { CoordinationStore, EventLog, Subscription } from '@headend/ports';

/**
 * Stands in for provisioning's "nothing to do" answer (provisioning itself is issue 5): every
 * InformReceived gets an end-of-plan marker in the device's queue and a wake-up.
 */
export function startInstantPlanner(
  log: EventLog,
  redis: CoordinationStore,
  groupId: string,
): Promise<Subscription> {
  return log.subscribe({
    groupId,
    topics: [TOPICS.deviceEvents],
    fromBeginning: false,
    handler: async (record) => {
      const decoded = fromRecord(record);
      if (!decoded.ok || decoded.event.type !== 'InformReceived') return;
      await redis.enqueue(coordinationKeys.rpcQueue(record.key), [serializeQueueItem({ kind: 'end' })], {
        ttlMs: 120_000,
      });
      await redis.publish(coordinationKeys.wakeup(record.key), 'planned');
    },
  });
}
