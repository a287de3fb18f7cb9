// BSON value semantics the store needs independently of mingo: MongoDB's cross-type sort order,
// canonical equality keys (for the _id map and index hash tables), path traversal for index keys,
// and copy-on-write document cloning.
import { Binary, ObjectId } from 'bson';

export type Doc = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function bsonType(v: object): string | undefined {
  const t = (v as { _bsontype?: unknown })._bsontype;
  return typeof t === 'string' ? t : undefined;
}

interface LongLike {
  toNumber(): number;
  toString(radix?: number): string;
  toBigInt(): bigint;
}

interface BinaryLike {
  buffer: Uint8Array;
  sub_type: number;
  position: number;
}

/**
 * mingo compares and tests equality of class instances through `toString()`. bson's Binary
 * renders its bytes as UTF-8, so different byte strings that are invalid UTF-8 compare equal.
 * Stored and queried Binary values are re-prototyped to this subclass whose string form is exact.
 */
export class ComparableBinary extends Binary {
  override toString(encoding?: 'hex' | 'base64' | 'utf8' | 'utf-8'): string {
    if (encoding !== undefined) return super.toString(encoding);
    return `Binary(${this.sub_type}):${super.toString('base64')}`;
  }
}

/** Re-prototypes Binary values in place (freshly decoded documents only). */
export function normalizeDecoded(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const e: unknown = value[i];
      if (e !== null && typeof e === 'object') {
        if (e instanceof Binary && !(e instanceof ComparableBinary)) {
          Object.setPrototypeOf(e, ComparableBinary.prototype);
        } else normalizeDecoded(e);
      }
    }
    return;
  }
  if (!isPlainObject(value)) return;
  for (const k in value) {
    const e = value[k];
    if (e !== null && typeof e === 'object') {
      if (e instanceof Binary && !(e instanceof ComparableBinary)) {
        Object.setPrototypeOf(e, ComparableBinary.prototype);
      } else normalizeDecoded(e);
    }
  }
}

// MongoDB's comparison/sort order of BSON types.
export const TypeRank = {
  MinKey: 1,
  Null: 2,
  Number: 3,
  String: 4,
  Object: 5,
  Array: 6,
  BinData: 7,
  ObjectId: 8,
  Boolean: 9,
  Date: 10,
  Timestamp: 11,
  RegExp: 12,
  Code: 13,
  MaxKey: 14,
} as const;

export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return TypeRank.Null;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return TypeRank.Number;
    case 'string':
      return TypeRank.String;
    case 'boolean':
      return TypeRank.Boolean;
    case 'object':
      break;
    default:
      return TypeRank.MaxKey;
  }
  if (Array.isArray(v)) return TypeRank.Array;
  if (v instanceof Date) return TypeRank.Date;
  if (v instanceof RegExp) return TypeRank.RegExp;
  if (v instanceof Uint8Array) return TypeRank.BinData;
  switch (bsonType(v)) {
    case 'ObjectId':
      return TypeRank.ObjectId;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return TypeRank.Number;
    case 'Binary':
      return TypeRank.BinData;
    case 'Timestamp':
      return TypeRank.Timestamp;
    case 'BSONRegExp':
      return TypeRank.RegExp;
    case 'BSONSymbol':
      return TypeRank.String;
    case 'MinKey':
      return TypeRank.MinKey;
    case 'MaxKey':
      return TypeRank.MaxKey;
    case 'Code':
      return TypeRank.Code;
    default:
      return TypeRank.Object;
  }
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const t = bsonType(v as object);
  if (t === 'Long') return (v as LongLike).toNumber();
  if (t === 'Decimal128') return Number.parseFloat(String(v));
  return Number((v as { valueOf(): unknown }).valueOf());
}

function toBigIntExact(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : undefined;
  if (bsonType(v as object) === 'Long') return (v as LongLike).toBigInt();
  return undefined;
}

function compareNumbers(a: unknown, b: unknown): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (Number.isNaN(x) || Number.isNaN(y)) {
    // MongoDB sorts NaN below every other number.
    if (Number.isNaN(x) && Number.isNaN(y)) return 0;
    return Number.isNaN(x) ? -1 : 1;
  }
  if (x !== y) return x < y ? -1 : 1;
  const bx = toBigIntExact(a);
  const by = toBigIntExact(b);
  if (bx !== undefined && by !== undefined && bx !== by) return bx < by ? -1 : 1;
  return 0;
}

