import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'bson';
import { afterAll, describe, expect, it } from 'vitest';
import { CorruptFileError, decodeRecords, encodeRecord, readRecordFile } from './records';

const rec = (n: number): Buffer => encodeRecord(serialize({ n }));

describe('journal/snapshot record framing', () => {
  it('round-trips records', () => {
    const buf = Buffer.concat([rec(1), rec(2), rec(3)]);
    const out = decodeRecords(buf, 'f', false);
    expect(out.records).toHaveLength(3);
    expect(out.validLength).toBe(buf.length);
    expect(out.tornTail).toBeUndefined();
  });

  it.each([
    ['cut inside the header', (b: Buffer) => b.subarray(0, b.length - rec(3).length + 3)],
    ['cut inside the payload', (b: Buffer) => b.subarray(0, b.length - 2)],
    [
      'last payload corrupted',
      (b: Buffer) => {
        const c = Buffer.from(b);
        c.writeUInt8(c.readUInt8(c.length - 2) ^ 1, c.length - 2);
        return c;
      },
    ],
    ['zero-filled tail', (b: Buffer) => Buffer.concat([b, Buffer.alloc(64)])],
  ])('treats a torn tail (%s) as skippable when allowed', (_name, damage) => {
    const good = Buffer.concat([rec(1), rec(2)]);
    const buf = damage(Buffer.concat([good, rec(3)]));
    const out = decodeRecords(buf, 'f', true);
    expect(out.records.length).toBeGreaterThanOrEqual(2);
    if (out.records.length === 2) expect(out.validLength).toBe(good.length);
    expect(() => decodeRecords(buf.subarray(0, buf.length), 'f', false)).toThrow(CorruptFileError);
  });

  it('reports corruption in the middle of a file with the file name and offset', () => {
    const bad = rec(2);
    bad.writeUInt8(bad.readUInt8(bad.length - 2) ^ 0x10, bad.length - 2);
    const buf = Buffer.concat([rec(1), bad, rec(3)]);
    let err: unknown;
    try {
      decodeRecords(buf, '/data/journal-1.wal', true);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CorruptFileError);
    expect((err as CorruptFileError).file).toBe('/data/journal-1.wal');
    expect((err as CorruptFileError).offset).toBe(rec(1).length);
    expect((err as Error).message).toMatch(/journal-1\.wal is corrupt at byte offset/);
  });

  it('rejects an implausible length in the middle', () => {
    const mid = rec(2);
    mid.writeUInt32LE(3, 0);
    expect(() => decodeRecords(Buffer.concat([rec(1), mid, rec(3)]), 'f', true)).toThrow(CorruptFileError);
  });
});

describe('reading record files in windows', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'records-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const fileWith = (buf: Buffer): string => {
    const f = path.join(dir, `f${n++}`);
    fs.writeFileSync(f, buf);
    return f;
  };
  const varied = (i: number): Buffer => encodeRecord(serialize({ i, pad: 'p'.repeat((i * 37) % 500) }));
  const read = (file: string, allowTornTail: boolean, windowBytes: number) => {
    const seen: Array<{ i: number; offset: number }> = [];
    const result = readRecordFile(file, { allowTornTail, windowBytes }, (p, offset) =>
      seen.push({ i: Number(deserialize(p).i), offset }),
    );
    return { seen, result };
  };

  it('reads the same records as a whole-buffer decode, whatever the window size', () => {
    const parts = Array.from({ length: 60 }, (_, i) => varied(i));
    const file = fileWith(Buffer.concat(parts));
    const offsets = parts.map((_, i) => parts.slice(0, i).reduce((a, b) => a + b.length, 0));
    for (const windowBytes of [1, 7, 64, 333, 1 << 20]) {
      const { seen, result } = read(file, false, windowBytes);
      expect(seen.map((s) => s.i)).toEqual(parts.map((_, i) => i));
      expect(seen.map((s) => s.offset)).toEqual(offsets);
      expect(result).toEqual({ validLength: fs.statSync(file).size });
    }
  });

  it('handles torn tails and mid-file corruption like decodeRecords', () => {
    const good = Buffer.concat([varied(1), varied(2)]);
    const torn = fileWith(Buffer.concat([good, varied(3).subarray(0, 20)]));
    const zeros = fileWith(Buffer.concat([good, Buffer.alloc(100)]));
    for (const file of [torn, zeros]) {
      const { seen, result } = read(file, true, 16);
      expect(seen.map((s) => s.i)).toEqual([1, 2]);
      expect(result.validLength).toBe(good.length);
      expect(result.tornTail).toBeDefined();
      expect(() => read(file, false, 16)).toThrow(CorruptFileError);
    }
    const bad = varied(2);
    bad.writeUInt8(bad.readUInt8(bad.length - 2) ^ 0x10, bad.length - 2);
    const middle = fileWith(Buffer.concat([varied(1), bad, varied(3)]));
    expect(() => read(middle, true, 16)).toThrow(/corrupt at byte offset/);
  });
});
