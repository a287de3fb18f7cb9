import { type Document, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, errorOf, openTestDb } from './helpers';

let t: TestDb;

beforeAll(async () => {
  t = await openTestDb('aggregate');
  await t.db.collection('cases').insertMany([
    { _id: 1, country: 'MY', status: 'open', victims: 3, tags: ['a', 'b'], officer: 10 },
    { _id: 2, country: 'MY', status: 'closed', victims: 1, tags: ['b'], officer: 11 },
    { _id: 3, country: 'ID', status: 'open', victims: 5, tags: [], officer: 10 },
    { _id: 4, country: 'TH', status: 'open', victims: 2, tags: ['a'], officer: 12 },
  ] as Document[]);
  await t.db.collection('officers').insertMany([
    { _id: 10, name: 'Siti' },
    { _id: 11, name: 'Budi' },
  ] as Document[]);
});
afterAll(async () => {
  await t.close();
});

describe('aggregate', () => {
  it('$match $group $sort', async () => {
    const out = await t.db
      .collection('cases')
      .aggregate([
        { $match: { status: 'open' } },
        { $group: { _id: '$country', victims: { $sum: '$victims' }, n: { $sum: 1 } } },
        { $sort: { victims: -1 } },
      ])
      .toArray();
    expect(out).toEqual([
      { _id: 'ID', victims: 5, n: 1 },
      { _id: 'MY', victims: 3, n: 1 },
      { _id: 'TH', victims: 2, n: 1 },
    ]);
  });

  it('$project $addFields $set $skip $limit', async () => {
    const out = await t.db
      .collection('cases')
      .aggregate([
        { $sort: { _id: 1 } },
        { $addFields: { double: { $multiply: ['$victims', 2] } } },
        { $set: { label: { $concat: ['$country', '-', '$status'] } } },
        { $project: { _id: 0, double: 1, label: 1 } },
        { $skip: 1 },
        { $limit: 2 },
      ])
      .toArray();
    expect(out).toEqual([
      { double: 2, label: 'MY-closed' },
      { double: 10, label: 'ID-open' },
    ]);
  });

  it('$unwind $count', async () => {
    const out = await t.db
      .collection('cases')
      .aggregate([{ $unwind: '$tags' }, { $count: 'n' }])
      .toArray();
    expect(out).toEqual([{ n: 4 }]);
  });

  it('$lookup joins another collection', async () => {
    const out = await t.db
      .collection('cases')
      .aggregate([
        { $match: { _id: { $in: [1, 4] } } },
        { $lookup: { from: 'officers', localField: 'officer', foreignField: '_id', as: 'off' } },
        { $project: { names: '$off.name' } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(out).toEqual([
      { _id: 1, names: ['Siti'] },
      { _id: 4, names: [] },
    ]);
  });

  it('$lookup with let and a correlated pipeline', async () => {
    const out = await t.db
      .collection('cases')
      .aggregate([
        { $match: { _id: { $in: [1, 2, 4] } } },
        {
          $lookup: {
            from: 'officers',
            let: { off: '$officer' },
            pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$off'] } } }, { $project: { _id: 0, name: 1 } }],
            as: 'off',
          },
        },
        { $project: { off: 1 } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(out).toEqual([
      { _id: 1, off: [{ name: 'Siti' }] },
      { _id: 2, off: [{ name: 'Budi' }] },
      { _id: 4, off: [] },
    ]);
  });

  it('$lookup with localField/foreignField and a pipeline runs the pipeline on the matches only', async () => {
    const out = await t.db
      .collection('cases')
      .aggregate([
        { $match: { _id: { $in: [1, 2, 4] } } },
        {
          $lookup: {
            from: 'officers',
            localField: 'officer',
            foreignField: '_id',
            let: { v: '$victims' },
            pipeline: [{ $project: { _id: 0, name: 1, victims: '$$v' } }],
            as: 'off',
          },
        },
        { $project: { off: 1 } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(out).toEqual([
      { _id: 1, off: [{ name: 'Siti', victims: 3 }] },
      { _id: 2, off: [{ name: 'Budi', victims: 1 }] },
      { _id: 4, off: [] },
    ]);
  });

  it('$facet runs sub-pipelines', async () => {
    const [out] = await t.db
      .collection('cases')
      .aggregate([
        {
          $facet: {
            byStatus: [{ $group: { _id: '$status', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
            total: [{ $count: 'n' }],
          },
        },
      ])
      .toArray();
    expect(out).toEqual({
      byStatus: [
        { _id: 'closed', n: 1 },
        { _id: 'open', n: 3 },
      ],
      total: [{ n: 4 }],
    });
  });

  it('cursor batches with getMore', async () => {
    const c = t.db.collection('many');
    await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
    const out = await c.aggregate([{ $sort: { i: -1 } }], { batchSize: 20 }).toArray();
    expect(out).toHaveLength(250);
    expect(out[0]?.i).toBe(249);
  });

  it('$out writes a collection', async () => {
    await t.db
      .collection('cases')
      .aggregate([{ $match: { country: 'MY' } }, { $project: { victims: 1 } }, { $out: 'my_cases' }])
      .toArray();
    expect(await t.db.collection('my_cases').find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, victims: 3 },
      { _id: 2, victims: 1 },
    ]);
  });

  it('database-level aggregate with $documents', async () => {
    const out = await t.db.aggregate([{ $documents: [{ x: 1 }, { x: 2 }] }, { $match: { x: 2 } }]).toArray();
    expect(out).toEqual([{ x: 2 }]);
  });

  it('$out and $merge are refused inside $facet (40600) and before the last stage (40601)', async () => {
    for (const stage of [{ $out: 'facet_out' }, { $merge: { into: 'facet_out' } }]) {
      const e = await errorOf(() =>
        t.db
          .collection('cases')
          .aggregate([{ $facet: { a: [{ $match: {} }, stage] } }])
          .toArray(),
      );
      expect(e.code).toBe(40600);
    }
    const e = await errorOf(() =>
      t.db
        .collection('cases')
        .aggregate([{ $out: 'early_out' }, { $match: {} }])
        .toArray(),
    );
    expect(e.code).toBe(40601);
    expect(await t.db.listCollections({ name: { $in: ['facet_out', 'early_out'] } }).toArray()).toEqual([]);
  });

  it('bad stages fail with MongoDB codes and Location code names', async () => {
    const unknown = await errorOf(() =>
      t.db
        .collection('cases')
        .aggregate([{ $bogus: {} }])
        .toArray(),
    );
    expect(unknown).toBeInstanceOf(MongoServerError);
    expect(unknown.code).toBe(40324);
    expect(unknown.codeName).toBe('Location40324');
    expect(unknown.errmsg).toBe("Unrecognized pipeline stage name: '$bogus'");
    const twoFields = await errorOf(() =>
      t.db
        .collection('cases')
        .aggregate([{ $match: {}, $limit: 1 }])
        .toArray(),
    );
    expect(twoFields.code).toBe(40323);
    expect(twoFields.codeName).toBe('Location40323');
  });
});
