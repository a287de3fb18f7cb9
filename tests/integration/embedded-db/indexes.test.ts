import { type Document, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, errorOf, openTestDb, sleep } from './helpers';

let t: TestDb;

beforeAll(async () => {
  t = await openTestDb('indexes', { ttlSweepIntervalMs: 100 });
});
afterAll(async () => {
  await t.close();
});

describe('index management', () => {
  it('createIndex / listIndexes / dropIndex / dropIndexes', async () => {
    const c = t.db.collection('mgmt');
    expect(await c.createIndex({ a: 1 })).toBe('a_1');
    expect(await c.createIndex({ b: -1, c: 1 }, { name: 'bc' })).toBe('bc');
    expect(await c.createIndex({ a: 1 })).toBe('a_1');
    const names = (await c.listIndexes().toArray()).map((i) => i.name).sort();
    expect(names).toEqual(['_id_', 'a_1', 'bc']);
    const spec = (await c.listIndexes().toArray()).find((i) => i.name === 'bc');
    expect(spec?.key).toEqual({ b: -1, c: 1 });
    expect(await c.indexExists('a_1')).toBe(true);
    await c.dropIndex('a_1');
    expect((await c.listIndexes().toArray()).map((i) => i.name).sort()).toEqual(['_id_', 'bc']);
    await c.dropIndexes();
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('index errors: IndexNotFound (27), IndexOptionsConflict (85), IndexKeySpecsConflict (86), NamespaceNotFound (26)', async () => {
    const c = t.db.collection('conflicts');
    await c.createIndex({ a: 1 }, { name: 'idx' });
    expect((await errorOf(() => c.dropIndex('nope'))).code).toBe(27);
    expect((await errorOf(() => c.createIndex({ b: 1 }, { name: 'idx' }))).code).toBe(86);
    expect((await errorOf(() => c.createIndex({ a: 1 }, { name: 'other' }))).code).toBe(85);
    expect((await errorOf(() => c.createIndex({ a: 1 }, { name: 'idx', unique: true }))).code).toBe(85);
    const e = await errorOf(() => t.db.collection('does_not_exist').listIndexes().toArray());
    expect(e).toBeInstanceOf(MongoServerError);
    expect(e.code).toBe(26);
  });
});

describe('unique indexes', () => {
  it('reject duplicates with MongoDB-shaped DuplicateKey errors', async () => {
    const c = t.db.collection('users');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ email: 'a@x.org' });
    const e = await errorOf(() => c.insertOne({ email: 'a@x.org' }));
    expect(e).toBeInstanceOf(MongoServerError);
    expect(e.code).toBe(11000);
    expect(e.keyPattern).toEqual({ email: 1 });
    expect(e.keyValue).toEqual({ email: 'a@x.org' });
    expect(String(e.errmsg)).toMatch(
      /^E11000 duplicate key error collection: \S+\.users index: email_1 dup key: \{ email: "a@x\.org" \}$/,
    );
  });

  it('are enforced on update, upsert, replace and findOneAndUpdate, leaving documents untouched', async () => {
    const c = t.db.collection('users2');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertMany([
      { _id: 1, email: 'a' },
      { _id: 2, email: 'b' },
    ] as Document[]);
    expect(
      (await errorOf(() => c.updateOne({ _id: 2 } as Document, { $set: { email: 'a', x: 1 } }))).code,
    ).toBe(11000);
    expect((await errorOf(() => c.replaceOne({ _id: 2 } as Document, { email: 'a' }))).code).toBe(11000);
    expect(
      (await errorOf(() => c.updateOne({ _id: 3 } as Document, { $set: { email: 'b' } }, { upsert: true })))
        .code,
    ).toBe(11000);
    const fam = await errorOf(() => c.findOneAndUpdate({ _id: 1 } as Document, { $set: { email: 'b' } }));
    expect(fam.code).toBe(11000);
    expect(fam.keyValue).toEqual({ email: 'b' });
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, email: 'a' },
      { _id: 2, email: 'b' },
    ]);
    // updateMany stops at the violating document.
    expect((await errorOf(() => c.updateMany({}, { $set: { email: 'same' } }))).code).toBe(11000);
    expect(await c.countDocuments({ email: 'same' })).toBe(1);
  });

  it('compound unique, sparse and partial unique indexes', async () => {
    const c = t.db.collection('compound');
    await c.createIndex({ org: 1, handle: 1 }, { unique: true });
    await c.insertMany([
      { org: 'a', handle: 'x' },
      { org: 'b', handle: 'x' },
    ]);
    const e = await errorOf(() => c.insertOne({ org: 'a', handle: 'x' }));
    expect(e.code).toBe(11000);
    expect(e.keyPattern).toEqual({ org: 1, handle: 1 });
    expect(e.keyValue).toEqual({ org: 'a', handle: 'x' });

    const s = t.db.collection('sparse');
    await s.createIndex({ nick: 1 }, { unique: true, sparse: true });
    await s.insertMany([{ a: 1 }, { a: 2 }, { nick: 'n' }]);
    expect((await errorOf(() => s.insertOne({ nick: 'n' }))).code).toBe(11000);

    const p = t.db.collection('partial');
    await p.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await p.insertMany([
      { email: 'e', active: false },
      { email: 'e', active: false },
      { email: 'e', active: true },
    ]);
    expect((await errorOf(() => p.insertOne({ email: 'e', active: true }))).code).toBe(11000);
  });

  it('cannot be built over existing duplicates', async () => {
    const c = t.db.collection('prebuilt');
    await c.insertMany([{ k: 1 }, { k: 1 }]);
    expect((await errorOf(() => c.createIndex({ k: 1 }, { unique: true }))).code).toBe(11000);
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('unique multikey values across documents', async () => {
    const c = t.db.collection('multikey');
    await c.createIndex({ tags: 1 }, { unique: true });
    await c.insertOne({ tags: ['a', 'b'] });
    expect((await errorOf(() => c.insertOne({ tags: ['c', 'b'] }))).code).toBe(11000);
    await c.insertOne({ tags: ['c'] });
  });
});

