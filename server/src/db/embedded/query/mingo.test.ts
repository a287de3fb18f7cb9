// Each test pins down a place where the embedded server deliberately differs from plain mingo
// to behave like MongoDB.
import { Binary, Long, ObjectId } from 'bson';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { MongoCommandError } from '../errors';
import { fastEquality } from './executor';
import {
  applyOperatorUpdate,
  applyReplacement,
  checkArrayFilters,
  compileFilter,
  projectDocs,
  runPipeline,
  seedFromQuery,
  sortDocs,
} from './mingo';
import { ComparableBinary, compareValues, normalizeDecoded, valueKey } from './values';

const update = (doc: Record<string, unknown>, u: Record<string, unknown>, inserting = false) =>
  applyOperatorUpdate(doc, u, { query: {}, inserting });

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof MongoCommandError ? e.code : -1;
  }
  return undefined;
}

describe('mingo seam fixes', () => {
  it('Binary equality compares bytes (mingo compares a lossy UTF-8 rendering)', () => {
    const a = { x: new Binary(Buffer.from([0xff, 0xfe])) };
    const b = { x: new Binary(Buffer.from([0xfe, 0xff])) };
    // Plain mingo matches different invalid-UTF-8 byte strings.
    expect(new Query({ x: b.x }).test(a)).toBe(true);
    normalizeDecoded(a);
    normalizeDecoded(b);
    expect(a.x).toBeInstanceOf(ComparableBinary);
    expect(compileFilter({ x: b.x })(a)).toBe(false);
    expect(compileFilter({ x: new ComparableBinary(Buffer.from([0xff, 0xfe])) })(a)).toBe(true);
  });

  it('sorts across BSON types in MongoDB order (mingo puts ObjectId last and arrays by the array, not its elements)', () => {
    const docs = [
      true,
      new ObjectId('000000000000000000000001'),
      's',
      new Date(0),
      5,
      null,
      [7],
      { a: 1 },
      new Binary(Buffer.from('x')),
    ].map((v, i) => ({ _id: i, v }));
    expect(sortDocs(docs, { v: 1 }).map((d) => d._id)).toEqual([5, 4, 6, 2, 7, 8, 1, 0, 3]);
    expect(
      runPipeline(docs, [{ $sort: { v: 1 } }], { resolveCollection: () => [] }).map((d) => d._id),
    ).toEqual([5, 4, 6, 2, 7, 8, 1, 0, 3]);
  });

  it('sorts Long numerically (mingo compares Long by its decimal string)', () => {
    const docs = [{ v: Long.fromNumber(10) }, { v: Long.fromNumber(9) }, { v: 9.5 }];
    expect(sortDocs(docs, { v: 1 }).map((d) => String(d.v))).toEqual(['9', '9.5', '10']);
    expect(compareValues(Long.fromString('9007199254740993'), Long.fromString('9007199254740992'))).toBe(1);
  });

  it('$push with $slice onto a missing array applies the slice (mingo ignores it)', () => {
    expect(update({ _id: 1 }, { $push: { a: { $each: [1, 2, 3], $slice: -2 } } }).doc).toEqual({
      _id: 1,
      a: [2, 3],
    });
    expect(codeOf(() => update({ _id: 1, a: 's' }, { $push: { a: 1 } }))).toBe(2);
  });

  it('$inc on a missing field sets it; on a non-number it is TypeMismatch (mingo silently skips)', () => {
    expect(update({ _id: 1 }, { $inc: { n: 2 } }).doc).toEqual({ _id: 1, n: 2 });
    expect(codeOf(() => update({ _id: 1, n: 'x' }, { $inc: { n: 1 } }))).toBe(14);
    expect(codeOf(() => update({ _id: 1 }, { $inc: { n: 'x' } }))).toBe(14);
  });

  it('_id is immutable, but $set to its current value is allowed (mingo rejects any $set of _id)', () => {
    expect(update({ _id: 1, a: 1 }, { $set: { _id: 1, a: 2 } })).toEqual({
      doc: { _id: 1, a: 2 },
      changed: true,
    });
    expect(codeOf(() => update({ _id: 1 }, { $set: { _id: 2 } }))).toBe(66);
    expect(codeOf(() => update({ _id: 1, a: 1 }, { $rename: { a: '_id' } }))).toBe(66);
    expect(codeOf(() => applyReplacement({ _id: 1 }, { _id: 2 }))).toBe(66);
    expect(applyReplacement({ _id: 1, a: 1 }, { b: 2 }).doc).toEqual({ _id: 1, b: 2 });
  });

  it('$setOnInsert applies only when inserting (mingo has no $setOnInsert)', () => {
    expect(update({ _id: 1 }, { $setOnInsert: { a: 1 } }, false)).toEqual({
      doc: { _id: 1 },
      changed: false,
    });
    expect(update({ _id: 1 }, { $setOnInsert: { a: 1 } }, true).doc).toEqual({ _id: 1, a: 1 });
  });

  it('unknown update operators are FailedToParse', () => {
    expect(codeOf(() => update({ _id: 1 }, { $frob: { a: 1 } }))).toBe(9);
  });

  it('update does not re-test the query against the document (mingo would skip non-matching docs)', () => {
    const r = applyOperatorUpdate(
      { _id: 1 },
      { $set: { a: 1 } },
      { query: { age: { $gt: 3 } }, inserting: true },
    );
    expect(r.doc).toEqual({ _id: 1, a: 1 });
  });

  it('upsert seeds the new document from the equality parts of the query', () => {
    expect(
      seedFromQuery({
        a: 1,
        'b.c': 'x',
        d: { $gt: 1 },
        e: { $eq: 5 },
        $and: [{ f: true }],
        r: /x/,
        $or: [{ g: 1 }],
      }),
    ).toEqual({ a: 1, b: { c: 'x' }, e: 5, f: true });
  });

  it('projection output puts _id first like MongoDB', () => {
    const [out] = projectDocs([{ a: 1, _id: 7, b: 2 }], { b: 1, a: 1 }, {});
    expect(Object.keys(out ?? {})).toEqual(['_id', 'a', 'b']);
  });

  it('canonical keys treat 1, 1.0 and Long(1) as equal and embedded field order as significant', () => {
    expect(valueKey(1)).toBe(valueKey(Long.fromNumber(1)));
    expect(valueKey({ a: 1, b: 2 })).not.toBe(valueKey({ b: 2, a: 1 }));
  });

  it('the equality fast path agrees with mingo on every document', () => {
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const scalar = (): unknown =>
      [() => ['', 'a', 'ab'][rnd(3)], () => rnd(7) - 3, () => rnd(2) === 0, () => null][rnd(4)]?.();
    const value = (depth = 0): unknown => {
      const k = rnd(depth > 1 ? 1 : 4);
      if (k === 0) return scalar();
      if (k === 1) return Array.from({ length: rnd(4) }, () => value(depth + 1));
      if (k === 2) return { b: value(depth + 1) };
      return Array.from({ length: rnd(3) }, () => ({ b: value(depth + 1) }));
    };
    for (let i = 0; i < 5000; i++) {
      const doc: Record<string, unknown> = rnd(5) === 0 ? {} : { a: value() };
      const want = scalar() ?? 'a';
      const filter = { [rnd(2) === 0 ? 'a' : 'a.b']: want };
      const got = fastEquality(filter)?.(doc);
      if (got !== undefined)
        expect({ doc, filter, got }).toEqual({ doc, filter, got: new Query(filter).test(doc) });
    }
  });
});