function bytesOf(v: unknown): { bytes: Uint8Array; subtype: number } {
  if (v instanceof Uint8Array) return { bytes: v, subtype: 0 };
  const b = v as BinaryLike;
  return { bytes: b.buffer.subarray(0, b.position), subtype: b.sub_type };
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

const cmpPrim = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Total order over BSON values, as MongoDB sorts and compares them. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case TypeRank.Null:
    case TypeRank.MinKey:
    case TypeRank.MaxKey:
      return 0;
    case TypeRank.Number:
      return compareNumbers(a, b);
    case TypeRank.String:
      return cmpPrim(String(a), String(b));
    case TypeRank.Boolean:
      return a === b ? 0 : a === false ? -1 : 1;
    case TypeRank.Date:
      return cmpPrim((a as Date).getTime(), (b as Date).getTime());
    case TypeRank.ObjectId:
      return cmpPrim((a as ObjectId).toHexString(), (b as ObjectId).toHexString());
    case TypeRank.BinData: {
      const x = bytesOf(a);
      const y = bytesOf(b);
      if (x.bytes.length !== y.bytes.length) return x.bytes.length < y.bytes.length ? -1 : 1;
      if (x.subtype !== y.subtype) return x.subtype < y.subtype ? -1 : 1;
      return compareBytes(x.bytes, y.bytes);
    }
    case TypeRank.Timestamp: {
      const x = (a as LongLike).toBigInt();
      const y = (b as LongLike).toBigInt();
      return x === y ? 0 : x < y ? -1 : 1;
    }
    case TypeRank.RegExp: {
      const x = a as { source: string; flags?: string; pattern?: string; options?: string };
      const y = b as typeof x;
      const c = cmpPrim(x.source ?? x.pattern ?? '', y.source ?? y.pattern ?? '');
      return c !== 0 ? c : cmpPrim(x.flags ?? x.options ?? '', y.flags ?? y.options ?? '');
    }
    case TypeRank.Array: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
      return cmpPrim(x.length, y.length);
    }
    case TypeRank.Object: {
      const x = Object.entries(a as Doc);
      const y = Object.entries(b as Doc);
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const [kx, vx] = x[i] ?? ['', undefined];
        const [ky, vy] = y[i] ?? ['', undefined];
        const tr = typeRank(vx) - typeRank(vy);
        if (tr !== 0) return tr < 0 ? -1 : 1;
        const kc = cmpPrim(kx, ky);
        if (kc !== 0) return kc;
        const vc = compareValues(vx, vy);
        if (vc !== 0) return vc;
      }
      return cmpPrim(x.length, y.length);
    }
    default:
      return cmpPrim(String(a), String(b));
  }
}

function numberKey(v: unknown): string {
  const t = typeof v === 'object' && v !== null ? bsonType(v) : undefined;
  if (t === 'Long') {
    const l = v as LongLike;
    const n = l.toNumber();
    return Number.isSafeInteger(n) ? String(n) : l.toString();
  }
  if (t === 'Decimal128') {
    const n = Number.parseFloat(String(v));
    return Number.isFinite(n) && String(n) === String(v) ? String(n) : `dec:${String(v)}`;
  }
  const n = toNumber(v);
  return Object.is(n, -0) ? '0' : String(n);
}

/**
 * Canonical string for a BSON value such that two values get the same key exactly when MongoDB
 * treats them as equal (1 == 1.0 == Long(1); embedded documents compare field order-sensitively).
 */
