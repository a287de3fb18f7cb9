import { type Document, Long, MongoServerError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, errorOf, openTestDb, sleep } from './helpers';

let t: TestDb;

beforeAll(async () => {
  t = await openTestDb('query');
  const people = t.db.collection('people');
  await people.insertMany(
    Array.from({ length: 50 }, (_, i) => ({
      _id: i,
      name: `p${String(i).padStart(2, '0')}`,
      age: 20 + (i % 10),
      country: ['MY', 'ID', 'TH'][i % 3],
      tags: i % 2 === 0 ? ['even'] : ['odd', `t${i}`],
      addr: { city: i % 5 === 0 ? 'KL' : 'Jakarta', zip: 1000 + i },
    })) as Document[],
  );
});
afterAll(async () => {
  await t.close();
});

describe('filters', () => {
  it('comparison, logical, element, array and regex operators', async () => {
    const people = t.db.collection('people');
    expect(await people.countDocuments({ age: { $gte: 28 } })).toBe(10);
    expect(await people.countDocuments({ age: { $in: [20, 21] }, country: { $ne: 'MY' } })).toBe(7);
    expect(await people.countDocuments({ $or: [{ age: 20 }, { 'addr.city': 'KL' }] })).toBe(10);
    expect(await people.countDocuments({ $nor: [{ country: 'MY' }, { country: 'ID' }] })).toBe(16);
    expect(await people.countDocuments({ tags: 'odd' })).toBe(25);
    expect(await people.countDocuments({ tags: { $size: 2 } })).toBe(25);
    expect(await people.countDocuments({ tags: { $all: ['odd', 't3'] } })).toBe(1);
    expect(await people.countDocuments({ name: /^p0/ })).toBe(10);
    expect(await people.countDocuments({ name: { $regex: 'P4', $options: 'i' } })).toBe(10);
    expect(await people.countDocuments({ missing: { $exists: false } })).toBe(50);
    expect(await people.countDocuments({ 'addr.zip': { $gt: 1040, $lte: 1045 } })).toBe(5);
    expect(await people.countDocuments({ $expr: { $gt: ['$addr.zip', { $add: ['$age', 1000] }] } })).toBe(20);
    expect(await people.countDocuments({ age: { $not: { $gt: 21 } } })).toBe(10);
    expect(await people.countDocuments({ _id: { $mod: [10, 0] } } as Document)).toBe(5);
    expect(await people.countDocuments({ age: { $type: 'number' } })).toBe(50);
  });

  it('range operators only match values of the same BSON type', async () => {
    const c = t.db.collection('mixed');
    await c.insertMany([{ v: 5 }, { v: '5' }, { v: 'abc' }, { v: new Date(5) }, { v: null }, { v: [1, 9] }]);
    expect(await c.countDocuments({ v: { $gt: 4 } })).toBe(2);
    expect(await c.countDocuments({ v: { $gte: 'a' } })).toBe(1);
    expect(await c.countDocuments({ v: { $lt: new Date(10) } })).toBe(1);
    expect(await c.countDocuments({ v: null })).toBe(1);
  });

  it('ObjectId, Date and Binary equality', async () => {
    const c = t.db.collection('typed');
    const a = new ObjectId();
    const b = new ObjectId();
    await c.insertMany([
      { ref: a, at: new Date(1000), bin: Buffer.from([0xff, 0xfe]) },
      { ref: b, at: new Date(2000), bin: Buffer.from([0xfe, 0xff]) },
    ]);
    expect(await c.countDocuments({ ref: new ObjectId(a.toHexString()) })).toBe(1);
    expect(await c.countDocuments({ ref: { $in: [a, b] } })).toBe(2);
    expect(await c.countDocuments({ at: new Date(2000) })).toBe(1);
    expect(await c.countDocuments({ bin: Buffer.from([0xff, 0xfe]) })).toBe(1);
  });
});

describe('projection, sort, skip, limit', () => {
  it('inclusion and exclusion projections, _id handling, $slice and $elemMatch', async () => {
    const people = t.db.collection('people');
    expect(await people.findOne({ _id: 3 } as Document, { projection: { name: 1 } })).toEqual({
      _id: 3,
      name: 'p03',
    });
    expect(await people.findOne({ _id: 3 } as Document, { projection: { name: 1, _id: 0 } })).toEqual({
      name: 'p03',
    });
    expect(await people.findOne({ _id: 3 } as Document, { projection: { 'addr.city': 1, _id: 0 } })).toEqual({
      addr: { city: 'Jakarta' },
    });
    const ex = await people.findOne({ _id: 3 } as Document, { projection: { tags: 0, addr: 0 } });
    expect(Object.keys(ex ?? {}).sort()).toEqual(['_id', 'age', 'country', 'name']);
    expect(
      await people.findOne({ _id: 3 } as Document, { projection: { tags: { $slice: 1 }, _id: 0, name: 1 } }),
    ).toEqual({
      name: 'p03',
      tags: ['odd'],
    });
  });

  it('sorts on multiple keys, skips and limits', async () => {
    const people = t.db.collection('people');
    const docs = await people
      .find({ age: { $lt: 22 } })
      .sort({ age: -1, name: 1 })
      .skip(1)
      .limit(3)
      .toArray();
    expect(docs.map((d) => d.name)).toEqual(['p11', 'p21', 'p31']);
  });

  it('sorts across BSON types in MongoDB order', async () => {
    const c = t.db.collection('sortorder');
    await c.insertMany([
      { _id: 1, v: true },
      { _id: 2, v: new ObjectId('000000000000000000000001') },
      { _id: 3, v: 'str' },
      { _id: 4, v: new Date(0) },
      { _id: 5, v: 10 },
      { _id: 6, v: null },
      { _id: 7, v: { a: 1 } },
      { _id: 8, v: Buffer.from('b') },
      { _id: 9, v: Long.fromNumber(9) },
    ] as Document[]);
    const order = (await c.find({}).sort({ v: 1 }).toArray()).map((d) => d._id);
    // null < numbers < string < object < binData < ObjectId < bool < date
    expect(order).toEqual([6, 9, 5, 3, 7, 8, 2, 1, 4]);
  });

  it('sorts arrays by their smallest element ascending and largest descending', async () => {
    const c = t.db.collection('arrsort');
    await c.insertMany([
      { _id: 'a', v: [5, 1] },
      { _id: 'b', v: 3 },
      { _id: 'c', v: [2, 9] },
    ] as Document[]);
    expect((await c.find({}).sort({ v: 1 }).toArray()).map((d) => d._id)).toEqual(['a', 'c', 'b']);
    expect((await c.find({}).sort({ v: -1 }).toArray()).map((d) => d._id)).toEqual(['c', 'a', 'b']);
  });
});

