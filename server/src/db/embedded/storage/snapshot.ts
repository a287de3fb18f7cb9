// Snapshot files: the whole catalog and every document at one journal generation, written as
// checksummed records between a header and a footer (a snapshot without its footer is incomplete).
// Written to a temp file, fsynced, renamed into place and the directory fsynced.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'bson';
import { type Doc, normalizeDecoded } from '../query/values.js';
import type { IndexSpec } from './indexes.js';
import { fsyncDir } from './journal.js';
import { CorruptFileError, decodeRecords, encodeRecord } from './records.js';

export const SNAPSHOT_MAGIC = Buffer.from('SRNTSNP1', 'latin1');
const DOCS_PER_RECORD = 1000;
const BYTES_PER_RECORD = 8 * 1024 * 1024;

export interface SnapshotCollection {
  db: string;
  name: string;
  options: Doc;
  indexes: IndexSpec[];
  docs: Doc[];
}

export interface SnapshotState {
  gen: number;
  collections: SnapshotCollection[];
}

export function snapshotFileName(gen: number): string {
  return `snapshot-${String(gen).padStart(10, '0')}.snap`;
}

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Serialises in slices, yielding between them so a background snapshot does not stall requests. */
export async function writeSnapshot(dir: string, state: SnapshotState): Promise<string> {
  const finalPath = path.join(dir, snapshotFileName(state.gen));
  const tmpPath = `${finalPath}.tmp`;
  const fh = await fsp.open(tmpPath, 'w');
  try {
    const write = async (buf: Buffer): Promise<void> => {
      let off = 0;
      while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
    };
    await write(SNAPSHOT_MAGIC);
    await write(encodeRecord(serialize({ t: 'header', version: 1, gen: state.gen, createdAt: new Date() })));
    let docCount = 0;
    for (const c of state.collections) {
      await write(
        encodeRecord(serialize({ t: 'coll', db: c.db, c: c.name, options: c.options, indexes: c.indexes })),
      );
      let chunk: Doc[] = [];
      const flush = async (): Promise<void> => {
        if (chunk.length === 0) return;
        await write(encodeRecord(serialize({ t: 'docs', db: c.db, c: c.name, docs: chunk })));
        chunk = [];
        await yieldToEventLoop();
      };
      let approx = 0;
      for (const doc of c.docs) {
        chunk.push(doc);
        docCount++;
        approx += 256;
        if (chunk.length >= DOCS_PER_RECORD || approx >= BYTES_PER_RECORD) {
          await flush();
          approx = 0;
        }
      }
      await flush();
    }
    await write(encodeRecord(serialize({ t: 'footer', colls: state.collections.length, docs: docCount })));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmpPath, finalPath);
  await fsyncDir(dir);
  return finalPath;
}

export function readSnapshot(file: string): SnapshotState {
  const buf = fs.readFileSync(file);
  if (buf.length < SNAPSHOT_MAGIC.length || !buf.subarray(0, SNAPSHOT_MAGIC.length).equals(SNAPSHOT_MAGIC)) {
    throw new CorruptFileError(file, 0, 'not a snapshot file (bad magic)');
  }
  const { records } = decodeRecords(buf, file, false, SNAPSHOT_MAGIC.length);
  const collections: SnapshotCollection[] = [];
  const byNs = new Map<string, SnapshotCollection>();
  let gen = -1;
  let footer: Doc | undefined;
  let docCount = 0;
  for (const rec of records) {
    if (footer) throw new CorruptFileError(file, 0, 'records after footer');
    let r: Doc;
    try {
      r = deserialize(rec);
    } catch (e) {
      throw new CorruptFileError(file, 0, `undecodable record: ${(e as Error).message}`);
    }
    switch (r.t) {
      case 'header':
        gen = Number(r.gen);
        break;
      case 'coll': {
        const c: SnapshotCollection = {
          db: String(r.db),
          name: String(r.c),
          options: (r.options as Doc | undefined) ?? {},
          indexes: (r.indexes as IndexSpec[] | undefined) ?? [],
          docs: [],
        };
        collections.push(c);
        byNs.set(`${c.db}.${c.name}`, c);
        break;
      }
      case 'docs': {
        const c = byNs.get(`${String(r.db)}.${String(r.c)}`);
        if (!c) throw new CorruptFileError(file, 0, 'documents for an unknown collection');
        for (const d of r.docs as Doc[]) {
          normalizeDecoded(d);
          c.docs.push(d);
          docCount++;
        }
        break;
      }
      case 'footer':
        footer = r;
        break;
      default:
        throw new CorruptFileError(file, 0, `unknown record type ${String(r.t)}`);
    }
  }
  if (gen < 0) throw new CorruptFileError(file, SNAPSHOT_MAGIC.length, 'missing header');
  if (!footer) throw new CorruptFileError(file, buf.length, 'missing footer (incomplete snapshot)');
  if (Number(footer.docs) !== docCount || Number(footer.colls) !== collections.length) {
    throw new CorruptFileError(file, buf.length, 'footer counts do not match the records');
  }
  return { gen, collections };
}
