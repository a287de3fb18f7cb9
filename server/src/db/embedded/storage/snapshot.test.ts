import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Binary, deserialize, serialize } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import type { Doc } from '../query/values';
import { encodeRecord, readRecordFile } from './records';
import {
  SNAPSHOT_MAGIC,
  SNAPSHOT_RECORD_BYTES,
  readSnapshot,
  snapshotFileName,
  writeSnapshot,
} from './snapshot';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-test-'));
  dirs.push(d);
  return d;
}

const MiB = 1024 * 1024;

describe('snapshots', () => {
  it('writes collections of multi-MB documents in records sized by bytes, and reads them back', async () => {
    const d = dir();
    // 3 x 7 MiB in one collection used to be one 21 MiB record: more than js-bson can serialise.
    const big = Array.from({ length: 3 }, (_, i) => ({
      _id: i,
      state: new Binary(Buffer.alloc(7 * MiB, i)),
    }));
    const small = Array.from({ length: 2500 }, (_, i) => ({ _id: i, pad: 'p'.repeat(2000) }));
    const file = await writeSnapshot(d, {
      gen: 7,
      collections: [
        { db: 'app', name: 'doc_versions', options: {}, indexes: [], docs: big },
        { db: 'app', name: 'doc_updates', options: {}, indexes: [], docs: small },
      ],
    });
    expect(path.basename(file)).toBe(snapshotFileName(7));
    expect(fs.readdirSync(d)).toEqual([snapshotFileName(7)]);

    const sizes: number[] = [];
    readRecordFile(file, { allowTornTail: false, start: SNAPSHOT_MAGIC.length }, (p) => {
      if (deserialize(p).t === 'docs') sizes.push(p.length);
    });
    // Each multi-MB document alone; the small ones batched under the byte budget.
    expect(sizes.filter((s) => s > SNAPSHOT_RECORD_BYTES)).toHaveLength(3);
    expect(Math.max(...sizes)).toBeLessThan(8 * MiB);
    expect(sizes.length).toBeGreaterThan(3 + 1);

    const state = readSnapshot(file);
    expect(state.gen).toBe(7);
    const versions = state.collections.find((c) => c.name === 'doc_versions')?.docs ?? [];
    expect(versions.map((v) => v._id)).toEqual([0, 1, 2]);
    for (const v of versions) {
      const bytes = (v.state as Binary).buffer;
      expect(bytes.length).toBe(7 * MiB);
      expect(bytes.every((b) => b === v._id)).toBe(true);
    }
    expect(state.collections.find((c) => c.name === 'doc_updates')?.docs).toHaveLength(2500);
  });

  it('reads snapshots written with a fixed number of documents per record', () => {
    const d = dir();
    const file = path.join(d, snapshotFileName(3));
    const docs: Doc[] = Array.from({ length: 2345 }, (_, i) => ({ _id: i, n: i }));
    const rec = (doc: Doc): Buffer => encodeRecord(serialize(doc));
    const parts = [
      SNAPSHOT_MAGIC,
      rec({ t: 'header', version: 1, gen: 3, createdAt: new Date() }),
      rec({ t: 'coll', db: 'app', c: 'c', options: {}, indexes: [{ v: 2, key: { n: 1 }, name: 'n_1' }] }),
    ];
    for (let i = 0; i < docs.length; i += 1000)
      parts.push(rec({ t: 'docs', db: 'app', c: 'c', docs: docs.slice(i, i + 1000) }));
    parts.push(rec({ t: 'footer', colls: 1, docs: docs.length }));
    fs.writeFileSync(file, Buffer.concat(parts));
    const state = readSnapshot(file);
    expect(state.gen).toBe(3);
    expect(state.collections[0]?.indexes.map((i) => i.name)).toEqual(['n_1']);
    expect(state.collections[0]?.docs).toEqual(docs);
  });

  it('a failed write leaves no temp file behind', async () => {
    const d = dir();
    const cyclic: Doc = { _id: 1 };
    cyclic.self = cyclic; // BSON cannot encode it
    await expect(
      writeSnapshot(d, {
        gen: 2,
        collections: [{ db: 'a', name: 'c', options: {}, indexes: [], docs: [cyclic] }],
      }),
    ).rejects.toThrow();
    expect(fs.readdirSync(d)).toEqual([]);
  });
});
