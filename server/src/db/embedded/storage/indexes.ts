// In-memory secondary indexes. Each index keeps a hash table from canonical key to document ids
// (uniqueness checks, equality and $in lookups) and, built on first use and then maintained, a
// sorted array of its first field's values (range scans, TTL sweeps).
import { ErrorCodes, MongoCommandError } from '../errors.js';
import { type Matcher, compileFilter } from '../query/mingo.js';
import { docTerms } from '../query/text.js';
import {
  type Doc,
  compareValues,
  formatValue,
  isPlainObject,
  typeRank,
  valueKey,
  valuesAtPath,
} from '../query/values.js';

export interface IndexSpec {
  v?: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  weights?: Doc;
  default_language?: string;
  [option: string]: unknown;
}

type Direction = 1 | -1 | 'text' | 'hashed';

interface Field {
  path: string;
  dir: Direction;
}

interface SortedEntry {
  v: unknown;
  id: string;
}

/** Id set stored compactly: unique indexes almost always map a key to a single id. */
type IdSlot = string | Set<string>;

export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}

const MAX_COMPOUND_KEYS = 1000;

export class Index {
  readonly spec: IndexSpec;
  readonly name: string;
  readonly fields: Field[];
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly isText: boolean;
  readonly ttlSeconds: number | undefined;
  readonly textWeights: Map<string, number> | 'all';
  private readonly partial: Matcher | undefined;
  private readonly hash = new Map<string, IdSlot>();
  private sorted: SortedEntry[] | null = null;
  private readonly terms = new Map<string, Set<string>>();

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.name = spec.name;
    this.fields = Object.entries(spec.key).map(([path, dir]) => ({ path, dir: parseDirection(dir) }));
    this.isText = this.fields.some((f) => f.dir === 'text');
    this.unique = spec.unique === true;
    this.sparse = spec.sparse === true;
    this.ttlSeconds = typeof spec.expireAfterSeconds === 'number' ? spec.expireAfterSeconds : undefined;
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : undefined;
    if (this.isText) {
      const weights = new Map<string, number>();
      let wildcard = false;
      for (const f of this.fields) {
        if (f.dir !== 'text') continue;
        if (f.path === '$**') wildcard = true;
        else weights.set(f.path, 1);
      }
      if (isPlainObject(spec.weights)) {
        for (const [k, w] of Object.entries(spec.weights))
          if (typeof w === 'number' && k !== '$**') weights.set(k, w);
      }
      this.textWeights = wildcard ? 'all' : weights;
    } else this.textWeights = new Map();
  }

  get firstPath(): string {
    return this.fields[0]?.path ?? '';
  }

  get isPartial(): boolean {
    return this.partial !== undefined;
  }

  /** Canonical keys of a document in this index; empty when the document is not indexed. */
  keysOf(doc: Doc): string[] {
    if (this.partial && !this.partial(doc)) return [];
    if (this.fields.length === 1) {
      const f = this.fields[0];
      if (f === undefined) return [];
      const { values, missing } = valuesAtPath(doc, f.path);
      if (missing && this.sparse) return [];
      if (missing) return ['N'];
      return dedupe(values.map(valueKey));
    }
    let anyPresent = false;
    const perField = this.fields.map((f) => {
      const { values, missing } = valuesAtPath(doc, f.path);
      if (!missing) anyPresent = true;
      return missing ? ['N'] : dedupe(values.map(valueKey));
    });
    if (!anyPresent && this.sparse) return [];
    let combos: string[][] = [[]];
    for (const keys of perField) {
      const next: string[][] = [];
      for (const c of combos) for (const k of keys) next.push([...c, k]);
      combos = next;
      if (combos.length > MAX_COMPOUND_KEYS) {
        throw new MongoCommandError(
          ErrorCodes.CannotIndexParallelArrays,
          `cannot index parallel arrays in index ${this.name}`,
        );
      }
    }
    return dedupe(combos.map((c) => JSON.stringify(c)));
  }

  private firstValues(doc: Doc): unknown[] {
    if (this.partial && !this.partial(doc)) return [];
    const f = this.fields[0];
    if (f === undefined) return [];
    const { values, missing } = valuesAtPath(doc, f.path);
    if (missing) return this.sparse ? [] : [null];
    return values;
  }

  /**
   * Everything `doc` contributes to this index (its canonical keys, or its terms for a text index).
   * Throws when the document cannot be indexed (e.g. parallel arrays), so writers compute this for
   * every index before changing anything and then hand it to `checkUnique` and `add`.
   */
  entriesOf(doc: Doc): string[] {
    if (!this.isText) return this.keysOf(doc);
    if (this.partial && !this.partial(doc)) return [];
    return [...docTerms(doc, this.textWeights)];
  }

  /** Throws DuplicateKey if inserting `doc` (with id `id`) would violate uniqueness. */
  checkUnique(doc: Doc, id: string, ns: string, entries?: string[]): void {
    if (!this.unique) return;
    for (const key of entries ?? this.keysOf(doc)) {
      const slot = this.hash.get(key);
      if (slot === undefined) continue;
      const other = typeof slot === 'string' ? slot !== id : [...slot].some((x) => x !== id);
      if (other) throw this.duplicateError(doc, ns);
    }
  }

  duplicateError(doc: Doc, ns: string): MongoCommandError {
    const keyPattern: Doc = {};
    const keyValue: Doc = {};
    for (const f of this.fields) {
      keyPattern[f.path] = f.dir;
      const { values } = valuesAtPath(doc, f.path);
      keyValue[f.path] = values.length > 0 ? values[0] : null;
    }
    const shown = Object.entries(keyValue)
      .map(([k, v]) => `${k}: ${formatValue(v)}`)
      .join(', ');
    return new MongoCommandError(
      ErrorCodes.DuplicateKey,
      `E11000 duplicate key error collection: ${ns} index: ${this.name} dup key: { ${shown} }`,
      { keyPattern, keyValue },
    );
  }

  /** Adds `doc`; `entries` (from `entriesOf`) saves recomputing them when the caller already has. */
  add(id: string, doc: Doc, entries: string[] = this.entriesOf(doc)): void {
    if (this.isText) {
      for (const t of entries) {
        let set = this.terms.get(t);
        if (!set) this.terms.set(t, (set = new Set()));
        set.add(id);
      }
      return;
    }
    for (const key of entries) {
      const slot = this.hash.get(key);
      if (slot === undefined) this.hash.set(key, id);
      else if (typeof slot === 'string') {
        if (slot !== id) this.hash.set(key, new Set([slot, id]));
      } else slot.add(id);
    }
    if (this.sorted)
      for (const v of dedupeValues(this.firstValues(doc))) insertSorted(this.sorted, { v, id });
  }

  remove(id: string, doc: Doc): void {
    let entries: string[];
    try {
      entries = this.entriesOf(doc);
    } catch {
      // Only a document loaded from a data directory written before writes were validated up
      // front can fail here; it was never added (see Collection.put), so there is nothing to take
      // out of the hash or term maps. Removal must not throw halfway through a write.
      entries = [];
    }
    if (this.isText) {
      for (const t of entries) {
        const set = this.terms.get(t);
        if (!set) continue;
        set.delete(id);
        if (set.size === 0) this.terms.delete(t);
      }
      return;
    }
    for (const key of entries) {
      const slot = this.hash.get(key);
      if (slot === undefined) continue;
      if (typeof slot === 'string') {
        if (slot === id) this.hash.delete(key);
      } else {
        slot.delete(id);
        if (slot.size === 1) this.hash.set(key, [...slot][0] ?? '');
        else if (slot.size === 0) this.hash.delete(key);
      }
    }
    if (this.sorted)
      for (const v of dedupeValues(this.firstValues(doc))) removeSorted(this.sorted, { v, id });
  }

  clear(): void {
    this.hash.clear();
    this.terms.clear();
    this.sorted = null;
  }

  /** Ids whose full key equals `key` (single-field index: valueKey of the value). */
  lookupKey(key: string): string[] {
    const slot = this.hash.get(key);
    if (slot === undefined) return [];
    return typeof slot === 'string' ? [slot] : [...slot];
  }

  termIds(term: string): Set<string> | undefined {
    return this.terms.get(term);
  }

  /** Builds the sorted view lazily: collections that are never range-scanned never pay for it. */
  private ensureSorted(docs: Map<string, Doc>): SortedEntry[] {
    if (this.sorted) return this.sorted;
    const entries: SortedEntry[] = [];
    for (const [id, doc] of docs)
      for (const v of dedupeValues(this.firstValues(doc))) entries.push({ v, id });
    entries.sort(compareEntries);
    this.sorted = entries;
    return entries;
  }

  /**
   * Ids whose first-field value lies within the bounds, restricted to the bounds' BSON type
   * (MongoDB's comparison operators only match values of the same type bracket).
   */
  range(
    docs: Map<string, Doc>,
    lower: { v: unknown; inclusive: boolean } | undefined,
    upper: { v: unknown; inclusive: boolean } | undefined,
    typeProbe: unknown,
  ): { ids: string[]; keysExamined: number } {
    const sorted = this.ensureSorted(docs);
    const rank = typeRank(typeProbe);
    let start = 0;
    if (lower) {
      start = lowerBound(sorted, lower.v);
    } else {
      // Start at the first value of the bound's type.
      start = firstOfType(sorted, typeProbe);
    }
    const ids: string[] = [];
    const seen = new Set<string>();
    let examined = 0;
    for (let i = start; i < sorted.length; i++) {
      const e = sorted[i];
      if (e === undefined) break;
      examined++;
      const r = typeRank(e.v);
      if (r > rank) break;
      if (r < rank) continue;
      if (lower && !lower.inclusive && compareValues(e.v, lower.v) === 0) continue;
      if (upper) {
        const c = compareValues(e.v, upper.v);
        if (c > 0 || (c === 0 && !upper.inclusive)) break;
      }
      if (!seen.has(e.id)) {
        seen.add(e.id);
        ids.push(e.id);
      }
    }
    return { ids, keysExamined: examined };
  }
}

