import { describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { describeEventLogContract, uniqueName } from '@headend/contract-tests';
import { BackendUnavailableError } from '@headend/ports';
import { KafkaEventLog } from './kafka-event-log.js';

const { kafka } = readBackingServices(process.env);

describeEventLogContract('Kafka', () =>
  KafkaEventLog.connect({ brokers: kafka.brokers, clientId: 'contract' }),
);

describe('KafkaEventLog', () => {
  it('given no broker at the address, connect fails with BackendUnavailableError naming Kafka', async () => {
    const failure = KafkaEventLog.connect({
      brokers: ['127.0.0.1:1'],
      connectionTimeoutMs: 300,
      logLevel: 'nothing',
    });
    await expect(failure).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(failure).rejects.toThrow(/Kafka is not reachable at 127\.0\.0\.1:1/);
  });

  it('given a linger, then appends made meanwhile share a produce request, and close still sends what waits', async () => {
    const log = await KafkaEventLog.connect({ brokers: kafka.brokers, clientId: 'linger', lingerMs: 200 });
    const topic = uniqueName('linger');
    await log.ensureTopics([{ name: topic, partitions: 1 }]);
    const value = new TextEncoder().encode('{}');
    const started = performance.now();
    const first = await Promise.all(['a', 'b', 'c'].map((key) => log.append([{ topic, key, value }])));
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    // All three waited for the linger, then went together, in call order.
    expect(first.map(([appended]) => appended!.offset)).toEqual(['0', '1', '2']);

    const pending = log.append([{ topic, key: 'd', value }]);
    await log.close();
    expect((await pending)[0]?.offset).toBe('3');
  });
});
