// Append-only journal with group commit. Records appended while a sync is in flight are gathered
// into the next round, so N concurrent writers share one fdatasync. Rounds write strictly one
// after another (the file never has holes), but up to MAX_ROUNDS fdatasyncs may overlap, which
// disks handle well; rounds are acknowledged strictly in order.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { encodeRecord } from './records.js';

interface Pending {
  kind: 'data';
  buf: Buffer;
  resolve: () => void;
  reject: (e: Error) => void;
}

interface Rotate {
  kind: 'rotate';
  file: string;
  resolve: () => void;
  reject: (e: Error) => void;
}

const JOURNAL_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT;
const MAX_ROUNDS = 2;
/** A round gathers queued records up to this size (a single larger append still goes alone). */
const MAX_ROUND_BYTES = 32 * 1024 * 1024;

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class JournalWriter {
  private fh: fsp.FileHandle;
  private queue: Array<Pending | Rotate> = [];
  private inflight = 0;
  private rotating = false;
  /** Resolves when every round started so far has been acknowledged (in order). */
  private acked: Promise<void> = Promise.resolve();
  /** Serialises the write() calls of successive rounds. */
  private writes: Promise<void> = Promise.resolve();
  private last: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  /** Next write offset in the current file. */
  private offset: number;
  /** Bytes in the current journal file (including queued records). */
  bytes: number;
  file: string;
  /** Number of durable write rounds so far (lets tests observe group commit). */
  syncs = 0;

  private constructor(fh: fsp.FileHandle, file: string, size: number) {
    this.fh = fh;
    this.file = file;
    this.offset = size;
    this.bytes = size;
  }

  static async open(file: string): Promise<JournalWriter> {
    const existed = fs.existsSync(file);
    const fh = await fsp.open(file, JOURNAL_FLAGS);
    const { size } = await fh.stat();
    if (!existed) await fsyncDir(path.dirname(file));
    return new JournalWriter(fh, file, size);
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  /**
   * Appends one record, or several that belong together (one command's changes split by size):
   * they are written in one piece, in order, and the promise resolves once they (and every record
   * before them) are on disk.
   */
  append(payload: Uint8Array | Uint8Array[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const buf = Array.isArray(payload)
      ? Buffer.concat(payload.map((p) => encodeRecord(p)))
      : encodeRecord(payload);
    this.bytes += buf.length;
    const p = new Promise<void>((resolve, reject) => this.queue.push({ kind: 'data', buf, resolve, reject }));
    this.last = p;
    this.pump();
    return p;
  }

  /** Resolves when everything appended so far is durable. */
  barrier(): Promise<void> {
    return this.last;
  }

  /** Later appends go to `file`; resolves when the previous file is complete and closed. */
  rotate(file: string): Promise<void> {
    const p = new Promise<void>((resolve, reject) =>
      this.queue.push({ kind: 'rotate', file, resolve, reject }),
    );
    this.bytes = 0;
    this.last = p;
    this.pump();
    return p;
  }

  async close(): Promise<void> {
    await this.last.catch(() => undefined);
    await this.acked.catch(() => undefined);
    await this.fh.close().catch(() => undefined);
  }

  private pump(): void {
    while (!this.rotating && this.queue.length > 0) {
      const head = this.queue[0];
      if (head?.kind === 'rotate') {
        if (this.inflight > 0) return; // rotate once the rounds before it are done
        this.queue.shift();
        this.rotating = true;
        void this.doRotate(head).finally(() => {
          this.rotating = false;
          this.pump();
        });
        return;
      }
      if (this.inflight >= MAX_ROUNDS) return;
      const batch: Pending[] = [];
      let bytes = 0;
      for (let next = this.queue[0]; next?.kind === 'data'; next = this.queue[0]) {
        // Many concurrent multi-MB writes must not be concatenated into one huge buffer.
        if (batch.length > 0 && bytes + next.buf.length > MAX_ROUND_BYTES) break;
        batch.push(next);
        bytes += next.buf.length;
        this.queue.shift();
      }
      this.startRound(batch);
    }
  }

  private startRound(batch: Pending[]): void {
    const data =
      batch.length === 1 ? (batch[0]?.buf ?? Buffer.alloc(0)) : Buffer.concat(batch.map((p) => p.buf));
    const at = this.offset;
    this.offset += data.length;
    this.inflight++;
    const fd = this.fh.fd;
    // Callback fs calls: noticeably cheaper per round than FileHandle's promise wrappers.
    const write = (): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        if (this.failure) return reject(this.failure);
        const step = (done: number): void => {
          if (done >= data.length) return resolve();
          fs.write(fd, data, done, data.length - done, at + done, (err, n) =>
            err ? reject(err) : step(done + n),
          );
        };
        step(0);
      });
    const wrote = this.writes.then(write);
    this.writes = wrote.catch(() => undefined);
    // fdatasync covers everything written to the file before it, including earlier rounds.
    const written = wrote.then(
      () =>
        new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve()))),
    );
    const previous = this.acked;
    this.acked = (async (): Promise<void> => {
      let error: unknown;
      try {
        await written;
      } catch (e) {
        error = e;
      }
      await previous;
      if (error !== undefined) this.fail(error);
      if (this.failure) {
        for (const p of batch) p.reject(this.failure);
        return;
      }
      this.syncs++;
      for (const p of batch) p.resolve();
    })();
    void written
      .catch(() => undefined)
      .finally(() => {
        this.inflight--;
        this.pump();
      });
  }

  private async doRotate(item: Rotate): Promise<void> {
    try {
      await this.acked;
      if (this.failure) throw this.failure;
      await this.fh.close();
      this.fh = await fsp.open(item.file, JOURNAL_FLAGS);
      this.offset = (await this.fh.stat()).size;
      this.file = item.file;
      await fsyncDir(path.dirname(item.file));
      item.resolve();
    } catch (e) {
      this.fail(e);
      item.reject(this.failure ?? (e as Error));
    }
  }

  private fail(e: unknown): void {
    // After a failed write the file's tail is unknown: refuse further writes rather than
    // acknowledge data that may not be durable.
    this.failure ??= new Error(`journal ${this.file} failed: ${(e as Error).message}`);
  }
}
