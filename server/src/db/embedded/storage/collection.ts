// One collection's documents and indexes. Stored documents are immutable: updates build a new
// object and swap it in, so cursors and snapshots can hold references without copying.
import { type Doc, valueKey } from '../query/values.js';
import { Index, type IndexSpec } from './indexes.js';

export type JournalOp =
  | { op: 'put'; db: string; c: string; doc: Doc }
  | { op: 'del'; db: string; c: string; id: unknown }
  | { op: 'createColl'; db: string; c: string; options: Doc }
  | { op: 'dropColl'; db: string; c: string }
  | { op: 'createIndex'; db: string; c: string; spec: IndexSpec }
  | { op: 'dropIndex'; db: string; c: string; name: string }
  | { op: 'dropDb'; db: string }
  | { op: 'rename'; db: string; c: string; toDb: string; toC: string };

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export class Collection {
  readonly db: string;
  name: string;
  readonly options: Doc;
  readonly docs = new Map<string, Doc>();
  readonly indexes = new Map<string, Index>();
  /** Documents examined by queries since start (the "not a full scan" tests read this). */
  docsExamined = 0;
  readonly createdAt = Date.now();

  constructor(db: string, name: string, options: Doc = {}) {
    this.db = db;
    this.name = name;
    this.options = options;
    this.indexes.set(ID_INDEX_SPEC.name, new Index(ID_INDEX_SPEC));
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get textIndex(): Index | undefined {
    for (const ix of this.indexes.values()) if (ix.isText) return ix;
    return undefined;
  }

  indexSpecs(): IndexSpec[] {
    return [...this.indexes.values()].map((i) => i.spec);
  }

  getById(id: unknown): Doc | undefined {
    return this.docs.get(valueKey(id));
  }

  /** Validates and applies an insert. Throws (changing nothing) on a duplicate key. */
  insert(doc: Doc, ops: JournalOp[] | null): void {
    const id = valueKey(doc._id);
    if (this.docs.has(id)) throw this.idIndex().duplicateError(doc, this.ns);
    for (const ix of this.indexes.values()) ix.checkUnique(doc, id, this.ns);
    this.docs.set(id, doc);
    for (const ix of this.indexes.values()) ix.add(id, doc);
    ops?.push({ op: 'put', db: this.db, c: this.name, doc });
  }

  /** Swaps `oldDoc` for `newDoc` (same _id). Throws (changing nothing) on a duplicate key. */
  replace(oldDoc: Doc, newDoc: Doc, ops: JournalOp[] | null): void {
    const id = valueKey(oldDoc._id);
    for (const ix of this.indexes.values()) ix.checkUnique(newDoc, id, this.ns);
    for (const ix of this.indexes.values()) ix.remove(id, oldDoc);
    this.docs.set(id, newDoc);
    for (const ix of this.indexes.values()) ix.add(id, newDoc);
    ops?.push({ op: 'put', db: this.db, c: this.name, doc: newDoc });
  }

  remove(doc: Doc, ops: JournalOp[] | null): void {
    const id = valueKey(doc._id);
    if (!this.docs.delete(id)) return;
    for (const ix of this.indexes.values()) ix.remove(id, doc);
    ops?.push({ op: 'del', db: this.db, c: this.name, id: doc._id });
  }

  /** Journal replay: insert-or-replace without uniqueness checks (they held when it was written). */
  put(doc: Doc): void {
    const id = valueKey(doc._id);
    const old = this.docs.get(id);
    if (old) for (const ix of this.indexes.values()) ix.remove(id, old);
    this.docs.set(id, doc);
    for (const ix of this.indexes.values()) ix.add(id, doc);
  }

  deleteById(idValue: unknown): void {
    const doc = this.docs.get(valueKey(idValue));
    if (doc) this.remove(doc, null);
  }

  /** Builds an index over existing documents; throws DuplicateKey (adding nothing) if unique fails. */
  addIndex(spec: IndexSpec): Index {
    const ix = new Index(spec);
    for (const [id, doc] of this.docs) {
      if (ix.unique) ix.checkUnique(doc, id, this.ns);
      ix.add(id, doc);
    }
    this.indexes.set(ix.name, ix);
    return ix;
  }

  dropIndex(name: string): boolean {
    if (name === ID_INDEX_SPEC.name) return false;
    return this.indexes.delete(name);
  }

  private idIndex(): Index {
    return this.indexes.get(ID_INDEX_SPEC.name) ?? new Index(ID_INDEX_SPEC);
  }
}
