import { serialize } from 'bson';
import { describe, expect, it } from 'vitest';
import { CorruptFileError, decodeRecords, encodeRecord } from './records';

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
