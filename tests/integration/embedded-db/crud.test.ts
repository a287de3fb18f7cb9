import { type Collection, type Document, MongoBulkWriteError, MongoServerError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestDb, errorOf, openTestDb } from './helpers';

let t: TestDb;
let coll: Collection<Document>;

beforeAll(async () => {
  t = await openTestDb('crud');
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  coll = t.db.collection(`c${Math.random().toString(36).slice(2, 8)}`);
});

describe('insert', () => {
  it('insertOne generates an ObjectId and stores the document', async () => {
    const r = await coll.insertOne({ name: 'Ana', n: 1 });
    expect(r.insertedId).toBeInstanceOf(ObjectId);
    const got = await coll.findOne({ _id: r.insertedId });
    expect(got).toEqual({ _id: r.insertedId, name: 'Ana', n: 1 });
  });

  it('keeps client-supplied _id values of several types', async () => {
    const d = new Date('2024-01-02T03:04:05Z');
    await coll.insertMany([{ _id: 'str' }, { _id: 7 }, { _id: { a: 1, b: 2 } }, { _id: d }] as Document[]);
    expect(await coll.countDocuments({})).toBe(4);
    expect(await coll.findOne({ _id: { a: 1, b: 2 } } as Document)).toEqual({ _id: { a: 1, b: 2 } });
    expect(await coll.findOne({ _id: d } as Document)).toEqual({ _id: d });
    expect(await coll.findOne({ _id: 7 } as Document)).toEqual({ _id: 7 });
  });

  it('round-trips BSON types', async () => {
    const doc = {
      _id: new ObjectId(),
      s: 'x',
      i: 42,
      f: 1.5,
      b: true,
      nul: null,
      d: new Date(0),
      arr: [1, 'two', { three: 3 }],
      nested: { deep: { deeper: ['a'] } },
      bin: Buffer.from([0, 1, 2, 255]),
    };
    await coll.insertOne(doc);
    const got = await coll.findOne({ _id: doc._id });
    expect(got?.s).toBe('x');
    expect(got?.f).toBe(1.5);
    expect(got?.d).toEqual(new Date(0));
    expect(got?.nested).toEqual({ deep: { deeper: ['a'] } });
    expect(Buffer.from(got?.bin.buffer)).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('duplicate _id is error 11000', async () => {
    await coll.insertOne({ _id: 'dup' } as Document);
    const e = await errorOf(() => coll.insertOne({ _id: 'dup' } as Document));
    expect(e).toBeInstanceOf(MongoServerError);
    expect(e.code).toBe(11000);
    expect(e.keyValue).toEqual({ _id: 'dup' });
  });

  it('ordered insertMany stops at the first error and reports its index', async () => {
    const e = await errorOf(() =>
      coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 1 }, { _id: 3 }] as Document[]),
    );
    expect(e).toBeInstanceOf(MongoBulkWriteError);
    const bulk = e as unknown as MongoBulkWriteError;
    expect(bulk.result.insertedCount).toBe(2);
    expect(bulk.writeErrors).toHaveLength(1);
    const we = Array.isArray(bulk.writeErrors) ? bulk.writeErrors[0] : bulk.writeErrors;
    expect(we?.index).toBe(2);
    expect(we?.code).toBe(11000);
    expect(await coll.countDocuments({})).toBe(2);
  });

  it('unordered insertMany inserts everything else and reports every failure', async () => {
    await coll.insertOne({ _id: 2 } as Document);
    const e = await errorOf(() =>
      coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }, { _id: 3 }, { _id: 4 }] as Document[], {
        ordered: false,
      }),
    );
    const bulk = e as unknown as MongoBulkWriteError;
    expect(bulk.result.insertedCount).toBe(3);
    const errs = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
    expect(errs.map((w) => w.index).sort()).toEqual([1, 3]);
    expect((await coll.find({}).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2, 3, 4]);
  });
});

