// Query execution: pick candidate documents through an index when the filter allows it, then
// let mingo decide the match. Index lookups only ever narrow the candidate set to a superset of
// what mingo would match, so results are identical to a full scan, only cheaper.
import { ErrorCodes, MongoCommandError } from '../errors.js';
import type { Collection } from '../storage/collection.js';
import type { Index } from '../storage/indexes.js';
import { TEXT_SCORE_FIELD, compileFilter } from './mingo.js';
import { parseSearch, scoreDocument } from './text.js';
import { type Doc, TypeRank, isPlainObject, typeRank, valueKey } from './values.js';

export interface ExecStats {
  stage: 'COLLSCAN' | 'IXSCAN' | 'TEXT' | 'EOF';
  indexName?: string;
  docsExamined: number;
  keysExamined: number;
}

export interface SelectResult {
  docs: Doc[];
  stats: ExecStats;
  /** Text scores by document when the filter used $text. */
  scored: boolean;
}

const EQ_RANKS = new Set<number>([
  TypeRank.Number,
  TypeRank.String,
  TypeRank.Boolean,
  TypeRank.ObjectId,
  TypeRank.Date,
  TypeRank.BinData,
]);
const RANGE_RANKS = new Set<number>([TypeRank.Number, TypeRank.String, TypeRank.Date, TypeRank.ObjectId]);

function eqIndexable(v: unknown): boolean {
  return !(v instanceof RegExp) && EQ_RANKS.has(typeRank(v));
}

interface Candidate {
  ids: string[];
  indexName: string;
  keysExamined: number;
}

type Condition =
  | { kind: 'eq'; values: unknown[] }
  | { kind: 'range'; lower?: { v: unknown; inclusive: boolean }; upper?: { v: unknown; inclusive: boolean } };

function classify(cond: unknown): Condition | undefined {
  if (!isPlainObject(cond)) return eqIndexable(cond) ? { kind: 'eq', values: [cond] } : undefined;
  const keys = Object.keys(cond);
  if (keys.length === 0 || !keys.every((k) => k.startsWith('$'))) return undefined;
  if ('$eq' in cond && eqIndexable(cond.$eq)) return { kind: 'eq', values: [cond.$eq] };
  if ('$in' in cond && Array.isArray(cond.$in) && cond.$in.every(eqIndexable))
    return { kind: 'eq', values: cond.$in };
  let lower: { v: unknown; inclusive: boolean } | undefined;
  let upper: { v: unknown; inclusive: boolean } | undefined;
  if ('$gt' in cond) lower = { v: cond.$gt, inclusive: false };
  if ('$gte' in cond) lower = { v: cond.$gte, inclusive: true };
  if ('$lt' in cond) upper = { v: cond.$lt, inclusive: false };
  if ('$lte' in cond) upper = { v: cond.$lte, inclusive: true };
  if (!lower && !upper) return undefined;
  const ranks = [lower, upper].filter((b) => b !== undefined).map((b) => typeRank(b.v));
  if (!ranks.every((r) => RANGE_RANKS.has(r)) || new Set(ranks).size !== 1) return undefined;
  if (lower?.v instanceof RegExp || upper?.v instanceof RegExp) return undefined;
  return { kind: 'range', ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}

/** Top-level conditions of a filter, flattening `$and` (both are conjunctions). */
function conjuncts(filter: Doc, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) conjuncts(sub, out);
    } else if (!k.startsWith('$')) out.push([k, v]);
  }
  return out;
}

function usable(ix: Index): boolean {
  // A partial index does not hold every document, so it could miss matches.
  return !ix.isText && !ix.isPartial;
}

function lookup(coll: Collection, ix: Index, cond: Condition, eqByPath: Map<string, unknown>): Candidate {
  if (cond.kind === 'eq') {
    if (ix.fields.length > 1) {
      const all = ix.fields.map((f) => eqByPath.get(f.path));
      if (all.every((v) => v !== undefined)) {
        const ids = ix.lookupKey(JSON.stringify(all.map(valueKey)));
        return { ids, indexName: ix.name, keysExamined: ids.length };
      }
      const seen = new Set<string>();
      let examined = 0;
      for (const v of cond.values) {
        const r = ix.range(coll.docs, { v, inclusive: true }, { v, inclusive: true }, v);
        examined += r.keysExamined;
        for (const id of r.ids) seen.add(id);
      }
      return { ids: [...seen], indexName: ix.name, keysExamined: examined };
    }
    if (cond.values.length === 1) {
      const ids = ix.lookupKey(valueKey(cond.values[0]));
      return { ids, indexName: ix.name, keysExamined: ids.length };
    }
    const seen = new Set<string>();
    for (const v of cond.values) for (const id of ix.lookupKey(valueKey(v))) seen.add(id);
    return { ids: [...seen], indexName: ix.name, keysExamined: seen.size };
  }
  const probe = cond.lower?.v ?? cond.upper?.v;
  const r = ix.range(coll.docs, cond.lower, cond.upper, probe);
  return { ids: r.ids, indexName: ix.name, keysExamined: r.keysExamined };
}

