import { describe, expect, it } from 'vitest';
import type { DocumentCollection, DocumentStore, StoredDocument } from '@headend/ports';
import { DuplicateKeyError, documentShapeProblem, MAX_DOCUMENT_DEPTH } from '@headend/ports';
import { connectForSuite, uniqueName } from './wait.js';

interface Device {
  _id: string;
  identity: { oui: string; productClass: string; serial: string };
  lastInform?: Date;
  informs?: number;
  version?: number;
  tags?: string[];
  note?: string;
}

function device(serial: string, extra: Partial<Device> = {}): Device {
  return {
    _id: `00259E-HG8245-${serial}`,
    identity: { oui: '00259E', productClass: 'HG8245', serial },
    ...extra,
  };
}

/** The behaviour every DocumentStore adapter must have. */
export function describeDocumentStoreContract(adapter: string, connect: () => Promise<DocumentStore>): void {
  describe(`DocumentStore contract: ${adapter}`, () => {
    const store = connectForSuite(connect, async (client: DocumentStore) => {
      await client.dropDatabase();
      await client.close();
    });
    let devices: DocumentCollection<Device>;

    function freshCollection(): DocumentCollection<Device> {
      devices = store().collection<Device>(uniqueName('devices'));
      return devices;
    }

    it('given an inserted document, findOne by _id and by nested field returns it whole', async () => {
      freshCollection();
      const when = new Date('2026-11-22T10:00:00.000Z');
      await devices.insertOne(device('S1', { lastInform: when, tags: ['lab'] }));
      const found = await devices.findOne({ _id: '00259E-HG8245-S1' });
      expect(found).toEqual(device('S1', { lastInform: when, tags: ['lab'] }));
      expect(found?.lastInform).toBeInstanceOf(Date);
      expect(await devices.findOne({ 'identity.serial': 'S1' })).toEqual(found);
      expect(await devices.findOne({ 'identity.serial': 'nope' })).toBeNull();
    });

    it('given a taken _id, insertOne fails with DuplicateKeyError', async () => {
      freshCollection();
      await devices.insertOne(device('S1'));
      await expect(devices.insertOne(device('S1'))).rejects.toBeInstanceOf(DuplicateKeyError);
    });

    it('given a unique index, a second document with the same key is refused', async () => {
      freshCollection();
      await devices.ensureIndex({ name: 'serial_unique', keys: [['identity.serial', 1]], unique: true });
      await devices.insertOne(device('S1'));
      await expect(devices.insertOne({ ...device('S1'), _id: 'other-id' })).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
      expect(await devices.count({})).toBe(1);
    });

    it('given a unique index, an update or replace that would duplicate a key is refused and changes nothing', async () => {
      freshCollection();
      await devices.ensureIndex({ name: 'serial_unique', keys: [['identity.serial', 1]], unique: true });
      await devices.insertOne(device('S1'));
      await devices.insertOne(device('S2'));
      const second = device('S2')._id;
      await expect(
        devices.updateOne({ _id: second }, { $set: { 'identity.serial': 'S1' } }),
      ).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(devices.replaceOne({ ...device('S1'), _id: second })).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
      expect((await devices.findOne({ _id: second }))?.identity.serial).toBe('S2');
    });

    it('given ensureIndex twice, both index definitions are listed once', async () => {
      freshCollection();
      const byLastInform = { name: 'lastInform', keys: [['lastInform', -1]] } as const;
      const byIdentity = {
        name: 'identity',
        keys: [
          ['identity.oui', 1],
          ['identity.productClass', 1],
        ],
      } as const;
      await devices.ensureIndex(byLastInform);
      await devices.ensureIndex(byLastInform);
      await devices.ensureIndex(byIdentity);
      const indexes = await devices.listIndexes();
      expect(indexes.map((i) => i.name).sort()).toEqual(['identity', 'lastInform']);
      expect(indexes.find((i) => i.name === 'identity')?.keys).toEqual(byIdentity.keys);
      expect(indexes.find((i) => i.name === 'lastInform')?.unique ?? false).toBe(false);
    });

    it('given an upsert, the first call inserts with $setOnInsert and the second only updates', async () => {
      freshCollection();
      const id = '00259E-HG8245-S9';
      const first = await devices.updateOne(
        { _id: id },
        {
          $set: { 'identity.serial': 'S9', note: 'first' },
          $setOnInsert: { informs: 0 },
          $inc: { version: 1 },
        },
        { upsert: true },
      );
      expect(first).toEqual({ matched: 0, modified: 0, upsertedId: id });
      const second = await devices.updateOne(
        { _id: id },
        { $set: { note: 'second' }, $setOnInsert: { informs: 100 }, $inc: { version: 1 } },
        { upsert: true },
      );
      expect(second).toEqual({ matched: 1, modified: 1, upsertedId: null });
      expect(await devices.findOne({ _id: id })).toEqual({
        _id: id,
        identity: { serial: 'S9' },
        note: 'second',
        informs: 0,
        version: 2,
      });
    });

    it('given an update that changes nothing, modified is 0 (idempotent redelivery is visible)', async () => {
      freshCollection();
      await devices.insertOne(device('S1', { note: 'same' }));
      const result = await devices.updateOne({ _id: device('S1')._id }, { $set: { note: 'same' } });
      expect(result).toEqual({ matched: 1, modified: 0, upsertedId: null });
    });

    it('given $max, a field only moves forward', async () => {
      freshCollection();
      await devices.insertOne(device('S1', { version: 5 }));
      await devices.updateOne({ _id: device('S1')._id }, { $max: { version: 3 } });
      expect((await devices.findOne({ _id: device('S1')._id }))?.version).toBe(5);
      await devices.updateOne({ _id: device('S1')._id }, { $max: { version: 8 } });
      expect((await devices.findOne({ _id: device('S1')._id }))?.version).toBe(8);
    });

    it('given $unset, $addToSet and $pull, the document changes accordingly', async () => {
      freshCollection();
      const id = device('S1')._id;
      await devices.insertOne(device('S1', { note: 'x', tags: ['a'] }));
      await devices.updateOne({ _id: id }, { $unset: { note: true }, $addToSet: { tags: 'b' } });
      await devices.updateOne({ _id: id }, { $addToSet: { tags: 'b' } });
      expect(await devices.findOne({ _id: id })).toEqual(device('S1', { tags: ['a', 'b'] }));
      await devices.updateOne({ _id: id }, { $pull: { tags: 'a' } });
      expect((await devices.findOne({ _id: id }))?.tags).toEqual(['b']);
    });

    it('given several documents, find filters with operators, sorts, skips and limits', async () => {
      freshCollection();
      for (let i = 1; i <= 6; i++) {
        await devices.insertOne(
          device(`S${i}`, {
            informs: i,
            ...(i % 2 === 0 ? { tags: ['even'] } : {}),
            ...(i > 4 ? { note: 'late' } : {}),
          }),
        );
      }
      const serials = (found: Device[]) => found.map((d) => d.identity.serial);
      expect(
        serials(await devices.find({ informs: { $gt: 2, $lte: 5 } }, { sort: [['informs', 1]] })),
      ).toEqual(['S3', 'S4', 'S5']);
      expect(
        serials(
          await devices.find({ 'identity.serial': { $in: ['S1', 'S6', 'S9'] } }, { sort: [['informs', -1]] }),
        ),
      ).toEqual(['S6', 'S1']);
      expect(serials(await devices.find({ note: { $exists: true } }, { sort: [['informs', 1]] }))).toEqual([
        'S5',
        'S6',
      ]);
      expect(serials(await devices.find({ tags: 'even' }, { sort: [['informs', 1]] }))).toEqual([
        'S2',
        'S4',
        'S6',
      ]);
      expect(
        serials(await devices.find({ $or: [{ informs: 1 }, { informs: 6 }] }, { sort: [['informs', 1]] })),
      ).toEqual(['S1', 'S6']);
      expect(
        serials(
          await devices.find(
            { $and: [{ informs: { $ne: 2 } }, { informs: { $nin: [3, 4] } }] },
            { sort: [['informs', 1]] },
          ),
        ),
      ).toEqual(['S1', 'S5', 'S6']);
      expect(serials(await devices.find({}, { sort: [['informs', -1]], skip: 1, limit: 2 }))).toEqual([
        'S5',
        'S4',
      ]);
      expect(await devices.count({ informs: { $gte: 3 } })).toBe(4);
    });

    it('given findOneAndUpdate, it returns the document after the change, or null without a match', async () => {
      freshCollection();
      await devices.insertOne(device('S1', { informs: 1 }));
      const after = await devices.findOneAndUpdate({ 'identity.serial': 'S1' }, { $inc: { informs: 1 } });
      expect(after?.informs).toBe(2);
      expect(
        await devices.findOneAndUpdate({ 'identity.serial': 'S2' }, { $inc: { informs: 1 } }),
      ).toBeNull();
      const created = await devices.findOneAndUpdate(
        { _id: 'new' },
        { $set: { informs: 7 } },
        { upsert: true },
      );
      expect(created).toEqual({ _id: 'new', informs: 7 });
    });

    it('given replaceOne, the stored document is exactly the new one', async () => {
      freshCollection();
      await devices.insertOne(device('S1', { note: 'old', informs: 3 }));
      const result = await devices.replaceOne(device('S1', { tags: ['new'] }));
      expect(result.matched).toBe(1);
      expect(await devices.findOne({ _id: device('S1')._id })).toEqual(device('S1', { tags: ['new'] }));
      const inserted = await devices.replaceOne(device('S2'));
      expect(inserted.upsertedId).toBe(device('S2')._id);
    });

    it('given updateMany, deleteOne and deleteMany, the counts are right', async () => {
      freshCollection();
      for (let i = 1; i <= 5; i++) await devices.insertOne(device(`S${i}`, { informs: i }));
      expect(await devices.updateMany({ informs: { $lte: 3 } }, { $set: { note: 'old' } })).toEqual({
        matched: 3,
        modified: 3,
        upsertedId: null,
      });
      expect(await devices.deleteOne({ note: 'old' })).toBe(1);
      expect(await devices.deleteMany({ note: 'old' })).toBe(2);
      expect(await devices.deleteMany({ note: 'old' })).toBe(0);
      expect(await devices.count({})).toBe(2);
    });

    it('given values that look like operators or prototype members, they are stored as data', async () => {
      freshCollection();
      const hostile = device('S1', { note: '{"$gt":""}', tags: ['__proto__', 'constructor'] });
      await devices.insertOne(hostile);
      expect(await devices.findOne({ note: '{"$gt":""}' })).toEqual(hostile);
      expect(await devices.count({ tags: '__proto__' })).toBe(1);
      expect(await devices.findOne({ note: 'other' })).toBeNull();
    });

    it('given the worst shapes documentShapeProblem allows, then each is stored and read back whole', async () => {
      const shapes = worstShapes();
      for (const [name, document] of Object.entries(shapes)) {
        expect(documentShapeProblem(document), name).toBeNull();
      }
      const collection = store().collection<StoredDocument>(uniqueName('shapes'));
      for (const [name, document] of Object.entries(shapes)) {
        await collection.replaceOne(document);
        expect(await collection.findOne({ _id: document._id }), name).toEqual(document);
      }
    }, 120_000);
  });
}

