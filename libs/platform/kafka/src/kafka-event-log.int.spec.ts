import { describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { describeEventLogContract } from '@headend/contract-tests';
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
});
