import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalWriter } from './journal';
import { decodeRecords } from './records';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-test-'));
  dirs.push(d);
  return d;
}

describe('JournalWriter', () => {
  it('group-commits concurrent appends into fewer fsyncs, in order', async () => {
    const file = path.join(dir(), 'j.wal');
    const j = await JournalWriter.open(file);
    await Promise.all(Array.from({ length: 200 }, (_, i) => j.append(serialize({ i }))));
    expect(j.syncs).toBeLessThan(200);
    expect(j.syncs).toBeGreaterThanOrEqual(1);
    await j.close();
    const { records } = decodeRecords(fs.readFileSync(file), file, false);
    expect(records).toHaveLength(200);
  });

  it('each append resolves only after its record is in the file', async () => {
    const file = path.join(dir(), 'j.wal');
    const j = await JournalWriter.open(file);
    await j.append(serialize({ a: 1 }));
    expect(decodeRecords(fs.readFileSync(file), file, false).records).toHaveLength(1);
    await j.close();
  });

  it('rotates to a new file after flushing the old one', async () => {
    const d = dir();
    const j = await JournalWriter.open(path.join(d, 'a.wal'));
    void j.append(serialize({ x: 1 }));
    const rotated = j.rotate(path.join(d, 'b.wal'));
    const after = j.append(serialize({ x: 2 }));
    await rotated;
    await after;
    await j.close();
    expect(decodeRecords(fs.readFileSync(path.join(d, 'a.wal')), 'a', false).records).toHaveLength(1);
    expect(decodeRecords(fs.readFileSync(path.join(d, 'b.wal')), 'b', false).records).toHaveLength(1);
  });

  it('writes the records of one append together, in order', async () => {
    const file = path.join(dir(), 'j.wal');
    const j = await JournalWriter.open(file);
    await Promise.all([
      j.append([serialize({ k: 1 }), serialize({ k: 2 }), serialize({ k: 3 })]),
      j.append(serialize({ k: 4 })),
    ]);
    await j.close();
    const { records } = decodeRecords(fs.readFileSync(file), file, false);
    expect(records.map((r) => deserialize(r).k)).toEqual([1, 2, 3, 4]);
  });

  it('keeps group-commit rounds bounded when many large records are queued', async () => {
    const file = path.join(dir(), 'j.wal');
    const j = await JournalWriter.open(file);
    const big = (i: number): Uint8Array => serialize({ i, pad: Buffer.alloc(6 * 1024 * 1024) });
    await Promise.all(Array.from({ length: 12 }, (_, i) => j.append(big(i))));
    expect(j.syncs).toBeGreaterThanOrEqual(3); // 72 MiB cannot go out as one round
    await j.close();
    const { records } = decodeRecords(fs.readFileSync(file), file, false);
    expect(records.map((r) => deserialize(r).i)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
});