describe('writes an index cannot take', () => {
  it('parallel arrays in a compound index (171) fail on insert, update, upsert and findOneAndUpdate, changing nothing', async () => {
    const c = t.db.collection('parallel');
    await c.createIndex({ a: 1, b: 1 }); // not unique: nothing else checks the keys beforehand
    const big = Array.from({ length: 40 }, (_, i) => i);
    expect((await errorOf(() => c.insertOne({ _id: 1, a: big, b: big } as Document))).code).toBe(171);
    await c.insertOne({ _id: 2, a: 1, b: 1 } as Document);
    expect(
      (await errorOf(() => c.updateOne({ _id: 2 } as Document, { $set: { a: big, b: big } }))).code,
    ).toBe(171);
    expect((await errorOf(() => c.replaceOne({ _id: 2 } as Document, { a: big, b: big }))).code).toBe(171);
    expect(
      (
        await errorOf(() =>
          c.updateOne({ _id: 3 } as Document, { $set: { a: big, b: big } }, { upsert: true }),
        )
      ).code,
    ).toBe(171);
    expect(
      (await errorOf(() => c.findOneAndUpdate({ _id: 2 } as Document, { $set: { a: big, b: big } }))).code,
    ).toBe(171);
    expect(await c.find({}).toArray()).toEqual([{ _id: 2, a: 1, b: 1 }]);
    expect(await c.find({ a: 1, b: 1 }).toArray()).toEqual([{ _id: 2, a: 1, b: 1 }]);
    expect(await c.find({ a: 3, b: 3 }).toArray()).toEqual([]);
  });

  it('an update that would grow a document past 16 MiB fails and changes nothing', async () => {
    const c = t.db.collection('too_large');
    const half = 'x'.repeat(9 * 1024 * 1024);
    await c.insertOne({ _id: 1, a: half } as Document);
    const e = await errorOf(() => c.updateOne({ _id: 1 } as Document, { $set: { b: half } }));
    // BSONObjectTooLarge (10334) since MongoDB 5; 17419 before.
    expect([10334, 17419]).toContain(e.code);
    const doc = await c.findOne({ _id: 1 } as Document);
    expect(doc?.a).toHaveLength(half.length);
    expect(doc?.b).toBeUndefined();
  });
});

describe('TTL indexes', () => {
  it('expire documents older than expireAfterSeconds', async () => {
    const c = t.db.collection('sessions');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 1 });
    const spec = (await c.listIndexes().toArray()).find((i) => i.name === 'at_1');
    expect(spec?.expireAfterSeconds).toBe(1);
    await c.insertMany([
      { _id: 'old', at: new Date(Date.now() - 60_000) },
      { _id: 'fresh', at: new Date(Date.now() + 3_600_000) },
      { _id: 'nodate', at: 'not a date' },
    ] as Document[]);
    if (!t.embedded) return; // A real mongod's TTL monitor runs every 60 s; only the index options are checked there.
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && (await c.countDocuments({ _id: 'old' } as Document)) > 0) await sleep(50);
    expect((await c.find({}).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(['fresh', 'nodate']);
  });
});
