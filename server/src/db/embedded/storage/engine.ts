// The storage engine: catalog of databases and collections, crash recovery (latest snapshot +
// journal replay), durable commits with group commit, background compaction and TTL expiry.
//
// Writes are applied to memory synchronously by the command handlers (Node runs them one at a
// time, so checks + apply + journal enqueue are atomic with respect to other writes) and the
// handler acknowledges only after `commit()` resolves, i.e. after the journal record is fsynced.
import fs from 'node:fs';
import path from 'node:path';
import { calculateObjectSize, deserialize, serialize } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import type { EmbeddedLogger } from '../logger.js';
import { type Doc, compareValues, normalizeDecoded, valuesAtPath } from '../query/values.js';
import { Collection, type JournalOp } from './collection.js';
import type { IndexSpec } from './indexes.js';
import { JournalWriter, fsyncDir } from './journal.js';
import { type DirLock, acquireLock } from './lock.js';
import { CorruptFileError, readRecordFile, serializePayload } from './records.js';
import { type SnapshotState, readSnapshot, snapshotFileName, writeSnapshot } from './snapshot.js';

export interface EngineOptions {
  dbPath: string;
  logger: EmbeddedLogger;
  /** How often TTL indexes are swept. */
  ttlSweepIntervalMs: number;
  /** Journal size that triggers a background snapshot + journal compaction. */
  compactThresholdBytes?: number;
}

const JOURNAL_RE = /^journal-(\d+)\.wal$/;
const SNAPSHOT_RE = /^snapshot-(\d+)\.snap$/;

export function journalFileName(gen: number): string {
  return `journal-${String(gen).padStart(10, '0')}.wal`;
}

export class Engine {
  readonly dbPath: string;
  private readonly logger: EmbeddedLogger;
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private journal!: JournalWriter;
  private gen = 0;
  private lock: DirLock | undefined;
  private snapshotting: Promise<void> | undefined;
  private writesSinceSnapshot = 0;
  private ttlTimer: NodeJS.Timeout | undefined;
  private readonly compactThreshold: number;
  private closed = false;

  private constructor(opts: EngineOptions) {
    this.dbPath = opts.dbPath;
    this.logger = opts.logger;
    this.compactThreshold = opts.compactThresholdBytes ?? 64 * 1024 * 1024;
  }

  static async open(opts: EngineOptions): Promise<Engine> {
    const engine = new Engine(opts);
    fs.mkdirSync(opts.dbPath, { recursive: true });
    engine.lock = acquireLock(opts.dbPath, opts.logger);
    try {
      await engine.recover();
    } catch (e) {
      engine.lock.release();
      throw e;
    }
    if (opts.ttlSweepIntervalMs > 0) {
      engine.ttlTimer = setInterval(() => engine.sweepTtl(), opts.ttlSweepIntervalMs);
      engine.ttlTimer.unref();
    }
    return engine;
  }

