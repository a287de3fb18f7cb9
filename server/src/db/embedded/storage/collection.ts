// One collection's documents and indexes. Stored documents are immutable: updates build a new
// object and swap it in, so cursors and snapshots can hold references without copying.
import { calculateObjectSize } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import { type Doc, valueKey } from '../query/values.js';
import { Index, type IndexSpec } from './indexes.js';

/** MongoDB's limit on a stored document (BSONObjectMaxUserSize). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * Rejects documents over MongoDB's 16 MiB limit, as MongoDB does. Beyond matching MongoDB this
 * bounds every journal and snapshot record: js-bson serialises through a 17 MiB scratch buffer, so
 * a larger document could be applied in memory and then fail to be written down.
 */
export function checkDocumentSize(doc: Doc, what: 'insert' | 'update'): void {
  const size = calculateObjectSize(doc);
  if (size <= MAX_DOCUMENT_BYTES) return;
  throw new MongoCommandError(
    ErrorCodes.BSONObjectTooLarge,
    what === 'insert'
      ? `object to insert too large. size in bytes: ${size}, max size: ${MAX_DOCUMENT_BYTES}`
      : `Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`,
  );
}

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

  /**
   * Every index's entries for `doc`. Computing them is where a document that cannot be indexed
   * (parallel arrays, code 171) is rejected, so writers call this before changing anything: a
   * write that fails must leave the documents, the indexes and the journal untouched.
   */
  private entriesFor(doc: Doc): Array<[Index, string[]]> {
    const out: Array<[Index, string[]]> = [];
    for (const ix of this.indexes.values()) out.push([ix, ix.entriesOf(doc)]);
    return out;
  }

  /** Validates and applies an insert. Throws (changing nothing) on a duplicate key or a bad document. */
  insert(doc: Doc, ops: JournalOp[] | null): void {
    checkDocumentSize(doc, 'insert');
    const id = valueKey(doc._id);
    if (this.docs.has(id)) throw this.idIndex().duplicateError(doc, this.ns);
    const entries = this.entriesFor(doc);
    for (const [ix, e] of entries) ix.checkUnique(doc, id, this.ns, e);
    this.docs.set(id, doc);
    for (const [ix, e] of entries) ix.add(id, doc, e);
    ops?.push({ op: 'put', db: this.db, c: this.name, doc });
  }

  /** Swaps `oldDoc` for `newDoc` (same _id). Throws (changing nothing) on a duplicate key or a bad document. */
  replace(oldDoc: Doc, newDoc: Doc, ops: JournalOp[] | null): void {
    checkDocumentSize(newDoc, 'update');
    const id = valueKey(oldDoc._id);
    const entries = this.entriesFor(newDoc);
    for (const [ix, e] of entries) ix.checkUnique(newDoc, id, this.ns, e);
    for (const ix of this.indexes.values()) ix.remove(id, oldDoc);
    this.docs.set(id, newDoc);
    for (const [ix, e] of entries) ix.add(id, newDoc, e);
    ops?.push({ op: 'put', db: this.db, c: this.name, doc: newDoc });
  }

  remove(doc: Doc, ops: JournalOp[] | null): void {
    const id = valueKey(doc._id);
    if (!this.docs.delete(id)) return;
    for (const ix of this.indexes.values()) ix.remove(id, doc);
    ops?.push({ op: 'del', db: this.db, c: this.name, id: doc._id });
  }

  /**
   * Journal replay and snapshot load: insert-or-replace without uniqueness checks (they held when
   * it was written). Writes are validated before they are journaled, but a data directory written
   * by an older version may hold a document that an index cannot take; refusing to start would
   * lock the user out of all their data, so the document is kept, left out of that index, and the
   * index's name is returned for the caller to report.
   */
  put(doc: Doc): string[] {
    const id = valueKey(doc._id);
    const old = this.docs.get(id);
    if (old) for (const ix of this.indexes.values()) ix.remove(id, old);
    this.docs.set(id, doc);
    const skipped: string[] = [];
    for (const ix of this.indexes.values()) {
      let entries: string[];
      try {
        entries = ix.entriesOf(doc);
      } catch {
        skipped.push(ix.name);
        continue;
      }
      ix.add(id, doc, entries);
    }
    return skipped;
  }

  deleteById(idValue: unknown): void {
    const doc = this.docs.get(valueKey(idValue));
    if (doc) this.remove(doc, null);
  }

  /** Builds an index over existing documents; throws (adding nothing) if unique fails or a document cannot be indexed. */
  addIndex(spec: IndexSpec): Index {
    const ix = new Index(spec);
    for (const [id, doc] of this.docs) {
      const entries = ix.entriesOf(doc);
      if (ix.unique) ix.checkUnique(doc, id, this.ns, entries);
      ix.add(id, doc, entries);
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