/**
 * Documents at the edges of what documentShapeProblem lets through: objects in arrays holding
 * arrays, empty arrays and objects, the nesting limit, odd but legal field names and values, and a
 * document just under the 16 MiB MongoDB allows.
 */
function worstShapes(): Record<string, StoredDocument> {
  let deep: Record<string, unknown> = { leaf: 'bottom' };
  for (let i = 2; i < MAX_DOCUMENT_DEPTH; i++) deep = { d: deep };
  const parameters = Array.from({ length: 2_000 }, (_, i) => ({
    path: `Device.X.${i}.Value`,
    value: 'v'.repeat(4_000),
  }));
  return {
    arraysInObjectsInArrays: {
      _id: 'arrays',
      suspect: [{ names: ['a', 'b'] }, { names: [] }, { names: [''] }],
      tasks: [{ task: { parameterValues: [{ name: 'x', value: '1' }], accessList: [] } }],
      empty: { list: [], object: {} },
    },
    deepest: { _id: 'deep', deep },
    oddButLegal: {
      _id: 'odd',
      '': 'an empty field name',
      'ünï cödé 😀': 'a non-ASCII field name',
      a$b: 'a $ not at the start',
      text: 'NUL \u0000 inside, \uffff, 😀, "quotes" and \\ backslashes',
      numbers: [0, -0.5, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308],
      flags: [true, false, null],
      when: new Date('2026-12-08T00:00:00.000Z'),
    },
    nearTheLimit: { _id: 'big', parameters: JSON.stringify(parameters), more: 'm'.repeat(7_900_000) },
  } as Record<string, StoredDocument>;
}