  private async recover(): Promise<void> {
    const started = Date.now();
    const names = fs.readdirSync(this.dbPath);
    for (const n of names) if (n.endsWith('.tmp')) fs.rmSync(path.join(this.dbPath, n), { force: true });
    const gens = (re: RegExp): number[] =>
      names
        .map((n) => re.exec(n)?.[1])
        .filter((g): g is string => g !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
    const snapshots = gens(SNAPSHOT_RE);
    const journals = gens(JOURNAL_RE);
    const snapGen = snapshots[snapshots.length - 1] ?? 0;
    let docs = 0;
    if (snapGen > 0) {
      const state = readSnapshot(path.join(this.dbPath, snapshotFileName(snapGen)));
      for (const c of state.collections) {
        const coll = this.createCollectionInternal(c.db, c.name, c.options);
        for (const spec of c.indexes) coll.addIndex(spec);
        for (const d of c.docs) this.noteUnindexed(coll, coll.put(d));
        docs += c.docs.length;
      }
    }
    const toReplay = journals.filter((g) => g >= snapGen);
    let records = 0;
    for (let i = 0; i < toReplay.length; i++) {
      const g = toReplay[i] ?? 0;
      const file = path.join(this.dbPath, journalFileName(g));
      records += this.replayJournal(file, i === toReplay.length - 1);
      // Every start opens a fresh journal; without this, starts without writes would pile up
      // empty files forever.
      if (fs.statSync(file).size === 0) fs.rmSync(file, { force: true });
    }
    for (const [index, count] of this.unindexed) {
      this.logger.warn(
        { index, documents: count },
        'documents that this index cannot hold (written by an older version) were kept but left out of the index; fix or remove them',
      );
    }
    this.unindexed.clear();
    // Files older than the snapshot are leftovers of a compaction interrupted after its rename.
    for (const g of journals)
      if (g < snapGen) fs.rmSync(path.join(this.dbPath, journalFileName(g)), { force: true });
    for (const g of snapshots)
      if (g < snapGen) fs.rmSync(path.join(this.dbPath, snapshotFileName(g)), { force: true });
    this.gen = Math.max(snapGen, journals[journals.length - 1] ?? 0) + 1;
    this.journal = await JournalWriter.open(path.join(this.dbPath, journalFileName(this.gen)));
    this.writesSinceSnapshot = records;
    this.logger.info(
      {
        dbPath: this.dbPath,
        snapshotGen: snapGen,
        snapshotDocs: docs,
        journalRecords: records,
        ms: Date.now() - started,
      },
      'embedded MongoDB data directory opened',
    );
  }

  /**
   * Replays one journal; returns the number of commands applied. A command whose changes span
   * several records (`more: true` on all but its last) is applied only once its last record is
   * read: a crash while writing them leaves no half of an unacknowledged command behind.
   */
  private replayJournal(file: string, isLast: boolean): number {
    let commands = 0;
    let pending: JournalOp[] = [];
    /** Offset of the first record of a command whose last record has not been read yet. */
    let pendingFrom = -1;
    const result = readRecordFile(file, { allowTornTail: isLast }, (rec, offset) => {
      let payload: Doc;
      try {
        payload = deserialize(rec);
      } catch (e) {
        throw new CorruptFileError(file, offset, `undecodable journal record: ${(e as Error).message}`);
      }
      normalizeDecoded(payload);
      const ops = (payload.ops as JournalOp[] | undefined) ?? [];
      if (payload.more === true) {
        if (pendingFrom < 0) pendingFrom = offset;
        for (const op of ops) pending.push(op);
        return;
      }
      for (const op of pending) this.applyOp(op);
      for (const op of ops) this.applyOp(op);
      pending = [];
      pendingFrom = -1;
      commands++;
    });
    let keep = result.validLength;
    if (pendingFrom >= 0) {
      // Its records are all written in one go and acknowledged together, so only a crash while
      // writing the newest journal can cut a command short.
      if (!isLast) throw new CorruptFileError(file, pendingFrom, 'journal ends in the middle of a command');
      this.logger.warn(
        { file, offset: pendingFrom, records: pending.length },
        'journal ends in the middle of a command (interrupted by a crash, never acknowledged); discarding it',
      );
      keep = pendingFrom;
    }
    const size = fs.statSync(file).size;
    if (result.tornTail) {
      this.logger.warn(
        {
          file,
          offset: result.tornTail.offset,
          reason: result.tornTail.reason,
          bytesDropped: size - result.validLength,
        },
        'journal ends in a torn record (write interrupted by a crash, never acknowledged); discarding it',
      );
    }
    // Cut the discarded tail off: a later start must not find an incomplete command followed by
    // more records (this journal is no longer the newest then, and that would be corruption).
    if (keep < size) {
      fs.truncateSync(file, keep);
      const fd = fs.openSync(file, 'r+');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
    return commands;
  }

  /** Index name -> documents recovery had to leave out of it (see Collection.put). */
  private readonly unindexed = new Map<string, number>();

  private noteUnindexed(coll: Collection, indexes: string[]): void {
    for (const name of indexes) {
      const key = `${coll.ns} ${name}`;
      this.unindexed.set(key, (this.unindexed.get(key) ?? 0) + 1);
    }
  }

  private applyOp(op: JournalOp): void {
    switch (op.op) {
      case 'put': {
        const coll = this.collectionOrCreate(op.db, op.c);
        this.noteUnindexed(coll, coll.put(op.doc));
        return;
      }
      case 'del':
        this.getCollection(op.db, op.c)?.deleteById(op.id);
        return;
      case 'createColl':
        if (!this.getCollection(op.db, op.c)) this.createCollectionInternal(op.db, op.c, op.options);
        return;
      case 'dropColl':
        this.dbs.get(op.db)?.delete(op.c);
        return;
      case 'createIndex': {
        const coll = this.collectionOrCreate(op.db, op.c);
        coll.dropIndex(op.spec.name);
        coll.addIndex(op.spec);
        return;
      }
      case 'dropIndex':
        this.getCollection(op.db, op.c)?.dropIndex(op.name);
        return;
      case 'dropDb':
        this.dbs.delete(op.db);
        return;
      case 'rename':
        this.renameInternal(op.db, op.c, op.toDb, op.toC);
        return;
    }
  }

  // ---- catalog -------------------------------------------------------------------------------

  databaseNames(): string[] {
    return [...this.dbs.entries()].filter(([, m]) => m.size > 0).map(([n]) => n);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  getCollection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  private createCollectionInternal(db: string, name: string, options: Doc): Collection {
    let m = this.dbs.get(db);
    if (!m) this.dbs.set(db, (m = new Map()));
    const coll = new Collection(db, name, options);
    m.set(name, coll);
    return coll;
  }

  private collectionOrCreate(db: string, name: string): Collection {
    return this.getCollection(db, name) ?? this.createCollectionInternal(db, name, {});
  }

  /** Implicit creation on first write, as MongoDB does. */
  ensureCollection(db: string, name: string, ops: JournalOp[]): Collection {
    const existing = this.getCollection(db, name);
    if (existing) return existing;
    validateCollectionName(db, name);
    ops.push({ op: 'createColl', db, c: name, options: {} });
    return this.createCollectionInternal(db, name, {});
  }

  createCollection(db: string, name: string, options: Doc, ops: JournalOp[]): Collection {
    if (this.getCollection(db, name)) {
      throw new MongoCommandError(ErrorCodes.NamespaceExists, `Collection ${db}.${name} already exists.`);
    }
    validateCollectionName(db, name);
    ops.push({ op: 'createColl', db, c: name, options });
    return this.createCollectionInternal(db, name, options);
  }

  dropCollection(db: string, name: string, ops: JournalOp[]): Collection | undefined {
    const coll = this.getCollection(db, name);
    if (!coll) return undefined;
    this.dbs.get(db)?.delete(name);
    ops.push({ op: 'dropColl', db, c: name });
    return coll;
  }

  dropDatabase(db: string, ops: JournalOp[]): void {
    if (!this.dbs.has(db)) return;
    this.dbs.delete(db);
    ops.push({ op: 'dropDb', db });
  }

  createIndex(coll: Collection, spec: IndexSpec, ops: JournalOp[]): void {
    coll.addIndex(spec);
    ops.push({ op: 'createIndex', db: coll.db, c: coll.name, spec });
  }

  dropIndex(coll: Collection, name: string, ops: JournalOp[]): void {
    if (coll.dropIndex(name)) ops.push({ op: 'dropIndex', db: coll.db, c: coll.name, name });
  }

  renameCollection(db: string, name: string, toDb: string, toC: string, ops: JournalOp[]): void {
    validateCollectionName(toDb, toC);
    this.renameInternal(db, name, toDb, toC);
    ops.push({ op: 'rename', db, c: name, toDb, toC });
  }

  private renameInternal(db: string, name: string, toDb: string, toC: string): void {
    const coll = this.getCollection(db, name);
    if (!coll) return;
    this.dbs.get(db)?.delete(name);
    const target = this.createCollectionInternal(toDb, toC, coll.options);
    for (const ix of coll.indexes.values()) target.addIndex(ix.spec);
    for (const d of coll.docs.values()) target.put(d);
  }

  // ---- durability ----------------------------------------------------------------------------

  /** Journals the ops of one command; resolves when they are on disk. */
  commit(ops: JournalOp[]): Promise<void> {
    if (ops.length === 0) return this.journal.barrier();
    if (this.closed) return Promise.reject(new Error('embedded MongoDB engine is closed'));
    const p = this.journal.append(encodeCommit(ops));
    this.writesSinceSnapshot++;
    if (this.journal.bytes > this.compactThreshold && !this.snapshotting) {
      void this.snapshot().catch((e: unknown) => this.logger.error({ err: e }, 'background snapshot failed'));
    }
    return p;
  }

  get journalSyncs(): number {
    return this.journal.syncs;
  }

  /**
   * Writes a snapshot of the current state and drops the journals it covers. Documents are
   * immutable, so capturing the collections' document lists is enough for a consistent view;
   * serialisation then runs in the background while writes continue into a new journal.
   */
  snapshot(): Promise<void> {
    if (this.snapshotting) return this.snapshotting;
    const run = async (): Promise<void> => {
      const gen = ++this.gen;
      const rotated = this.journal.rotate(path.join(this.dbPath, journalFileName(gen)));
      const state: SnapshotState = { gen, collections: [] };
      for (const [db, colls] of this.dbs) {
        for (const c of colls.values()) {
          state.collections.push({
            db,
            name: c.name,
            options: c.options,
            indexes: [...c.indexes.values()].map((i) => i.spec),
            docs: [...c.docs.values()],
          });
        }
      }
      const covered = this.writesSinceSnapshot;
      this.writesSinceSnapshot = 0;
      let file: string;
      try {
        await rotated;
        file = await writeSnapshot(this.dbPath, state);
      } catch (e) {
        // The journals still hold these writes: let the next trigger (or shutdown) try again.
        this.writesSinceSnapshot += covered;
        throw e;
      }
      for (const n of fs.readdirSync(this.dbPath)) {
        const j = JOURNAL_RE.exec(n)?.[1];
        const s = SNAPSHOT_RE.exec(n)?.[1];
        if ((j !== undefined && Number(j) < gen) || (s !== undefined && Number(s) < gen)) {
          fs.rmSync(path.join(this.dbPath, n), { force: true });
        }
      }
      await fsyncDir(this.dbPath);
      this.logger.info(
        { file, collections: state.collections.length },
        'snapshot written, journal compacted',
      );
    };
    this.snapshotting = run().finally(() => {
      this.snapshotting = undefined;
    });
    return this.snapshotting;
  }

  /** Flush, snapshot (so the next start is fast) and release the directory lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.ttlTimer) clearInterval(this.ttlTimer);
    await this.journal.barrier().catch(() => undefined);
    if (this.snapshotting) await this.snapshotting.catch(() => undefined);
    try {
      if (this.writesSinceSnapshot > 0 && !this.journal.failed) await this.snapshot();
    } catch (e) {
      this.logger.error({ err: e }, 'snapshot at shutdown failed; the journal still holds every write');
    }
    this.closed = true;
    await this.journal.close();
    this.lock?.release();
  }

  // ---- TTL -----------------------------------------------------------------------------------

  private ttlRunning = false;

  /** Deletes documents whose TTL-indexed date is older than expireAfterSeconds. */
  sweepTtl(now = Date.now()): Promise<number> {
    if (this.ttlRunning || this.closed) return Promise.resolve(0);
    const ops: JournalOp[] = [];
    for (const colls of this.dbs.values()) {
      for (const coll of colls.values()) {
        for (const ix of coll.indexes.values()) {
          if (ix.ttlSeconds === undefined || ix.fields.length !== 1) continue;
          const cutoff = new Date(now - ix.ttlSeconds * 1000);
          const { ids } = ix.range(coll.docs, undefined, { v: cutoff, inclusive: false }, cutoff);
          for (const id of ids) {
            const doc = coll.docs.get(id);
            if (!doc) continue;
            const dates = valuesAtPath(doc, ix.firstPath).values.filter((v): v is Date => v instanceof Date);
            if (dates.some((d) => compareValues(d, cutoff) < 0)) coll.remove(doc, ops);
          }
        }
      }
    }
    if (ops.length === 0) return Promise.resolve(0);
    this.ttlRunning = true;
    return this.commit(ops)
      .then(() => ops.length)
      .catch((e: unknown) => {
        this.logger.error({ err: e }, 'TTL sweep could not journal its deletes');
        return 0;
      })
      .finally(() => {
        this.ttlRunning = false;
      });
  }
}

/**
 * A command's changes are journaled in records of at most this many bytes (measured), one op
 * alone if it is larger: a single record holding, say, an updateMany over a few multi-MB documents
 * would exceed js-bson's 17 MiB serialisation buffer and fail after memory was already changed.
 */
export const JOURNAL_RECORD_BYTES = 4 * 1024 * 1024;

/**
 * The journal records of one command: `{ ops }`, or several `{ ops, more: true }` followed by a
 * final `{ ops }` (recovery applies them together; older versions wrote only `{ ops }`).
 */
export function encodeCommit(ops: JournalOp[]): Uint8Array[] {
  // One op is at most a 16 MiB document (Collection checks) plus a small envelope: it fits as is.
  if (ops.length === 1) return [serialize({ ops })];
  const records: Uint8Array[] = [];
  let group: JournalOp[] = [];
  let bytes = 0;
  const flush = (more: boolean): void => {
    const size = bytes + group.length * 16 + 64;
    records.push(serializePayload(more ? { ops: group, more: true } : { ops: group }, size));
    group = [];
    bytes = 0;
  };
  for (const op of ops) {
    const size = calculateObjectSize(op);
    if (group.length > 0 && bytes + size > JOURNAL_RECORD_BYTES) flush(true);
    group.push(op);
    bytes += size;
  }
  flush(false);
  return records;
}

export function validateCollectionName(db: string, name: string): void {
  if (db.length === 0 || /[/\\. "$\0]/.test(db)) {
    throw new MongoCommandError(ErrorCodes.InvalidNamespace, `Invalid database name: '${db}'`);
  }
  if (name.length === 0 || name.includes('$') || name.includes('\0') || name.startsWith('.')) {
    throw new MongoCommandError(ErrorCodes.InvalidNamespace, `Invalid collection name: ${name}`);
  }
}
