/**
 * The document store port: MongoDB's role in Headend (projections of devices, tasks, presets,
 * faults). The filter and update languages are a deliberate subset of MongoDB's, small enough for an
 * in-process stand-in to implement exactly, and within what FerretDB 1.x serves.
 *
 * Concurrency: each document has ONE writer (provisioning owns a device through its Kafka
 * partition), so updates need no cross-writer atomicity, and adapters do not promise it: FerretDB 1.x
 * loses concurrent read-modify-writes ($inc, findOneAndUpdate) from several connections. What every
 * adapter does promise is that a unique key (`_id` or a unique index) admits one document only, so
 * an insert can serve as a claim. Field names may not contain "." or start with "$" (device
 * parameter paths are stored as data, never as field names); documentShapeProblem (document-shape.ts)
 * says what else every adapter stores. A write the server refuses for the document itself fails with
 * DocumentRefusedError; one it could not make now, with BackendUnavailableError.
 */

export type Scalar = string | number | boolean | null | Date;

/** Field conditions; a bare scalar means equality. Paths may be dotted ("identity.oui"). */
export type FieldCondition =
  | Scalar
  | {
      readonly $eq?: Scalar;
      readonly $ne?: Scalar;
      readonly $gt?: Scalar;
      readonly $gte?: Scalar;
      readonly $lt?: Scalar;
      readonly $lte?: Scalar;
      readonly $in?: readonly Scalar[];
      readonly $nin?: readonly Scalar[];
      readonly $exists?: boolean;
    };

export interface Filter {
  readonly $and?: readonly Filter[];
  readonly $or?: readonly Filter[];
  readonly [path: string]: FieldCondition | readonly Filter[] | undefined;
}

export interface Update {
  readonly $set?: Readonly<Record<string, unknown>>;
  readonly $unset?: Readonly<Record<string, true>>;
  /** Applied only when the update inserts a new document. */
  readonly $setOnInsert?: Readonly<Record<string, unknown>>;
  readonly $inc?: Readonly<Record<string, number>>;
  /** Sets the field to the greater of its value and the given one (monotonic versions). */
  readonly $max?: Readonly<Record<string, Scalar>>;
  readonly $addToSet?: Readonly<Record<string, Scalar>>;
  readonly $pull?: Readonly<Record<string, Scalar>>;
}

export type SortSpec = readonly (readonly [path: string, direction: 1 | -1])[];

export interface FindOptions {
  readonly sort?: SortSpec;
  readonly skip?: number;
  readonly limit?: number;
}

export interface IndexSpec {
  readonly name: string;
  readonly keys: SortSpec;
  readonly unique?: boolean;
}

export interface UpdateResult {
  readonly matched: number;
  readonly modified: number;
  /** The _id of the inserted document when the update was an upsert that inserted. */
  readonly upsertedId: string | null;
}

/** Every stored document has a string `_id` chosen by Headend (device id, task id ...). */
export interface StoredDocument {
  readonly _id: string;
}

export interface DocumentCollection<T extends StoredDocument> {
  readonly name: string;
  /** Rejects with DuplicateKeyError when `_id` or a unique index is taken. */
  insertOne(document: T): Promise<void>;
  /** Replaces the whole document with the same `_id`, inserting it when missing. */
  replaceOne(document: T): Promise<UpdateResult>;
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  /** Applies the update to the first match and returns the document as it is afterwards. */
  findOneAndUpdate(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<T | null>;
  findOne(filter: Filter): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter: Filter): Promise<number>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
  /** Creates the index unless one with the same name exists. */
  ensureIndex(index: IndexSpec): Promise<void>;
  /** Every index but the implicit one on `_id`. */
  listIndexes(): Promise<IndexSpec[]>;
}

export interface DocumentStore {
  collection<T extends StoredDocument>(name: string): DocumentCollection<T>;
  /** Drops every collection (tests and projection rebuilds). */
  dropDatabase(): Promise<void>;
  close(): Promise<void>;
}