describe('update operators', () => {
  it('$set $unset $inc (incl. missing field) $min $max $rename $currentDate', async () => {
    await coll.insertOne({ _id: 1, a: 1, b: 2, lo: 5, hi: 5, old: 'x' } as Document);
    const before = Date.now();
    const r = await coll.updateOne({ _id: 1 } as Document, {
      $set: { 'nested.x': 1 },
      $unset: { b: '' },
      $inc: { a: 2, created: 3 },
      $min: { lo: 3 },
      $max: { hi: 9 },
      $rename: { old: 'renamed' },
      $currentDate: { touched: true },
    });
    expect(r.matchedCount).toBe(1);
    expect(r.modifiedCount).toBe(1);
    const d = await coll.findOne({ _id: 1 } as Document);
    expect(d).toMatchObject({ _id: 1, a: 3, created: 3, lo: 3, hi: 9, renamed: 'x', nested: { x: 1 } });
    expect(d).not.toHaveProperty('b');
    expect(d).not.toHaveProperty('old');
    expect((d?.touched as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('reports modifiedCount 0 when nothing changes', async () => {
    await coll.insertOne({ _id: 1, a: 1 } as Document);
    const r = await coll.updateOne({ _id: 1 } as Document, { $set: { a: 1 } });
    expect(r.matchedCount).toBe(1);
    expect(r.modifiedCount).toBe(0);
  });

  it('$push with $each, $position and $slice (also onto a missing array)', async () => {
    await coll.insertOne({ _id: 1, arr: [1, 2, 3] } as Document);
    await coll.updateOne(
      { _id: 1 } as Document,
      { $push: { arr: { $each: [0], $position: 0 } } } as Document,
    );
    await coll.updateOne(
      { _id: 1 } as Document,
      { $push: { arr: { $each: [4, 5], $slice: -4 } } } as Document,
    );
    await coll.updateOne(
      { _id: 1 } as Document,
      { $push: { fresh: { $each: [1, 2, 3], $slice: -2 } } } as Document,
    );
    expect(await coll.findOne({ _id: 1 } as Document)).toEqual({ _id: 1, arr: [2, 3, 4, 5], fresh: [2, 3] });
  });

  it('$pull $addToSet $pop', async () => {
    await coll.insertOne({
      _id: 1,
      tags: ['a', 'b', 'c', 'b'],
      set: [1],
      items: [{ k: 1 }, { k: 2 }],
      q: [1, 2, 3],
    } as Document);
    await coll.updateOne(
      { _id: 1 } as Document,
      {
        $pull: { tags: 'b', items: { k: 2 } },
        $addToSet: { set: { $each: [1, 2, 2, 3] } },
        $pop: { q: -1 },
      } as Document,
    );
    expect(await coll.findOne({ _id: 1 } as Document)).toEqual({
      _id: 1,
      tags: ['a', 'c'],
      set: [1, 2, 3],
      items: [{ k: 1 }],
      q: [2, 3],
    });
  });

  it('positional $, $[] and $[<id>] with arrayFilters', async () => {
    await coll.insertOne({
      _id: 1,
      grades: [80, 85, 90],
      people: [
        { n: 'a', s: 1 },
        { n: 'b', s: 2 },
      ],
    } as Document);
    await coll.updateOne({ _id: 1, grades: 85 } as Document, { $set: { 'grades.$': 86 } });
    await coll.updateOne({ _id: 1 } as Document, { $inc: { 'people.$[].s': 10 } });
    await coll.updateOne(
      { _id: 1 } as Document,
      { $set: { 'people.$[p].n': 'B' } },
      { arrayFilters: [{ 'p.n': 'b' }] },
    );
    expect(await coll.findOne({ _id: 1 } as Document)).toEqual({
      _id: 1,
      grades: [80, 86, 90],
      people: [
        { n: 'a', s: 11 },
        { n: 'B', s: 12 },
      ],
    });
  });

  it('arrayFilters: updateMany and findOneAndUpdate, scalar elements, several conditions', async () => {
    await coll.insertMany([
      {
        _id: 1,
        scores: [1, 5, 9],
        items: [
          { k: 'a', n: 1 },
          { k: 'b', n: 2 },
        ],
      },
      { _id: 2, scores: [7], items: [{ k: 'b', n: 3 }] },
    ] as Document[]);
    const r = await coll.updateMany(
      {},
      { $inc: { 'scores.$[big]': 100 } },
      { arrayFilters: [{ big: { $gte: 5 } }] },
    );
    expect(r.modifiedCount).toBe(2);
    const after = await coll.findOneAndUpdate(
      { _id: 1 } as Document,
      { $set: { 'items.$[it].n': 0 } },
      { arrayFilters: [{ 'it.k': 'b', 'it.n': { $gt: 1 } }], returnDocument: 'after' },
    );
    expect(after).toEqual({
      _id: 1,
      scores: [1, 105, 109],
      items: [
        { k: 'a', n: 1 },
        { k: 'b', n: 0 },
      ],
    });
    expect(await coll.findOne({ _id: 2 } as Document)).toEqual({
      _id: 2,
      scores: [107],
      items: [{ k: 'b', n: 3 }],
    });
  });

  it('arrayFilters errors: unknown or unused identifiers, malformed filters, non-array paths', async () => {
    const original = { _id: 1, a: 5, people: [{ n: 'a' }, { n: 'b' }] };
    await coll.insertOne(original as Document);
    const one = { _id: 1 } as Document;
    const cases: Array<[string, () => Promise<unknown>, number]> = [
      ['identifier without a filter', () => coll.updateOne(one, { $set: { 'people.$[p].n': 'x' } }), 2],
      [
        'filter not used by the update',
        () =>
          coll.updateOne(
            one,
            { $set: { 'people.$[p].n': 'x' } },
            { arrayFilters: [{ 'p.n': 'a' }, { 'q.n': 'b' }] },
          ),
        9,
      ],
      [
        'filter naming two identifiers',
        () =>
          coll.updateOne(
            one,
            { $set: { 'people.$[p].n': 'x' } },
            { arrayFilters: [{ 'p.n': 'a', 'q.n': 'b' }] },
          ),
        9,
      ],
      [
        'two filters for one identifier',
        () =>
          coll.updateOne(
            one,
            { $set: { 'people.$[p].n': 'x' } },
            { arrayFilters: [{ 'p.n': 'a' }, { 'p.n': 'b' }] },
          ),
        9,
      ],
      [
        'unused filter through findOneAndUpdate',
        () => coll.findOneAndUpdate(one, { $set: { a: 6 } }, { arrayFilters: [{ 'p.n': 'a' }] }),
        9,
      ],
      ['$[] on a non-array', () => coll.updateOne(one, { $set: { 'a.$[]': 1 } }), 2],
      [
        '$[<id>] on a missing path',
        () => coll.updateOne(one, { $set: { 'missing.$[m]': 1 } }, { arrayFilters: [{ m: 1 }] }),
        2,
      ],
      [
        'arrayFilters with a pipeline update',
        () => coll.updateOne(one, [{ $set: { a: 6 } }], { arrayFilters: [{ 'p.n': 'a' }] }),
        9,
      ],
    ];
    for (const [what, run, code] of cases) {
      const e = await errorOf(run);
      expect(e, what).toBeInstanceOf(MongoServerError);
      expect(e.code, what).toBe(code);
    }
    expect(await coll.findOne(one)).toEqual(original);
  });

  it('a path through a scalar, null or array is PathNotViable (28) and changes nothing', async () => {
    const original = { _id: 1, a: 5, nul: null, arr: [1, 2], o: { x: 1 } };
    await coll.insertOne(original as Document);
    const one = { _id: 1 } as Document;
    const cases: Array<[string, Document]> = [
      ['$set through a number', { $set: { 'a.b': 1 } }],
      ['$set through null', { $set: { 'nul.b': 1 } }],
      ['$set of a named field of an array', { $set: { 'arr.x': 1 } }],
      ['$set through a nested number', { $set: { 'o.x.y': 1 } }],
      ['$inc through a number', { $inc: { 'a.b': 1 } }],
      ['$max through a number', { $max: { 'a.b': 1 } }],
      ['$push through a number', { $push: { 'a.b': 1 } }],
      ['$addToSet through a nested number', { $addToSet: { 'o.x.y': 1 } }],
      ['$rename onto a path through a number', { $rename: { o: 'a.b' } }],
    ];
    for (const [what, update] of cases) {
      const e = await errorOf(() => coll.updateOne(one, update));
      expect(e, what).toBeInstanceOf(MongoServerError);
      expect(e.code, what).toBe(28);
      expect(await coll.findOne(one), what).toEqual(original);
    }
    const fam = await errorOf(() => coll.findOneAndUpdate(one, { $set: { 'a.b': 1 } }));
    expect(fam.code).toBe(28);
    // What is allowed: unsetting through a scalar does nothing, a numeric path pads the array.
    expect((await coll.updateOne(one, { $unset: { 'a.b': '' } })).modifiedCount).toBe(0);
    await coll.updateOne(one, { $set: { 'arr.3': 9, 'o.y.z': 1 } });
    expect(await coll.findOne(one)).toEqual({ ...original, arr: [1, 2, null, 9], o: { x: 1, y: { z: 1 } } });
  });

  it('$pull/$pullAll on a non-array are BadValue (2), $pop TypeMismatch (14); missing fields are no-ops', async () => {
    const original = { _id: 1, n: 5, o: { s: 'x' } };
    await coll.insertOne(original as Document);
    const one = { _id: 1 } as Document;
    const cases: Array<[Document, number]> = [
      [{ $pull: { n: 5 } }, 2],
      [{ $pullAll: { 'o.s': ['x'] } }, 2],
      [{ $pop: { n: 1 } }, 14],
      [{ $pop: { o: -1 } }, 14],
    ];
    for (const [update, code] of cases) {
      const e = await errorOf(() => coll.updateOne(one, update));
      expect(e.code, JSON.stringify(update)).toBe(code);
    }
    const r = await coll.updateOne(one, { $pull: { missing: 1 }, $pop: { 'o.missing': 1 } } as Document);
    expect(r.modifiedCount).toBe(0);
    expect(await coll.findOne(one)).toEqual(original);
  });

  it('updateMany updates every match', async () => {
    await coll.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]);
    const r = await coll.updateMany({ k: 1 }, { $set: { seen: true } });
    expect(r.matchedCount).toBe(2);
    expect(r.modifiedCount).toBe(2);
    expect(await coll.countDocuments({ seen: true })).toBe(2);
  });

  it('upsert builds the document from the equality fields of the query', async () => {
    const r = await coll.updateOne(
      { email: 'new@x.org', 'profile.country': 'MY', age: { $gt: 3 } },
      { $set: { name: 'N' }, $setOnInsert: { created: 1 } },
      { upsert: true },
    );
    expect(r.upsertedCount).toBe(1);
    expect(r.upsertedId).toBeInstanceOf(ObjectId);
    const d = await coll.findOne({ _id: r.upsertedId as ObjectId });
    expect(d).toEqual({
      _id: r.upsertedId,
      email: 'new@x.org',
      profile: { country: 'MY' },
      name: 'N',
      created: 1,
    });
    // Matching now: $setOnInsert does nothing.
    await coll.updateOne(
      { email: 'new@x.org' },
      { $set: { name: 'M' }, $setOnInsert: { created: 2 } },
      { upsert: true },
    );
    expect(
      await coll.findOne({ email: 'new@x.org' }, { projection: { _id: 0, name: 1, created: 1 } }),
    ).toEqual({
      name: 'M',
      created: 1,
    });
  });

  it('upsert with _id in the query uses it', async () => {
    const r = await coll.updateOne({ _id: 'fixed' } as Document, { $inc: { n: 1 } }, { upsert: true });
    expect(r.upsertedId).toBe('fixed');
    expect(await coll.findOne({ _id: 'fixed' } as Document)).toEqual({ _id: 'fixed', n: 1 });
  });

  it('pipeline-style update', async () => {
    await coll.insertOne({ _id: 1, a: 2, b: 3 } as Document);
    await coll.updateOne({ _id: 1 } as Document, [
      { $set: { sum: { $add: ['$a', '$b'] } } },
      { $unset: 'b' },
    ]);
    expect(await coll.findOne({ _id: 1 } as Document)).toEqual({ _id: 1, a: 2, sum: 5 });
  });

  it('changing _id is ImmutableField (66); $set of the same _id is allowed', async () => {
    await coll.insertOne({ _id: 1, a: 1 } as Document);
    const e = await errorOf(() => coll.updateOne({ _id: 1 } as Document, { $set: { _id: 2 } }));
    expect(e.code).toBe(66);
    const r = await coll.updateOne({ _id: 1 } as Document, { $set: { _id: 1, a: 2 } });
    expect(r.modifiedCount).toBe(1);
    const e2 = await errorOf(() => coll.replaceOne({ _id: 1 } as Document, { _id: 3, a: 1 }));
    expect(e2.code).toBe(66);
  });

  it('$inc on a string is TypeMismatch (14); unknown operator is FailedToParse (9)', async () => {
    await coll.insertOne({ _id: 1, s: 'x' } as Document);
    expect((await errorOf(() => coll.updateOne({ _id: 1 } as Document, { $inc: { s: 1 } }))).code).toBe(14);
    expect(
      (await errorOf(() => coll.updateOne({ _id: 1 } as Document, { $bogus: { s: 1 } } as Document))).code,
    ).toBe(9);
  });
});

describe('replace, delete, findOneAnd*', () => {
  it('replaceOne keeps _id and replaces the rest', async () => {
    await coll.insertOne({ _id: 1, a: 1, b: 2 } as Document);
    await coll.replaceOne({ _id: 1 } as Document, { c: 3 });
    expect(await coll.findOne({ _id: 1 } as Document)).toEqual({ _id: 1, c: 3 });
  });

  it('deleteOne / deleteMany', async () => {
    await coll.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }, { k: 3 }]);
    expect((await coll.deleteOne({ k: 1 })).deletedCount).toBe(1);
    expect((await coll.deleteMany({ k: { $in: [1, 2] } })).deletedCount).toBe(2);
    expect((await coll.deleteMany({ nothing: true })).deletedCount).toBe(0);
    expect(await coll.countDocuments({})).toBe(1);
  });

  it('findOneAndUpdate returns before/after, honours sort and projection, upserts', async () => {
    await coll.insertMany([
      { _id: 1, q: 'a', n: 5 },
      { _id: 2, q: 'a', n: 1 },
    ] as Document[]);
    const before = await coll.findOneAndUpdate({ q: 'a' }, { $inc: { n: 100 } }, { sort: { n: 1 } });
    expect(before).toEqual({ _id: 2, q: 'a', n: 1 });
    const after = await coll.findOneAndUpdate(
      { q: 'a' },
      { $inc: { n: 1 } },
      { sort: { n: -1 }, returnDocument: 'after', projection: { n: 1, _id: 0 } },
    );
    expect(after).toEqual({ n: 102 });
    const up = await coll.findOneAndUpdate(
      { q: 'z' },
      { $set: { n: 0 } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(up).toMatchObject({ q: 'z', n: 0 });
    const none = await coll.findOneAndUpdate({ q: 'missing' }, { $set: { n: 0 } });
    expect(none).toBeNull();
    const meta = await coll.findOneAndUpdate({ q: 'z' }, { $set: { n: 1 } }, { includeResultMetadata: true });
    expect(meta.ok).toBe(1);
    expect(meta.lastErrorObject).toMatchObject({ n: 1, updatedExisting: true });
  });

  it('findOneAndDelete (findAndModify remove) honours sort and projection', async () => {
    await coll.insertMany([
      { _id: 1, q: 'a', n: 5 },
      { _id: 2, q: 'a', n: 9 },
      { _id: 3, q: 'a', n: 1 },
      { _id: 4, q: 'b', n: 100 },
    ] as Document[]);
    expect(await coll.findOneAndDelete({ q: 'a' }, { sort: { n: -1 } })).toEqual({ _id: 2, q: 'a', n: 9 });
    expect(await coll.findOneAndDelete({ q: 'a' }, { sort: { n: 1 }, projection: { _id: 0, n: 1 } })).toEqual(
      { n: 1 },
    );
    const meta = await coll.findOneAndDelete({ q: 'a' }, { sort: { n: 1 }, includeResultMetadata: true });
    expect(meta.value).toEqual({ _id: 1, q: 'a', n: 5 });
    expect(meta.lastErrorObject).toMatchObject({ n: 1 });
    expect(await coll.findOneAndDelete({ q: 'a' }, { sort: { n: 1 } })).toBeNull();
    expect(await coll.find({}).toArray()).toEqual([{ _id: 4, q: 'b', n: 100 }]);
  });

  it('findOneAndReplace and findOneAndDelete', async () => {
    await coll.insertOne({ _id: 1, a: 1 } as Document);
    expect(
      await coll.findOneAndReplace({ _id: 1 } as Document, { b: 2 }, { returnDocument: 'after' }),
    ).toEqual({ _id: 1, b: 2 });
    expect(await coll.findOneAndDelete({ _id: 1 } as Document)).toEqual({ _id: 1, b: 2 });
    expect(await coll.findOneAndDelete({ _id: 1 } as Document)).toBeNull();
  });
});

describe('bulkWrite and counts', () => {
  it('bulkWrite mixes operations and reports counts and upserted ids', async () => {
    await coll.insertOne({ _id: 1, n: 0 } as Document);
    const r = await coll.bulkWrite([
      { insertOne: { document: { _id: 2, n: 0 } } },
      { updateOne: { filter: { _id: 1 }, update: { $inc: { n: 1 } } } },
      { updateMany: { filter: { n: 0 }, update: { $set: { zero: true } } } },
      { replaceOne: { filter: { _id: 3 }, replacement: { n: 3 }, upsert: true } },
      { deleteOne: { filter: { _id: 2 } } },
    ] as never);
    expect(r.insertedCount).toBe(1);
    expect(r.matchedCount).toBe(2);
    expect(r.modifiedCount).toBe(2);
    expect(r.upsertedCount).toBe(1);
    expect(r.deletedCount).toBe(1);
    expect(r.upsertedIds).toEqual({ 3: 3 });
    expect(await coll.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, n: 1 },
      { _id: 3, n: 3 },
    ]);
  });

  it('countDocuments, estimatedDocumentCount and distinct', async () => {
    await coll.insertMany([
      { k: 'a', tags: ['x', 'y'] },
      { k: 'b', tags: ['y'] },
      { k: 'a', tags: [] },
    ]);
    expect(await coll.estimatedDocumentCount()).toBe(3);
    expect(await coll.countDocuments({ k: 'a' })).toBe(2);
    expect(await coll.countDocuments({}, { skip: 1, limit: 1 })).toBe(1);
    expect((await coll.distinct('k')).sort()).toEqual(['a', 'b']);
    expect((await coll.distinct('tags')).sort()).toEqual(['x', 'y']);
    expect(await coll.distinct('k', { tags: 'x' })).toEqual(['a']);
    expect(await t.db.collection('never_created').estimatedDocumentCount()).toBe(0);
  });
});
