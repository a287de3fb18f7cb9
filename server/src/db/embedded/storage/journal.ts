// Append-only journal with group commit: records appended while an fsync is in flight are
// written and synced together by the next round, so N concurrent writers share one fsync.
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

// O_DSYNC makes each write durable when it returns: one thread-pool round trip per group commit
// instead of a write followed by a separate fdatasync.
const JOURNAL_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_APPEND | fs.constants.O_DSYNC;

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
  private running = false;
  private last: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  /** Bytes in the current journal file. */
  bytes: number;
  file: string;
  /** Number of fsync rounds so far (lets tests observe group commit). */
  syncs = 0;

  private constructor(fh: fsp.FileHandle, file: string, bytes: number) {
    this.fh = fh;
    this.file = file;
    this.bytes = bytes;
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

  /** Appends one record; resolves once it is on disk. */
  append(payload: Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const buf = encodeRecord(payload);
    this.bytes += buf.length;
    const p = new Promise<void>((resolve, reject) => this.queue.push({ kind: 'data', buf, resolve, reject }));
    this.last = p;
    this.kick();
    return p;
  }

  /** Resolves when everything appended so far is durable. */
  barrier(): Promise<void> {
    return this.last;
  }

  /** Later appends go to `file`; resolves when the previous file is synced and closed. */
  rotate(file: string): Promise<void> {
    const p = new Promise<void>((resolve, reject) =>
      this.queue.push({ kind: 'rotate', file, resolve, reject }),
    );
    this.bytes = 0;
    this.last = p;
    this.kick();
    return p;
  }

  async close(): Promise<void> {
    await this.last.catch(() => undefined);
    await this.fh.close().catch(() => undefined);
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.run();
  }

  private async run(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch: Pending[] = [];
        while (this.queue[0]?.kind === 'data') batch.push(this.queue.shift() as Pending);
        if (batch.length > 0) await this.flush(batch);
        const head = this.queue[0];
        if (head?.kind === 'rotate') {
          this.queue.shift();
          try {
            await this.fh.close();
            this.fh = await fsp.open(head.file, JOURNAL_FLAGS);
            this.file = head.file;
            await fsyncDir(path.dirname(head.file));
            head.resolve();
          } catch (e) {
            this.fail(e);
            head.reject(this.failure ?? (e as Error));
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    if (this.failure) {
      for (const p of batch) p.reject(this.failure);
      return;
    }
    try {
      const data =
        batch.length === 1 ? (batch[0]?.buf ?? Buffer.alloc(0)) : Buffer.concat(batch.map((p) => p.buf));
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await this.fh.write(data, written, data.length - written);
        written += bytesWritten;
      }
      this.syncs++;
      for (const p of batch) p.resolve();
    } catch (e) {
      this.fail(e);
      for (const p of batch) p.reject(this.failure ?? (e as Error));
    }
  }

  private fail(e: unknown): void {
    // After a failed write/fsync the file's tail is unknown: refuse further writes rather than
    // acknowledge data that may not be durable.
    this.failure ??= new Error(`journal ${this.file} failed: ${(e as Error).message}`);
  }
}
