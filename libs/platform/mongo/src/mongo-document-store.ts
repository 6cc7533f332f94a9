import {
  BSON,
  MongoClient,
  MongoInvalidArgumentError,
  MongoNetworkError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import type { Collection, Db, Document, Filter as MongoFilter, IndexDirection, UpdateFilter } from 'mongodb';
import {
  BackendUnavailableError,
  ClosedError,
  DocumentRefusedError,
  DuplicateKeyError,
} from '@headend/ports';
import type {
  DocumentCollection,
  DocumentStore,
  Filter,
  FindOptions,
  IndexSpec,
  StoredDocument,
  Update,
  UpdateResult,
} from '@headend/ports';

export interface MongoDocumentStoreOptions {
  readonly url: string;
  readonly database: string;
  /** How long to look for a server before failing with BackendUnavailableError. */
  readonly serverSelectionTimeoutMs?: number;
  readonly appName?: string;
}

/** Headend chooses every _id itself (device id, task id ...), always a string. */
interface Stored extends Document {
  _id: string;
}

const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;

/** DocumentStore on the official MongoDB driver; works against MongoDB and FerretDB. */
export class MongoDocumentStore implements DocumentStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly guard: Guard,
  ) {}

  static async connect(options: MongoDocumentStoreOptions): Promise<MongoDocumentStore> {
    const where = redactedAddress(options.url);
    const client = new MongoClient(options.url, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 3_000,
      appName: options.appName ?? 'headend',
    });
    try {
      await client.connect();
      await client.db(options.database).command({ ping: 1 });
    } catch (cause) {
      await client.close().catch(() => undefined);
      throw new BackendUnavailableError(
        'mongodb',
        `the MongoDB-wire server is not reachable at ${where}: ${describe(cause)}`,
        { cause },
      );
    }
    return new MongoDocumentStore(client, client.db(options.database), new Guard(where));
  }

  collection<T extends StoredDocument>(name: string): DocumentCollection<T> {
    return new MongoDocumentCollection<T>(this.db.collection<Stored>(name), this.guard);
  }

  dropDatabase(): Promise<void> {
    return this.guard.call(async () => {
      await this.db.dropDatabase();
    });
  }

  async close(): Promise<void> {
    this.guard.closed = true;
    await this.client.close();
  }
}

class MongoDocumentCollection<T extends StoredDocument> implements DocumentCollection<T> {
  readonly name: string;

  constructor(
    private readonly collection: Collection<Stored>,
    private readonly guard: Guard,
  ) {
    this.name = collection.collectionName;
  }

  insertOne(document: T): Promise<void> {
    return this.guard.call(async () => {
      // The driver adds fields to what it is given; hand it a copy.
      await this.collection.insertOne({ ...document });
    }, this.name);
  }

  replaceOne(document: T): Promise<UpdateResult> {
    return this.guard.call(async () => {
      const result = await this.collection.replaceOne({ _id: document._id }, document, {
        upsert: true,
      });
      return toUpdateResult(result);
    }, this.name);
  }

  updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.guard.call(async () => {
      const result = await this.collection.updateOne(mongoFilter(filter), mongoUpdate(update), {
        upsert: options.upsert ?? false,
      });
      return toUpdateResult(result);
    }, this.name);
  }

  updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return this.guard.call(async () => {
      return toUpdateResult(await this.collection.updateMany(mongoFilter(filter), mongoUpdate(update)));
    }, this.name);
  }

  findOneAndUpdate(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<T | null> {
    return this.guard.call(async () => {
      const after = await this.collection.findOneAndUpdate(mongoFilter(filter), mongoUpdate(update), {
        upsert: options.upsert ?? false,
        returnDocument: 'after',
      });
      return after as T | null;
    }, this.name);
  }

  findOne(filter: Filter): Promise<T | null> {
    return this.guard.call(async () => (await this.collection.findOne(mongoFilter(filter))) as T | null);
  }

  find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.guard.call(async () => {
      let cursor = this.collection.find(mongoFilter(filter));
      if (options.sort) cursor = cursor.sort(options.sort);
      if (options.skip) cursor = cursor.skip(options.skip);
      if (options.limit) cursor = cursor.limit(options.limit);
      return (await cursor.toArray()) as unknown as T[];
    });
  }

  count(filter: Filter): Promise<number> {
    return this.guard.call(() => this.collection.countDocuments(mongoFilter(filter)));
  }

  deleteOne(filter: Filter): Promise<number> {
    return this.guard.call(async () => (await this.collection.deleteOne(mongoFilter(filter))).deletedCount);
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.guard.call(async () => (await this.collection.deleteMany(mongoFilter(filter))).deletedCount);
  }

  ensureIndex(index: IndexSpec): Promise<void> {
    return this.guard.call(async () => {
      await this.collection.createIndex(
        index.keys.map(([path, direction]): [string, IndexDirection] => [path, direction]),
        { name: index.name, unique: index.unique ?? false },
      );
    });
  }

  listIndexes(): Promise<IndexSpec[]> {
    return this.guard.call(async () => {
      let indexes: Document[];
      try {
        indexes = (await this.collection.listIndexes().toArray()) as Document[];
      } catch (error) {
        if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return [];
        throw error;
      }
      return indexes
        .filter((index) => index['name'] !== '_id_')
        .map((index) => ({
          name: String(index['name']),
          keys: Object.entries(index['key'] as Record<string, number>).map(
            ([path, direction]) => [path, direction < 0 ? -1 : 1] as const,
          ),
          unique: index['unique'] === true,
        }));
    });
  }
}

