// The storage engine: catalog of databases and collections, crash recovery (latest snapshot +
// journal replay), durable commits with group commit, background compaction and TTL expiry.
//
// Writes are applied to memory synchronously by the command handlers (Node runs them one at a
// time, so checks + apply + journal enqueue are atomic with respect to other writes) and the
// handler acknowledges only after `commit()` resolves, i.e. after the journal record is fsynced.
import fs from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import type { EmbeddedLogger } from '../logger.js';
import { type Doc, compareValues, normalizeDecoded, valuesAtPath } from '../query/values.js';
import { Collection, type JournalOp } from './collection.js';
import type { IndexSpec } from './indexes.js';
import { JournalWriter, fsyncDir } from './journal.js';
import { type DirLock, acquireLock } from './lock.js';
import { CorruptFileError, decodeRecords } from './records.js';
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
        for (const d of c.docs) coll.put(d);
        docs += c.docs.length;
      }
    }
    const toReplay = journals.filter((g) => g >= snapGen);
    let records = 0;
    for (let i = 0; i < toReplay.length; i++) {
      const g = toReplay[i] ?? 0;
      const file = path.join(this.dbPath, journalFileName(g));
      const isLast = i === toReplay.length - 1;
      const buf = fs.readFileSync(file);
      const result = decodeRecords(buf, file, isLast);
      for (const rec of result.records) {
        let payload: Doc;
        try {
          payload = deserialize(rec);
        } catch (e) {
          throw new CorruptFileError(file, 0, `undecodable journal record: ${(e as Error).message}`);
        }
        normalizeDecoded(payload);
        for (const op of (payload.ops as JournalOp[] | undefined) ?? []) this.applyOp(op);
        records++;
      }
      if (result.tornTail) {
        this.logger.warn(
          {
            file,
            offset: result.tornTail.offset,
            reason: result.tornTail.reason,
            bytesDropped: buf.length - result.validLength,
          },
          'journal ends in a torn record (write interrupted by a crash, never acknowledged); discarding it',
        );
        fs.truncateSync(file, result.validLength);
        const fd = fs.openSync(file, 'r+');
        fs.fsyncSync(fd);
        fs.closeSync(fd);
      }
    }
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

  private applyOp(op: JournalOp): void {
    switch (op.op) {
      case 'put':
        this.collectionOrCreate(op.db, op.c).put(op.doc);
        return;
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
    const p = this.journal.append(serialize({ ops }));
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
      this.writesSinceSnapshot = 0;
      await rotated;
      const file = await writeSnapshot(this.dbPath, state);
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

export function validateCollectionName(db: string, name: string): void {
  if (db.length === 0 || /[/\\. "$\0]/.test(db)) {
    throw new MongoCommandError(ErrorCodes.InvalidNamespace, `Invalid database name: '${db}'`);
  }
  if (name.length === 0 || name.includes('$') || name.includes('\0') || name.startsWith('.')) {
    throw new MongoCommandError(ErrorCodes.InvalidNamespace, `Invalid collection name: ${name}`);
  }
}
