// Snapshot files: the whole catalog and every document at one journal generation, written as
// checksummed records between a header and a footer (a snapshot without its footer is incomplete).
// Written to a temp file, fsynced, renamed into place and the directory fsynced.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { calculateObjectSize, deserialize, serialize } from 'bson';
import { type Doc, normalizeDecoded } from '../query/values.js';
import type { IndexSpec } from './indexes.js';
import { fsyncDir } from './journal.js';
import {
  CorruptFileError,
  encodeRecord,
  readFilePrefix,
  readRecordFile,
  serializePayload,
} from './records.js';

export const SNAPSHOT_MAGIC = Buffer.from('SRNTSNP1', 'latin1');
/**
 * Documents are batched into records of at most this many bytes (measured, not estimated): a
 * record must stay well under js-bson's 17 MiB serialisation buffer. A document larger than this
 * gets a record of its own (documents are at most 16 MiB).
 */
export const SNAPSHOT_RECORD_BYTES = 4 * 1024 * 1024;
/** Also caps the documents per record, so serialising one record never stalls requests for long. */
const DOCS_PER_RECORD = 1000;

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
  let complete = false;
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
      let bytes = 0;
      const flush = async (): Promise<void> => {
        if (chunk.length === 0) return;
        const payload = { t: 'docs', db: c.db, c: c.name, docs: chunk };
        // Upper bound of the envelope: the names, and each array element's type byte and index key.
        const size = bytes + chunk.length * 16 + 4096;
        await write(encodeRecord(serializePayload(payload, size)));
        chunk = [];
        bytes = 0;
        await yieldToEventLoop();
      };
      for (const doc of c.docs) {
        const size = calculateObjectSize(doc);
        if (bytes + size > SNAPSHOT_RECORD_BYTES || chunk.length >= DOCS_PER_RECORD) await flush();
        chunk.push(doc);
        bytes += size;
        docCount++;
      }
      await flush();
    }
    await write(encodeRecord(serialize({ t: 'footer', colls: state.collections.length, docs: docCount })));
    await fh.sync();
    complete = true;
  } finally {
    await fh.close();
    // A failed attempt leaves no half-written file behind while the server keeps running.
    if (!complete) await fsp.rm(tmpPath, { force: true });
  }
  await fsp.rename(tmpPath, finalPath);
  await fsyncDir(dir);
  return finalPath;
}

/**
 * Reads a snapshot record by record (see readRecordFile: it may be larger than Node can read into
 * one buffer). Also reads snapshots written before records were sized by bytes: the format did
 * not change, only how many documents a `docs` record holds.
 */
export function readSnapshot(file: string): SnapshotState {
  if (!readFilePrefix(file, SNAPSHOT_MAGIC.length).equals(SNAPSHOT_MAGIC)) {
    throw new CorruptFileError(file, 0, 'not a snapshot file (bad magic)');
  }
  const collections: SnapshotCollection[] = [];
  const byNs = new Map<string, SnapshotCollection>();
  let gen = -1;
  let footer: Doc | undefined;
  let docCount = 0;
  const { validLength } = readRecordFile(
    file,
    { allowTornTail: false, start: SNAPSHOT_MAGIC.length },
    (rec, offset) => {
      if (footer) throw new CorruptFileError(file, offset, 'records after footer');
      let r: Doc;
      try {
        r = deserialize(rec);
      } catch (e) {
        throw new CorruptFileError(file, offset, `undecodable record: ${(e as Error).message}`);
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
          if (!c) throw new CorruptFileError(file, offset, 'documents for an unknown collection');
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
          throw new CorruptFileError(file, offset, `unknown record type ${String(r.t)}`);
      }
    },
  );
  if (gen < 0) throw new CorruptFileError(file, SNAPSHOT_MAGIC.length, 'missing header');
  if (!footer) throw new CorruptFileError(file, validLength, 'missing footer (incomplete snapshot)');
  if (Number(footer.docs) !== docCount || Number(footer.colls) !== collections.length) {
    throw new CorruptFileError(file, validLength, 'footer counts do not match the records');
  }
  return { gen, collections };
}
