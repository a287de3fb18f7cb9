import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Binary, deserialize, serialize } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbeddedLogger } from '../logger';
import type { JournalOp } from './collection';
import { Engine, JOURNAL_RECORD_BYTES } from './engine';
import { LOCK_FILE } from './lock';
import { encodeRecord, readRecordFile } from './records';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-test-'));
  dirs.push(d);
  return d;
}

const MiB = 1024 * 1024;

function recordingLogger(): EmbeddedLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    info: () => undefined,
    warn: (obj, msg) => warnings.push(`${msg ?? ''} ${JSON.stringify(obj)}`),
    error: () => undefined,
  };
}

const open = (dbPath: string, logger: EmbeddedLogger = recordingLogger()): Promise<Engine> =>
  Engine.open({ dbPath, logger, ttlSweepIntervalMs: 0 });

/** What a kill -9 right now would leave on disk: acknowledged writes are already fsynced. */
function crashCopy(from: string): string {
  const to = dir();
  fs.cpSync(from, to, { recursive: true });
  fs.rmSync(path.join(to, LOCK_FILE), { force: true });
  return to;
}

function journalRecords(dbPath: string): Array<{ size: number; more: boolean; ops: number }> {
  const out: Array<{ size: number; more: boolean; ops: number }> = [];
  for (const f of fs
    .readdirSync(dbPath)
    .filter((n) => n.endsWith('.wal'))
    .sort()) {
    readRecordFile(path.join(dbPath, f), { allowTornTail: false }, (p) => {
      const r = deserialize(p);
      out.push({ size: p.length, more: r.more === true, ops: (r.ops as unknown[]).length });
    });
  }
  return out;
}

describe('journaling large commands', () => {
  it('splits a command over the record budget into several records that replay together', async () => {
    const dbPath = dir();
    const engine = await open(dbPath);
    const ops: JournalOp[] = [];
    const coll = engine.ensureCollection('app', 'doc_versions', ops);
    // One command (think updateMany or $out) changing 5 x 5 MiB documents: 25 MiB of changes,
    // more than js-bson can serialise as one record.
    for (let i = 0; i < 5; i++) coll.insert({ _id: i, state: new Binary(Buffer.alloc(5 * MiB, i)) }, ops);
    await engine.commit(ops);

    const records = journalRecords(dbPath);
    expect(records.length).toBeGreaterThan(1);
    expect(records.slice(0, -1).every((r) => r.more)).toBe(true);
    expect(records.at(-1)?.more).toBe(false);
    expect(records.reduce((n, r) => n + r.ops, 0)).toBe(6); // createColl + 5 puts
    for (const r of records) expect(r.size).toBeLessThan(JOURNAL_RECORD_BYTES + 6 * MiB);

    const copy = crashCopy(dbPath);
    await engine.close();
    const reopened = await open(copy);
    const docs = [...(reopened.getCollection('app', 'doc_versions')?.docs.values() ?? [])];
    expect(docs.map((d) => d._id)).toEqual([0, 1, 2, 3, 4]);
    for (const d of docs) expect((d.state as Binary).buffer.every((b) => b === d._id)).toBe(true);
    await reopened.close();
  });

  it('discards a command whose last record never reached the disk, and cuts it off the journal', async () => {
    const dbPath = dir();
    let engine = await open(dbPath);
    const ops: JournalOp[] = [];
    engine.ensureCollection('app', 'c', ops).insert({ _id: 1 }, ops);
    await engine.commit(ops);
    const copy = crashCopy(dbPath);
    await engine.close();

    // A crash while writing a split command: its first records made it, its last did not.
    const journal = path.join(
      copy,
      fs
        .readdirSync(copy)
        .filter((n) => n.endsWith('.wal'))
        .sort()[0] ?? '',
    );
    const sizeBefore = fs.statSync(journal).size;
    const partial = (id: number): Buffer =>
      encodeRecord(serialize({ ops: [{ op: 'put', db: 'app', c: 'c', doc: { _id: id } }], more: true }));
    fs.appendFileSync(journal, Buffer.concat([partial(2), partial(3)]));

    const logger = recordingLogger();
    engine = await open(copy, logger);
    expect([...(engine.getCollection('app', 'c')?.docs.keys() ?? [])]).toHaveLength(1);
    expect(logger.warnings.join('\n')).toMatch(/middle of a command/);
    expect(fs.statSync(journal).size).toBe(sizeBefore);
    // Later commands are not glued onto the discarded one.
    const more: JournalOp[] = [];
    engine.getCollection('app', 'c')?.insert({ _id: 4 }, more);
    await engine.commit(more);
    const again = crashCopy(copy);
    await engine.close();
    const last = await open(again);
    expect([...(last.getCollection('app', 'c')?.docs.values() ?? [])].map((d) => d._id).sort()).toEqual([
      1, 4,
    ]);
    await last.close();
  });
});

describe('snapshots and journal files', () => {
  const names = (d: string, re: RegExp): string[] => fs.readdirSync(d).filter((n) => re.test(n));

  it('a failed snapshot is retried at shutdown, leaving nothing half-written', async () => {
    const dbPath = dir();
    const engine = await open(dbPath);
    const ops: JournalOp[] = [];
    engine.ensureCollection('app', 'c', ops).insert({ _id: 1 }, ops);
    await engine.commit(ops);
    // The next snapshot's temp file cannot be created (a directory is in the way).
    const gen =
      Number(
        /\d+/.exec(
          names(dbPath, /^journal-/)
            .sort()
            .at(-1) ?? '',
        )?.[0],
      ) + 1;
    const trap = path.join(dbPath, `snapshot-${String(gen).padStart(10, '0')}.snap.tmp`);
    fs.mkdirSync(trap);
    await expect(engine.snapshot()).rejects.toThrow();
    fs.rmdirSync(trap);
    await engine.close();
    expect(names(dbPath, /\.snap$/)).toHaveLength(1);
    const reopened = await open(dbPath);
    expect(reopened.getCollection('app', 'c')?.docs.size).toBe(1);
    await reopened.close();
  });

  it('starts without writes do not pile up empty journals', async () => {
    const dbPath = dir();
    for (let i = 0; i < 4; i++) await (await open(dbPath)).close();
    expect(names(dbPath, /^journal-/).length).toBeLessThanOrEqual(1);
  });
});
