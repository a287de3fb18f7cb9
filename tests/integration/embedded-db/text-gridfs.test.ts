import { createHash } from 'node:crypto';
import { GridFSBucket, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, errorOf, openTestDb } from './helpers';

let t: TestDb;

beforeAll(async () => {
  t = await openTestDb('textgridfs');
});
afterAll(async () => {
  await t.close();
});

describe('$text search', () => {
  beforeAll(async () => {
    const c = t.db.collection('notes');
    await c.createIndex({ title: 'text', body: 'text' });
    await c.insertMany([
      {
        _id: 1,
        title: 'Border crossing report',
        body: 'Smuggling route near the river crossing',
        lang: 'en',
      },
      { _id: 2, title: 'Witness interview', body: 'The witness described the route', lang: 'en' },
      { _id: 3, title: 'Financial records', body: 'Bank transfers and invoices', lang: 'en' },
      { _id: 4, title: 'Crossing crossing crossing', body: 'river', lang: 'ms' },
    ] as never[]);
  });

  it('matches words case-insensitively with OR semantics', async () => {
    const c = t.db.collection('notes');
    const ids = (await c.find({ $text: { $search: 'ROUTE invoices' } }).toArray()).map((d) => d._id).sort();
    expect(ids).toEqual([1, 2, 3]);
  });

  it('supports phrases and negation', async () => {
    const c = t.db.collection('notes');
    expect((await c.find({ $text: { $search: '"river crossing"' } }).toArray()).map((d) => d._id)).toEqual([
      1,
    ]);
    const ids = (await c.find({ $text: { $search: 'crossing -smuggling' } }).toArray()).map((d) => d._id);
    expect(ids).toEqual([4]);
  });

  it('combines with other filters and sorts/projects by textScore', async () => {
    const c = t.db.collection('notes');
    const docs = await c
      .find({ $text: { $search: 'crossing' }, lang: { $in: ['en', 'ms'] } })
      .project({ title: 1, score: { $meta: 'textScore' } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(docs.map((d) => d._id)).toEqual([4, 1]);
    expect(docs[0]?.score).toBeGreaterThan(docs[1]?.score as number);
    expect(docs[1]?.score).toBeGreaterThan(0);
    expect(Object.keys(docs[1] ?? {}).sort()).toEqual(['_id', 'score', 'title']);
  });

  it('works in an aggregation $match with $meta', async () => {
    const out = await t.db
      .collection('notes')
      .aggregate([
        { $match: { $text: { $search: 'witness' } } },
        { $project: { _id: 1, s: { $meta: 'textScore' } } },
      ])
      .toArray();
    expect(out).toHaveLength(1);
    expect(out[0]?._id).toBe(2);
    expect(out[0]?.s).toBeGreaterThan(0);
  });

  it('accepts $text as a clause of a top-level $and, with the other clauses applied', async () => {
    const c = t.db.collection('notes');
    const found = await c
      .find(
        { $and: [{ $text: { $search: 'crossing' } }, { lang: 'en' }] },
        { projection: { score: { $meta: 'textScore' } }, sort: { score: { $meta: 'textScore' } } },
      )
      .toArray();
    expect(found.map((d) => d._id)).toEqual([1]);
    expect(found[0]?.score).toBeGreaterThan(0);
    const counted = await c.countDocuments({
      $and: [{ lang: 'en' }, { $text: { $search: 'route' }, title: /Witness/ }],
    });
    expect(counted).toBe(1);
  });

  it('refuses a second $text expression', async () => {
    const c = t.db.collection('notes');
    const e = await errorOf(() =>
      c.find({ $text: { $search: 'river' }, $and: [{ $text: { $search: 'route' } }] }).toArray(),
    );
    expect(e.code).toBe(2);
    expect(e.message).toMatch(/Too many text expressions/);
  });

  it('requires a text index', async () => {
    const e = await errorOf(() =>
      t.db
        .collection('no_text')
        .insertOne({ a: 1 })
        .then(() =>
          t.db
            .collection('no_text')
            .find({ $text: { $search: 'x' } })
            .toArray(),
        ),
    );
    expect(e.code).toBe(27);
  });
});

describe('GridFS', () => {
  it('uploads, finds, downloads (whole and ranged) and deletes files', async () => {
    const bucket = new GridFSBucket(t.db, { bucketName: 'attachments', chunkSizeBytes: 64 * 1024 });
    const data = Buffer.alloc(300_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31 + 7) & 0xff;
    const id = new ObjectId();
    await new Promise<void>((resolve, reject) => {
      const up = bucket.openUploadStreamWithId(id, 'evidence.bin', { metadata: { caseId: 'C-1' } });
      up.on('finish', () => resolve());
      up.on('error', reject);
      up.end(data);
    });
    const files = await bucket.find({ 'metadata.caseId': 'C-1' }).toArray();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      _id: id,
      filename: 'evidence.bin',
      length: data.length,
      chunkSize: 64 * 1024,
    });
    expect(await t.db.collection('attachments.chunks').countDocuments({ files_id: id })).toBe(5);

    const chunks: Buffer[] = [];
    for await (const chunk of bucket.openDownloadStream(id)) chunks.push(chunk as Buffer);
    const got = Buffer.concat(chunks);
    expect(createHash('sha256').update(got).digest('hex')).toBe(
      createHash('sha256').update(data).digest('hex'),
    );

    const part: Buffer[] = [];
    for await (const chunk of bucket.openDownloadStreamByName('evidence.bin', {
      start: 70_000,
      end: 140_000,
    })) {
      part.push(chunk as Buffer);
    }
    expect(Buffer.concat(part).equals(data.subarray(70_000, 140_000))).toBe(true);

    await bucket.delete(id);
    expect(await bucket.find({}).toArray()).toEqual([]);
    expect(await t.db.collection('attachments.chunks').countDocuments({})).toBe(0);
    const e = await errorOf(async () => {
      for await (const _ of bucket.openDownloadStream(id)) void _;
    });
    expect(String(e.message)).toMatch(/FileNotFound|not found/i);
  });
});