export function planCandidates(coll: Collection, filter: Doc): Candidate | undefined {
  const conds = conjuncts(filter);
  if (conds.length === 0) return undefined;
  const eqByPath = new Map<string, unknown>();
  const classified: Array<[string, Condition]> = [];
  for (const [path, raw] of conds) {
    const c = classify(raw);
    if (!c) continue;
    classified.push([path, c]);
    if (c.kind === 'eq' && c.values.length === 1) eqByPath.set(path, c.values[0]);
  }
  let best: Candidate | undefined;
  for (const [path, cond] of classified) {
    for (const ix of coll.indexes.values()) {
      if (!usable(ix) || ix.firstPath !== path) continue;
      if (cond.kind === 'range' && ix.fields[0]?.dir === 'hashed') continue;
      const cand = lookup(coll, ix, cond, eqByPath);
      if (!best || cand.ids.length < best.ids.length) best = cand;
      if (best.ids.length <= 1) return best;
    }
  }
  return best;
}

/**
 * Exact mingo semantics for the commonest filter, `{field: scalar}`, without compiling a mingo
 * Query: returns true/false when the answer is certain, undefined when mingo must decide
 * (arrays on the path, numeric wrapper types...).
 */
export function fastEquality(filter: Doc): ((doc: Doc) => boolean | undefined) | undefined {
  const keys = Object.keys(filter);
  if (keys.length !== 1) return undefined;
  const path = keys[0] ?? '';
  if (path.startsWith('$')) return undefined;
  const want = filter[path];
  const rank = typeRank(want);
  if (want === null || want === undefined || want instanceof RegExp) return undefined;
  if (
    rank !== TypeRank.String &&
    rank !== TypeRank.ObjectId &&
    rank !== TypeRank.Boolean &&
    rank !== TypeRank.Date
  ) {
    if (typeof want !== 'number' || Number.isNaN(want)) return undefined;
  }
  if (
    rank === TypeRank.ObjectId &&
    typeof want === 'object' &&
    (want as { _bsontype?: string })._bsontype !== 'ObjectId'
  ) {
    return undefined;
  }
  const parts = path.split('.');
  const wantKey = typeof want === 'object' ? valueKey(want) : undefined;
  return (doc) => {
    let cur: unknown = doc;
    for (const part of parts) {
      if (Array.isArray(cur)) return undefined;
      if (!isPlainObject(cur)) return false;
      cur = Object.prototype.hasOwnProperty.call(cur, part) ? cur[part] : undefined;
    }
    if (Array.isArray(cur)) return undefined;
    if (cur === undefined || cur === null) return false;
    if (typeof want !== 'object') {
      if (typeof cur === typeof want) return cur === want;
      return typeof cur === 'object' && typeRank(cur) === TypeRank.Number ? undefined : false;
    }
    if (typeof cur !== 'object') return false;
    return typeRank(cur) === rank ? valueKey(cur) === wantKey : false;
  };
}

function lazyMatcher(filter: Doc): (doc: Doc) => boolean {
  const fast = fastEquality(filter);
  let full: ((doc: Doc) => boolean) | undefined;
  const slow = (doc: Doc): boolean => (full ??= compileFilter(filter))(doc);
  if (!fast) return slow;
  return (doc) => fast(doc) ?? slow(doc);
}

export interface SelectOptions {
  /** Stop once this many matches are found (only valid when no sort is applied afterwards). */
  stopAfter?: number;
}

/** How many `$text` expressions a filter holds, at any depth (MongoDB allows one). */
function countText(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + countText(item), 0);
  if (!isPlainObject(value)) return 0;
  let n = 0;
  for (const [key, inner] of Object.entries(value)) n += (key === '$text' ? 1 : 0) + countText(inner);
  return n;
}