export function valueKey(v: unknown): string {
  switch (typeRank(v)) {
    case TypeRank.Null:
      return 'N';
    case TypeRank.MinKey:
      return 'm';
    case TypeRank.MaxKey:
      return typeof v === 'object' ? 'M' : `?${String(v)}`;
    case TypeRank.Number:
      return `n${numberKey(v)}`;
    case TypeRank.String:
      return `s${String(v)}`;
    case TypeRank.Boolean:
      return v === true ? 't' : 'f';
    case TypeRank.Date:
      return `d${(v as Date).getTime()}`;
    case TypeRank.ObjectId:
      return `o${(v as ObjectId).toHexString()}`;
    case TypeRank.BinData: {
      const { bytes, subtype } = bytesOf(v);
      return `b${subtype}:${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
    }
    case TypeRank.Timestamp:
      return `T${(v as LongLike).toString()}`;
    case TypeRank.RegExp: {
      const r = v as { source?: string; flags?: string; pattern?: string; options?: string };
      return `r/${r.source ?? r.pattern ?? ''}/${r.flags ?? r.options ?? ''}`;
    }
    case TypeRank.Array:
      return `a${JSON.stringify((v as unknown[]).map(valueKey))}`;
    case TypeRank.Object:
      if (isPlainObject(v)) return `O${JSON.stringify(Object.entries(v).map(([k, e]) => [k, valueKey(e)]))}`;
      return `?${bsonType(v as object) ?? 'object'}:${JSON.stringify(v)}`;
    default:
      return `?${String(v)}`;
  }
}

/**
 * Values reachable at a dotted path, descending through arrays the way MongoDB's multikey
 * indexes do. A leaf array contributes its elements. `missing` is reported separately so
 * callers can decide between "index as null" and "skip" (sparse).
 */
export function valuesAtPath(doc: unknown, path: string): { values: unknown[]; missing: boolean } {
  const parts = path.split('.');
  const values: unknown[] = [];
  let found = false;
  const visit = (v: unknown, i: number): void => {
    if (i === parts.length) {
      found = true;
      if (Array.isArray(v)) {
        if (v.length === 0) values.push(undefined);
        for (const e of v) {
          values.push(e);
          // Nested arrays: expose their elements too so equality lookups stay a superset of mingo's.
          if (Array.isArray(e)) for (const inner of e) values.push(inner);
        }
      } else values.push(v);
      return;
    }
    const part = parts[i] ?? '';
    if (Array.isArray(v)) {
      if (/^\d+$/.test(part)) {
        const idx = Number(part);
        if (idx < v.length) visit(v[idx], i + 1);
      }
      for (const e of v) if (isPlainObject(e) || Array.isArray(e)) visit(e, i);
      return;
    }
    if (isPlainObject(v)) {
      if (Object.prototype.hasOwnProperty.call(v, part)) visit(v[part], i + 1);
    }
  };
  visit(doc, 0);
  return { values, missing: !found };
}

export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (isPlainObject(cur))
      cur = Object.prototype.hasOwnProperty.call(cur, part) ? cur[part] : undefined;
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Sets a dotted path, creating intermediate documents. Used to seed upserted documents. */
export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Doc = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] ?? '';
    const next = cur[part];
    if (isPlainObject(next)) cur = next;
    else {
      const created: Doc = {};
      cur[part] = created;
      cur = created;
    }
  }
  cur[parts[parts.length - 1] ?? ''] = value;
}

/** Sort key of a document for one field: arrays sort by their smallest (asc) or largest (desc) element. */
export function sortKeyOf(doc: unknown, path: string, dir: number): unknown {
  const { values } = valuesAtPath(doc, path);
  if (values.length === 0) return null;
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const c = compareValues(values[i], best);
    if ((dir >= 0 && c < 0) || (dir < 0 && c > 0)) best = values[i];
  }
  return best;
}

/**
 * Deep copy of the mutable parts of a document (plain objects, arrays, Dates). BSON value
 * classes are immutable in practice and are shared.
 */
export function cloneDoc<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((e: unknown) => cloneDoc(e)) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const k in v) out[k] = cloneDoc(v[k]);
  return out as T;
}

export function newObjectId(): ObjectId {
  return new ObjectId();
}

/** Renders a value the way MongoDB's error messages do (`{ email: "a@b.c" }`, `ObjectId('…')`). */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return `[ ${v.map(formatValue).join(', ')} ]`;
  const t = bsonType(v as object);
  if (t === 'ObjectId') return `ObjectId('${(v as ObjectId).toHexString()}')`;
  if (isPlainObject(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, e]) => `${k}: ${formatValue(e)}`).join(', ')} }`;
  }
  return String(v);
}

/** MongoDB's name for a value's BSON type, as its error messages give it ('string', 'binData', ...). */
export function bsonTypeName(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'bigint') return 'long';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  if (v instanceof Uint8Array) return 'binData';
  if (isPlainObject(v)) return 'object';
  const names: Record<string, string> = {
    Binary: 'binData',
    ObjectId: 'objectId',
    Long: 'long',
    Int32: 'int',
    Double: 'double',
    Decimal128: 'decimal',
    Timestamp: 'timestamp',
    BSONRegExp: 'regex',
    BSONSymbol: 'symbol',
    MinKey: 'minKey',
    MaxKey: 'maxKey',
    Code: 'javascript',
  };
  return names[bsonType(v as object) ?? ''] ?? 'object';
}
