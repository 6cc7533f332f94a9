import { describe, expect, it } from 'vitest';
import { readBackingServices } from '@headend/config';
import { describeDocumentStoreContract, uniqueName } from '@headend/contract-tests';
import { BackendUnavailableError, DocumentRefusedError } from '@headend/ports';
import { MongoDocumentStore } from './mongo-document-store.js';

const { mongo } = readBackingServices(process.env);

describeDocumentStoreContract('MongoDB driver', () =>
  MongoDocumentStore.connect({ url: mongo.url, database: uniqueName('contract').replaceAll('-', '_') }),
);

describe('MongoDocumentStore', () => {
  it('given no server at the address, connect fails with BackendUnavailableError naming the MongoDB-wire server', async () => {
    const failure = MongoDocumentStore.connect({
      url: 'mongodb://127.0.0.1:1',
      database: 'headend',
      serverSelectionTimeoutMs: 500,
    });
    await expect(failure).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(failure).rejects.toThrow(/MongoDB-wire server is not reachable at 127\.0\.0\.1:1/);
  });

  it('given a document over 16 MiB, then replaceOne fails with DocumentRefusedError (a refusal, not an outage)', async () => {
    const store = await MongoDocumentStore.connect({
      url: mongo.url,
      database: uniqueName('refused').replaceAll('-', '_'),
    });
    try {
      const write = store
        .collection('big')
        .replaceOne({ _id: 'big', p: 'x'.repeat(17 * 1024 * 1024) } as never);
      await expect(write).rejects.toBeInstanceOf(DocumentRefusedError);
    } finally {
      await store.dropDatabase();
      await store.close();
    }
  });
});
