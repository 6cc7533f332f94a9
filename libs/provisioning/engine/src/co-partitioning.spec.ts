import { describe, expect, it } from 'vitest';
import { checkCoPartitioned, coPartitioningProblem } from './co-partitioning.js';

/** An event log whose topics have these partition counts (endOffsets is all the check reads). */
const topicsWith = (counts: Record<string, number>) => ({
  endOffsets: (topic: string) =>
    Promise.resolve(
      Array.from({ length: counts[topic] ?? 0 }, (_, partition) => ({ partition, offset: '0' })),
    ),
});

describe('co-partitioning of the device topics', () => {
  it('given equal partition counts, then there is no problem', async () => {
    expect(
      coPartitioningProblem([
        { topic: 'a', partitions: 64 },
        { topic: 'b', partitions: 64 },
      ]),
    ).toBeNull();
    await expect(checkCoPartitioned(topicsWith({ a: 8, b: 8 }), ['a', 'b'])).resolves.toBeUndefined();
  });

  it('given different counts, then start-up fails with a message naming each topic and the variable', async () => {
    await expect(
      checkCoPartitioned(topicsWith({ 'cwmp.device-events.v1': 64, 'acs.commands.v1': 32 }), [
        'cwmp.device-events.v1',
        'acs.commands.v1',
      ]),
    ).rejects.toThrow(
      /cwmp\.device-events\.v1 has 64, acs\.commands\.v1 has 32.*HEADEND_DEVICE_EVENT_PARTITIONS/,
    );
  });
});
