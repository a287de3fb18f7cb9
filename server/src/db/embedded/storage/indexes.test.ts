import { ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { selectDocs } from '../query/executor';
import { MongoCommandError } from '../errors';
import { Collection, type JournalOp, MAX_DOCUMENT_BYTES } from './collection';

function collection(): Collection {
  return new Collection('db', 'c');
}

describe('index maintenance', () => {
  it('keeps unique indexes consistent through insert, replace and remove', () => {
    const c = collection();
    c.addIndex({ key: { email: 1 }, name: 'email_1', unique: true });
    const a = { _id: 1, email: 'a' };
    c.insert(a, null);
    expect(() => c.insert({ _id: 2, email: 'a' }, null)).toThrow(MongoCommandError);
    const a2 = { _id: 1, email: 'b' };
    c.replace(a, a2, null);
    c.insert({ _id: 2, email: 'a' }, null); // 'a' was released by the replace
    expect(() => c.replace(a2, { _id: 1, email: 'a' }, null)).toThrow(/E11000/);
    expect(c.getById(1)).toEqual({ _id: 1, email: 'b' }); // failed replace changed nothing
    c.remove(a2, null);
    c.insert({ _id: 3, email: 'b' }, null);
  });

  it('a failed insert leaves no index entries behind', () => {
    const c = collection();
    c.addIndex({ key: { tags: 1 }, name: 'tags_1', unique: true });
    c.insert({ _id: 1, tags: ['x'] }, null);
    expect(() => c.insert({ _id: 2, tags: ['y', 'x'] }, null)).toThrow(/dup key/);
    c.insert({ _id: 3, tags: ['y'] }, null);
    expect(c.docs.size).toBe(2);
  });

  it('indexes missing fields as null unless sparse', () => {
    const c = collection();
    c.addIndex({ key: { n: 1 }, name: 'n_1', unique: true });
    c.insert({ _id: 1 }, null);
    expect(() => c.insert({ _id: 2 }, null)).toThrow(/dup key: \{ n: null \}/);
    const s = collection();
    s.addIndex({ key: { n: 1 }, name: 'n_1', unique: true, sparse: true });
    s.insert({ _id: 1 }, null);
    s.insert({ _id: 2 }, null);
  });

  it('compound unique keys and the DuplicateKey shape', () => {
    const c = collection();
    c.addIndex({ key: { a: 1, b: -1 }, name: 'a_1_b_-1', unique: true });
    c.insert({ _id: 1, a: 1, b: 2 }, null);
    c.insert({ _id: 2, a: 1, b: 3 }, null);
    let err: MongoCommandError | undefined;
    try {
      c.insert({ _id: 3, a: 1, b: 2 }, null);
    } catch (e) {
      err = e as MongoCommandError;
    }
    expect(err?.code).toBe(11000);
    expect(err?.extra).toEqual({ keyPattern: { a: 1, b: -1 }, keyValue: { a: 1, b: 2 } });
    expect(err?.message).toBe(
      'E11000 duplicate key error collection: db.c index: a_1_b_-1 dup key: { a: 1, b: 2 }',
    );
  });

  it('equality, $in and range queries examine only matching documents', () => {
    const c = collection();
    c.addIndex({ key: { k: 1 }, name: 'k_1' });
    for (let i = 0; i < 1000; i++) c.insert({ _id: i, k: i % 100, s: `s${i}` }, null);
    const examined = (filter: Record<string, unknown>): number => {
      const before = c.docsExamined;
      selectDocs(c, filter);
      return c.docsExamined - before;
    };
    expect(examined({ k: 5 })).toBe(10);
    expect(examined({ k: { $in: [1, 2] } })).toBe(20);
    expect(examined({ k: { $gte: 10, $lt: 12 } })).toBe(20);
    expect(examined({ _id: 7 })).toBe(1);
    expect(examined({ s: 's7' })).toBe(1000);
    // Range scans stay correct after writes.
    c.replace(c.getById(0) ?? {}, { _id: 0, k: 11 }, null);
    expect(selectDocs(c, { k: { $gte: 10, $lt: 12 } }).docs).toHaveLength(21);
    c.remove(c.getById(0) ?? {}, null);
    expect(selectDocs(c, { k: { $gte: 10, $lt: 12 } }).docs).toHaveLength(20);
  });

  it('range lookups respect BSON type brackets', () => {
    const c = collection();
    c.addIndex({ key: { v: 1 }, name: 'v_1' });
    const values: unknown[] = [1, 5, '5', 'a', new Date(3), null, new ObjectId(), [2, 'x'], true];
    values.forEach((v, i) => c.insert({ _id: i, v }, null));
    const ids = (f: Record<string, unknown>): unknown[] =>
      selectDocs(c, f)
        .docs.map((d) => d._id)
        .sort();
    expect(ids({ v: { $gt: 1 } })).toEqual([1, 7]);
    expect(ids({ v: { $gte: 'a' } })).toEqual([3, 7]);
    expect(ids({ v: { $gte: 'b', $lt: 'y' } })).toEqual([7]);
    expect(ids({ v: { $lt: new Date(10) } })).toEqual([4]);
  });

  it('a write whose document cannot be indexed (parallel arrays, 171) changes nothing', () => {
    const c = collection();
    c.addIndex({ key: { a: 1, b: 1 }, name: 'a_1_b_1' }); // non-unique: no uniqueness pre-check
    const big = Array.from({ length: 40 }, (_, i) => i);
    const codeOf = (fn: () => void): number | undefined => {
      try {
        fn();
      } catch (e) {
        return (e as MongoCommandError).code;
      }
      return undefined;
    };
    expect(codeOf(() => c.insert({ _id: 1, a: big, b: big }, null))).toBe(171);
    expect(c.docs.size).toBe(0);
    expect(selectDocs(c, { a: 3, b: 3 }).docs).toEqual([]);

    const original = { _id: 2, a: 1, b: 1 };
    c.insert(original, null);
    const ops: JournalOp[] = [];
    expect(codeOf(() => c.replace(original, { _id: 2, a: big, b: big }, ops))).toBe(171);
    expect(ops).toEqual([]);
    expect(c.getById(2)).toBe(original);
    expect(selectDocs(c, { a: 1, b: 1 }).docs).toEqual([original]);
    // The index entry for the old version is still there and still removable.
    c.remove(original, null);
    expect(selectDocs(c, { a: 1, b: 1 }).docs).toEqual([]);
  });

  it('rejects documents over 16 MiB (BSONObjectTooLarge) before changing anything', () => {
    const c = collection();
    const doc = { _id: 1, s: 'x' };
    c.insert(doc, null);
    const huge = 'y'.repeat(MAX_DOCUMENT_BYTES);
    expect(() => c.insert({ _id: 2, huge }, null)).toThrow(/object to insert too large/);
    expect(() => c.replace(doc, { _id: 1, huge }, null)).toThrow(
      /Resulting document after update is larger than 16777216/,
    );
    expect(c.getById(1)).toBe(doc);
    expect(c.docs.size).toBe(1);
  });

  it('loading a document an index cannot hold (old data directories) keeps it and reports the index', () => {
    const c = collection();
    c.addIndex({ key: { a: 1, b: 1 }, name: 'a_1_b_1' });
    const big = Array.from({ length: 40 }, (_, i) => i);
    const bad = { _id: 1, a: big, b: big };
    expect(c.put(bad)).toEqual(['a_1_b_1']);
    expect(c.getById(1)).toBe(bad);
    // It can still be fixed by an update, and deleted.
    const fixed = { _id: 1, a: 1, b: 1 };
    c.replace(bad, fixed, null);
    expect(selectDocs(c, { a: 1, b: 1 }).docs).toEqual([fixed]);
    c.remove(fixed, null);
    expect(c.docs.size).toBe(0);
  });
});