describe('update paths and arrayFilters', () => {
  it('refuses to create a field below a scalar instead of skipping or overwriting it (28)', () => {
    const doc = { _id: 1, a: 5, list: [1, { x: 1 }] };
    expect(codeOf(() => update(doc, { $set: { 'a.b': 1 } }))).toBe(28);
    expect(codeOf(() => update(doc, { $push: { 'a.b': 1 } }))).toBe(28);
    expect(codeOf(() => update(doc, { $set: { 'list.0.y': 1 } }))).toBe(28);
    expect(codeOf(() => update(doc, { $rename: { list: 'a.b' } }))).toBe(28);
    expect(update(doc, { $set: { 'list.1.y': 2 } }).doc.list).toEqual([1, { x: 1, y: 2 }]);
    expect(update(doc, { $unset: { 'a.b': '' } }).changed).toBe(false);
  });

  it('checks identifiers, including filters that nest them under $or/$and', () => {
    const u = { $set: { 'xs.$[e]': 0 } };
    expect(codeOf(() => checkArrayFilters(u, [{ $or: [{ e: 1 }, { e: 2 }] }]))).toBeUndefined();
    expect(codeOf(() => checkArrayFilters(u, [{ $and: [{ e: 1 }, { f: 2 }] }]))).toBe(9);
    expect(codeOf(() => checkArrayFilters(u, [{ $nor: [{ 'e.k': 1 }] }, { e: 2 }]))).toBe(9);
    expect(codeOf(() => checkArrayFilters(u, [{}]))).toBe(9);
    expect(codeOf(() => checkArrayFilters(u, undefined))).toBe(2);
    expect(codeOf(() => checkArrayFilters({ $set: { a: 1 } }, undefined))).toBeUndefined();
  });
});

describe('$lookup with localField/foreignField and a pipeline', () => {
  it('runs the pipeline over the matches only, with let and outer variables', () => {
    const foreign = [
      { _id: 'f1', k: 1 },
      { _id: 'f2', k: 2 },
      { _id: 'f3', k: 3 },
    ];
    const out = runPipeline(
      [
        { _id: 1, k: [1, 2], x: 'a' },
        { _id: 2, k: 9, x: 'b' },
      ],
      [
        {
          $lookup: {
            from: 'f',
            localField: 'k',
            foreignField: 'k',
            let: { x: '$x' },
            pipeline: [{ $sort: { _id: -1 } }, { $project: { _id: 1, x: '$$x', top: '$$top' } }],
            as: 'j',
          },
        },
      ],
      { resolveCollection: () => foreign, variables: { top: 7 } },
    );
    expect(out).toEqual([
      {
        _id: 1,
        k: [1, 2],
        x: 'a',
        j: [
          { _id: 'f2', x: 'a', top: 7 },
          { _id: 'f1', x: 'a', top: 7 },
        ],
      },
      { _id: 2, k: 9, x: 'b', j: [] },
    ]);
  });
});