/**
 * MongoDB accepts one `$text`, at the top of the filter or as a clause of a top-level `$and`; the
 * executor wants it at the top. Moves it there (the clause's other conditions stay in the `$and`)
 * and refuses a second one as MongoDB does. Anywhere else it is left for the matcher to refuse.
 */
export function hoistText(filter: Doc): Doc {
  const count = countText(filter);
  if (count === 0) return filter;
  if (count > 1) throw new MongoCommandError(ErrorCodes.BadValue, 'Too many text expressions');
  if ('$text' in filter || !Array.isArray(filter.$and)) return filter;
  const clauses = filter.$and as unknown[];
  const index = clauses.findIndex((clause) => isPlainObject(clause) && '$text' in clause);
  if (index < 0) return filter;
  const { $text, ...others } = clauses[index] as Doc;
  const remaining = clauses.filter((_, i) => i !== index);
  if (Object.keys(others).length > 0) remaining.push(others);
  const { $and: _and, ...top } = filter;
  return { ...top, $text, ...(remaining.length > 0 ? { $and: remaining } : {}) };
}

/** Documents of `coll` matching `filter`, in natural order, with execution statistics. */
export function selectDocs(
  coll: Collection | undefined,
  rawFilter: Doc,
  opts: SelectOptions = {},
): SelectResult {
  if (!coll) return { docs: [], stats: { stage: 'EOF', docsExamined: 0, keysExamined: 0 }, scored: false };
  const stopAfter = opts.stopAfter ?? Infinity;
  const filter = hoistText(rawFilter);
  if ('$text' in filter) return selectText(coll, filter);
  const matcher = lazyMatcher(filter);
  const out: Doc[] = [];
  const plan = planCandidates(coll, filter);
  let examined = 0;
  if (plan) {
    for (const id of plan.ids) {
      const doc = coll.docs.get(id);
      if (!doc) continue;
      examined++;
      if (matcher(doc)) {
        out.push(doc);
        if (out.length >= stopAfter) break;
      }
    }
    coll.docsExamined += examined;
    return {
      docs: out,
      stats: {
        stage: 'IXSCAN',
        indexName: plan.indexName,
        docsExamined: examined,
        keysExamined: plan.keysExamined,
      },
      scored: false,
    };
  }
  for (const doc of coll.docs.values()) {
    examined++;
    if (matcher(doc)) {
      out.push(doc);
      if (out.length >= stopAfter) break;
    }
  }
  coll.docsExamined += examined;
  return { docs: out, stats: { stage: 'COLLSCAN', docsExamined: examined, keysExamined: 0 }, scored: false };
}

function selectText(coll: Collection, filter: Doc): SelectResult {
  const spec = filter.$text;
  if (!isPlainObject(spec) || typeof spec.$search !== 'string') {
    throw new MongoCommandError(ErrorCodes.BadValue, '$text requires a $search string');
  }
  const ix = coll.textIndex;
  if (!ix) throw new MongoCommandError(ErrorCodes.IndexNotFound, 'text index required for $text query');
  const rest: Doc = { ...filter };
  delete rest.$text;
  const matcher = compileFilter(rest);
  const search = parseSearch(spec.$search);
  const candidates = new Set<string>();
  for (const t of search.terms) for (const id of ix.termIds(t) ?? []) candidates.add(id);
  const out: Doc[] = [];
  let examined = 0;
  for (const id of candidates) {
    const doc = coll.docs.get(id);
    if (!doc) continue;
    examined++;
    const score = scoreDocument(doc, search, ix.textWeights);
    if (score === undefined || !matcher(doc)) continue;
    out.push({ ...doc, [TEXT_SCORE_FIELD]: score });
  }
  coll.docsExamined += examined;
  return {
    docs: out,
    stats: { stage: 'TEXT', indexName: ix.name, docsExamined: examined, keysExamined: candidates.size },
    scored: true,
  };
}

/** Removes the hidden text-score field (top level) from documents about to leave the server. */
export function stripTextScore(doc: Doc): Doc {
  if (!(TEXT_SCORE_FIELD in doc)) return doc;
  const out: Doc = {};
  for (const [k, v] of Object.entries(doc)) if (k !== TEXT_SCORE_FIELD) out[k] = v;
  return out;
}
