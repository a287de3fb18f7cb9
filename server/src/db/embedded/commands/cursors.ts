// Server-side cursors. Results are materialised when the cursor is opened (documents are
// immutable, so this is a consistent snapshot) and handed out in batches by getMore.
import { Long, calculateObjectSize } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import type { Doc } from '../query/values.js';

const DEFAULT_FIRST_BATCH = 101;
/** Keep each reply's batch under the 16 MB BSON limit, with room for the envelope. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;

interface OpenCursor {
  id: number;
  ns: string;
  docs: Doc[];
  pos: number;
  lastUsed: number;
  /** Remaining documents allowed by the query's limit. */
  remaining: number;
}

export class CursorRegistry {
  private readonly cursors = new Map<number, OpenCursor>();
  private nextId = Math.floor(Math.random() * 2 ** 40) + 1;
  timeoutMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    this.timer = setInterval(() => this.sweep(), 250);
    this.timer.unref();
  }

  get size(): number {
    return this.cursors.size;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.cursors.clear();
  }

  /** Idle cursors are reaped after `timeoutMs`, like MongoDB's cursorTimeoutMillis. */
  sweep(now = Date.now()): void {
    for (const [id, c] of this.cursors) if (now - c.lastUsed > this.timeoutMs) this.cursors.delete(id);
  }

  private takeBatch(docs: Doc[], start: number, max: number): Doc[] {
    const batch: Doc[] = [];
    let bytes = 0;
    for (let i = start; i < docs.length && batch.length < max; i++) {
      const d = docs[i];
      if (d === undefined) break;
      // A lone document always fits (it was stored under the 16 MB limit): skip sizing it.
      const size = batch.length === 0 && (max === 1 || i === docs.length - 1) ? 0 : calculateObjectSize(d);
      if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
      bytes += size;
      batch.push(d);
    }
    return batch;
  }

  /** Builds `{cursor: {firstBatch, id, ns}}`, registering a cursor if documents remain. */
  open(ns: string, docs: Doc[], opts: { batchSize?: number; singleBatch?: boolean; limit?: number }): Doc {
    const limit = opts.limit !== undefined && opts.limit > 0 ? opts.limit : Infinity;
    const firstMax = opts.batchSize === 0 ? 0 : Math.min(opts.batchSize ?? DEFAULT_FIRST_BATCH, limit);
    const firstBatch = this.takeBatch(docs, 0, firstMax);
    const remaining = limit - firstBatch.length;
    let id = 0;
    if (!opts.singleBatch && firstBatch.length < docs.length && remaining > 0) {
      id = this.nextId++;
      this.cursors.set(id, { id, ns, docs, pos: firstBatch.length, lastUsed: Date.now(), remaining });
    }
    return { cursor: { firstBatch, id: Long.fromNumber(id), ns }, ok: 1 };
  }

  getMore(idValue: unknown, ns: string, batchSize: number | undefined): Doc {
    const id = Number(idValue);
    const c = this.cursors.get(id);
    if (!c) throw new MongoCommandError(ErrorCodes.CursorNotFound, `cursor id ${id} not found`);
    if (c.ns !== ns) {
      throw new MongoCommandError(
        ErrorCodes.Unauthorized,
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${c.ns}`,
      );
    }
    const max = Math.min(batchSize !== undefined && batchSize > 0 ? batchSize : Infinity, c.remaining);
    const nextBatch = this.takeBatch(c.docs, c.pos, max);
    c.pos += nextBatch.length;
    c.remaining -= nextBatch.length;
    c.lastUsed = Date.now();
    let outId = id;
    if (c.pos >= c.docs.length || c.remaining <= 0) {
      this.cursors.delete(id);
      outId = 0;
    }
    return { cursor: { nextBatch, id: Long.fromNumber(outId), ns }, ok: 1 };
  }

  kill(ids: unknown[]): Doc {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of ids) {
      const id = Number(raw);
      (this.cursors.delete(id) ? killed : notFound).push(Long.fromNumber(id));
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }
}