function parseDirection(v: unknown): Direction {
  if (v === 'text' || v === 'hashed') return v;
  if (typeof v === 'number' && v !== 0) return v > 0 ? 1 : -1;
  if (typeof v === 'string') {
    throw new MongoCommandError(
      ErrorCodes.CannotCreateIndex,
      `Index type '${v}' is not supported by the embedded MongoDB-compatible server (supported: 1, -1, 'text', 'hashed')`,
    );
  }
  throw new MongoCommandError(
    ErrorCodes.CannotCreateIndex,
    `Values in the index key pattern can't be ${formatValue(v)}`,
  );
}

function dedupe(keys: string[]): string[] {
  return keys.length <= 1 ? keys : [...new Set(keys)];
}

function dedupeValues(values: unknown[]): unknown[] {
  if (values.length <= 1) return values;
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = valueKey(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function compareEntries(a: SortedEntry, b: SortedEntry): number {
  const c = compareValues(a.v, b.v);
  if (c !== 0) return c;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function lowerBound(sorted: SortedEntry[], v: unknown): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = sorted[mid];
    if (e !== undefined && compareValues(e.v, v) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function firstOfType(sorted: SortedEntry[], probe: unknown): number {
  let lo = 0;
  let hi = sorted.length;
  const rank = typeRank(probe);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = sorted[mid];
    if (e !== undefined && typeRank(e.v) < rank) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function positionOf(sorted: SortedEntry[], entry: SortedEntry): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = sorted[mid];
    if (e !== undefined && compareEntries(e, entry) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(sorted: SortedEntry[], entry: SortedEntry): void {
  sorted.splice(positionOf(sorted, entry), 0, entry);
}

function removeSorted(sorted: SortedEntry[], entry: SortedEntry): void {
  const i = positionOf(sorted, entry);
  const e = sorted[i];
  if (e !== undefined && e.id === entry.id && compareValues(e.v, entry.v) === 0) sorted.splice(i, 1);
}