describe('cursors', () => {
  it('batches through getMore and honours limit', async () => {
    const people = t.db.collection('people');
    const cursor = people.find({}, { batchSize: 7 }).sort({ _id: 1 });
    const all = await cursor.toArray();
    expect(all).toHaveLength(50);
    expect(all.map((d) => d._id)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(await people.find({}).sort({ _id: 1 }).batchSize(4).limit(10).toArray()).toHaveLength(10);
  });

  it('getMore on a killed cursor is CursorNotFound (43)', async () => {
    const people = t.db.collection('people');
    const res = await t.db.command({ find: 'people', filter: {}, batchSize: 2 }, { promoteLongs: false });
    const id = res.cursor.id as Long;
    expect(id).toBeInstanceOf(Long);
    expect(id.isZero()).toBe(false);
    const more = await t.db.command({ getMore: id, collection: 'people', batchSize: 3 });
    expect(more.cursor.nextBatch).toHaveLength(3);
    // A cursor belongs to its namespace: getMore through another collection is Unauthorized (13).
    const elsewhere = await errorOf(() => t.db.command({ getMore: id, collection: 'mixed' }));
    expect(elsewhere.code).toBe(13);
    const killed = await t.db.command({ killCursors: 'people', cursors: [id] });
    expect(killed.cursorsKilled).toHaveLength(1);
    expect(killed.cursorsKilled[0]?.toString()).toBe(id.toString());
    const again = await t.db.command({ killCursors: 'people', cursors: [id] });
    expect(again.cursorsKilled).toEqual([]);
    expect(again.cursorsNotFound.map(String)).toEqual([id.toString()]);
    const e = await errorOf(() => t.db.command({ getMore: id, collection: 'people' }));
    expect(e).toBeInstanceOf(MongoServerError);
    expect(e.code).toBe(43);
    // The driver's own cursor close path works too.
    const c = people.find({}, { batchSize: 2 });
    await c.next();
    await c.close();
  });

  it('idle cursors time out (cursorTimeoutMillis)', async () => {
    const admin = t.client.db('admin');
    const prev = await admin.command({ getParameter: 1, cursorTimeoutMillis: 1 });
    await admin.command({ setParameter: 1, cursorTimeoutMillis: 300 });
    try {
      const res = await t.db.command({ find: 'people', filter: {}, batchSize: 2 }, { promoteLongs: false });
      // A real mongod reaps idle cursors on a ~4 s cycle; the embedded server checks often.
      await sleep(t.embedded ? 1_000 : 6_000);
      const e = await errorOf(() => t.db.command({ getMore: res.cursor.id, collection: 'people' }));
      expect(e.code).toBe(43);
    } finally {
      await admin.command({ setParameter: 1, cursorTimeoutMillis: prev.cursorTimeoutMillis });
    }
  });
});

describe('index use', () => {
  it('equality, $in and range lookups on indexed fields do not scan the collection', async () => {
    const c = t.db.collection('big');
    await c.insertMany(
      Array.from({ length: 2_000 }, (_, i) => ({
        _id: i,
        email: `u${i}@x.org`,
        score: i % 1000,
        other: i,
      })) as Document[],
    );
    await c.createIndex({ email: 1 }, { unique: true });
    await c.createIndex({ score: 1 });
    const examined = async (filter: Document): Promise<number> => {
      const plan = await c.find(filter).explain('executionStats');
      return Number(plan.executionStats.totalDocsExamined);
    };
    expect(await examined({ email: 'u42@x.org' })).toBe(1);
    expect(await examined({ email: { $in: ['u1@x.org', 'u2@x.org', 'nope'] } })).toBe(2);
    expect(await examined({ score: { $gte: 10, $lt: 13 } })).toBe(6);
    expect(await examined({ _id: 1234 })).toBe(1);
    expect(await examined({ _id: { $gt: 1995 } })).toBe(4);
    expect(await examined({ email: 'u42@x.org', other: 42 })).toBe(1);
    // And without an index it is a full scan.
    expect(await examined({ other: 42 })).toBe(2_000);
    expect(
      (await c.find({ score: { $gte: 10, $lt: 13 } }).toArray())
        .map((d) => Number(d._id))
        .sort((a, b) => a - b),
    ).toEqual([10, 11, 12, 1010, 1011, 1012]);
  });
});