// The port's filter and update languages are subsets of MongoDB's, so they pass through unchanged.
function mongoFilter(filter: Filter): MongoFilter<Stored> {
  return filter as MongoFilter<Stored>;
}

function mongoUpdate(update: Update): UpdateFilter<Stored> {
  return update as UpdateFilter<Stored>;
}

function toUpdateResult(result: {
  matchedCount: number;
  modifiedCount: number;
  upsertedId: string | null;
}): UpdateResult {
  return {
    matched: result.matchedCount,
    modified: result.modifiedCount,
    upsertedId: result.upsertedId ?? null,
  };
}

/** Turns driver failures into the platform's errors. */
class Guard {
  closed = false;

  constructor(private readonly where: string) {}

  /** `collection` is given for writes: a write the server refuses for the document is DocumentRefusedError. */
  async call<R>(operation: () => Promise<R>, collection?: string): Promise<R> {
    if (this.closed) throw new ClosedError('the MongoDB document store');
    try {
      return await operation();
    } catch (cause) {
      if (isDuplicateKey(cause)) {
        throw new DuplicateKeyError(collection ?? 'unknown', { cause });
      }
      if (isTransient(cause)) {
        throw new BackendUnavailableError(
          'mongodb',
          `the MongoDB-wire server at ${this.where} failed: ${describe(cause)}`,
          { cause },
        );
      }
      if (collection !== undefined && isRefusal(cause)) {
        throw new DocumentRefusedError(collection, describe(cause).slice(0, 500), { cause });
      }
      throw cause;
    }
  }
}

/** Server codes that say "not now" (a step-down, a shutdown, a time-out), not "never". */
const TRANSIENT_CODES: ReadonlySet<number> = new Set([
  6, 7, 89, 91, 112, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436,
]);
const TRANSIENT_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool'];

function isTransient(error: unknown): boolean {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoTopologyClosedError
  ) {
    return true;
  }
  if (!(error instanceof MongoServerError)) return false;
  if (typeof error.code === 'number' && TRANSIENT_CODES.has(error.code)) return true;
  if (TRANSIENT_LABELS.some((label) => error.hasErrorLabel(label))) return true;
  // FerretDB on SQLite, when another writer holds the database longer than its busy time-out.
  return /database is locked|SQLITE_BUSY/i.test(error.message);
}

/**
 * The server (or the driver, before sending) refused the document itself: too large for BSON
 * ("offset out of range" from the serializer past 16 MiB), a field name or value it cannot hold.
 */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof MongoServerError ||
    error instanceof MongoInvalidArgumentError ||
    error instanceof BSON.BSONError ||
    error instanceof RangeError
  );
}

/**
 * MongoDB says 11000. FerretDB 1.x says 11000 for inserts but, for an update that would break a
 * unique index, code 1 with SQLite's "UNIQUE constraint failed" (and leaves the document as it was).
 */
function isDuplicateKey(error: unknown): boolean {
  return (
    error instanceof MongoServerError &&
    (error.code === DUPLICATE_KEY || (error.code === 1 && error.message.includes('UNIQUE constraint failed')))
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** host:port of a MongoDB URL, without credentials, for error messages. */
function redactedAddress(url: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(url);
  return match?.[1] ?? 'the configured URL';
}
