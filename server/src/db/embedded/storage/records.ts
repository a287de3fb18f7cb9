// Length-prefixed, CRC32-checksummed records: the framing shared by journal and snapshot files.
//   [u32 LE payload length][u32 LE crc32(payload)][payload]
import fs from 'node:fs';
import { crc32 } from 'node:zlib';
import { type Document, serialize, setInternalBufferSize } from 'bson';

export const RECORD_HEADER_BYTES = 8;
/**
 * Larger than any legitimate record. Writers keep records to a few MiB (a larger one holds a
 * single document of at most 16 MiB); older versions wrote a whole command's changes as one record.
 */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;
/** A BSON document is at least 5 bytes, so shorter payloads are never valid (e.g. zero-filled tails). */
const MIN_PAYLOAD_BYTES = 5;

export function encodeRecord(payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  out.set(payload, RECORD_HEADER_BYTES);
  return out;
}

export class CorruptFileError extends Error {
  readonly file: string;
  readonly offset: number;

  constructor(file: string, offset: number, reason: string) {
    super(
      `Embedded MongoDB data file ${file} is corrupt at byte offset ${offset}: ${reason}. ` +
        'Refusing to start so no data is silently lost; restore the data directory from a backup or move the file aside deliberately.',
    );
    this.name = 'CorruptFileError';
    this.file = file;
    this.offset = offset;
  }
}

export interface ScanResult {
  /** Bytes of the file that hold complete, valid records. */
  validLength: number;
  /** Set when the file ends in an incomplete or unverifiable record that was skipped. */
  tornTail?: { offset: number; reason: string };
}

export interface DecodeResult extends ScanResult {
  records: Buffer[];
}

/** Where records are decoded from: one buffer, or a file read a window at a time. */
interface ByteSource {
  readonly size: number;
  /** `length` bytes at `offset` (within `size`). */
  bytes(offset: number, length: number): Buffer;
  /** True when every byte from `offset` to the end is zero. */
  zeroFrom(offset: number): boolean;
}

function allZero(buf: Buffer, from = 0): boolean {
  for (let i = from; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}

class BufferSource implements ByteSource {
  readonly size: number;
  private readonly buf: Buffer;

  constructor(buf: Buffer) {
    this.buf = buf;
    this.size = buf.length;
  }

  bytes(offset: number, length: number): Buffer {
    return this.buf.subarray(offset, offset + length);
  }

  zeroFrom(offset: number): boolean {
    return allZero(this.buf, offset);
  }
}

/**
 * Reads a file through a sliding window instead of one readFileSync: Node refuses to read a file
 * over 2 GiB into a single buffer, and a snapshot of a data directory holding multi-MB documents
 * can legitimately grow past that; the directory must still open. Every window is a fresh buffer
 * because decoded BSON Binary values are views into it.
 */
class FileSource implements ByteSource {
  readonly size: number;
  private readonly fd: number;
  private readonly file: string;
  private readonly windowBytes: number;
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  constructor(fd: number, file: string, size: number, windowBytes: number) {
    this.fd = fd;
    this.file = file;
    this.size = size;
    this.windowBytes = windowBytes;
  }

  private readAt(buf: Buffer, offset: number): void {
    let done = 0;
    while (done < buf.length) {
      const n = fs.readSync(this.fd, buf, done, buf.length - done, offset + done);
      if (n === 0) throw new CorruptFileError(this.file, offset + done, 'file shrank while being read');
      done += n;
    }
  }

  bytes(offset: number, length: number): Buffer {
    const from = offset - this.windowStart;
    if (from >= 0 && from + length <= this.window.length) return this.window.subarray(from, from + length);
    const n = Math.min(Math.max(length, this.windowBytes), this.size - offset);
    const buf = Buffer.allocUnsafe(n);
    this.readAt(buf, offset);
    this.window = buf;
    this.windowStart = offset;
    return buf.subarray(0, length);
  }

  zeroFrom(offset: number): boolean {
    const scratch = Buffer.allocUnsafe(Math.min(this.windowBytes, Math.max(0, this.size - offset)));
    for (let at = offset; at < this.size; at += scratch.length) {
      const chunk = scratch.subarray(0, Math.min(scratch.length, this.size - at));
      this.readAt(chunk, at);
      if (!allZero(chunk)) return false;
    }
    return true;
  }
}

/**
 * Walks the records of `src`, handing each payload (and its record's offset) to `onRecord`. A bad
 * record at the very end (a write that was cut short) is reported as `tornTail` when
 * `allowTornTail` is set; any other damage throws CorruptFileError naming the file.
 */
function scanRecords(
  src: ByteSource,
  file: string,
  allowTornTail: boolean,
  start: number,
  onRecord: (payload: Buffer, offset: number) => void,
): ScanResult {
  let offset = start;
  const torn = (reason: string): ScanResult => {
    if (!allowTornTail) throw new CorruptFileError(file, offset, reason);
    return { validLength: offset, tornTail: { offset, reason } };
  };
  while (offset < src.size) {
    if (src.size - offset < RECORD_HEADER_BYTES) return torn('truncated record header');
    const header = src.bytes(offset, RECORD_HEADER_BYTES);
    const len = header.readUInt32LE(0);
    const sum = header.readUInt32LE(4);
    const end = offset + RECORD_HEADER_BYTES + len;
    if (len < MIN_PAYLOAD_BYTES || len > MAX_RECORD_BYTES) {
      if (src.zeroFrom(offset)) return torn('zero-filled tail');
      if (end >= src.size || len > MAX_RECORD_BYTES) return torn(`implausible record length ${len}`);
      throw new CorruptFileError(file, offset, `implausible record length ${len}`);
    }
    if (end > src.size) return torn(`record of ${len} bytes extends past end of file`);
    const payload = src.bytes(offset + RECORD_HEADER_BYTES, len);
    if (crc32(payload) !== sum) {
      if (end === src.size || src.zeroFrom(end)) return torn('checksum mismatch in last record');
      throw new CorruptFileError(file, offset, 'checksum mismatch');
    }
    onRecord(payload, offset);
    offset = end;
  }
  return { validLength: offset };
}

/** Decodes every record in `buf` (see scanRecords for how damage is handled). */
export function decodeRecords(buf: Buffer, file: string, allowTornTail: boolean, start = 0): DecodeResult {
  const records: Buffer[] = [];
  const result = scanRecords(new BufferSource(buf), file, allowTornTail, start, (p) => records.push(p));
  return { records, ...result };
}

export const READ_WINDOW_BYTES = 8 * 1024 * 1024;

/**
 * Streams the records of `file` from byte `start` to `onRecord` without holding the whole file in
 * one buffer (see FileSource). Damage is handled as in decodeRecords.
 */
export function readRecordFile(
  file: string,
  opts: { allowTornTail: boolean; start?: number; windowBytes?: number },
  onRecord: (payload: Buffer, offset: number) => void,
): ScanResult {
  const fd = fs.openSync(file, 'r');
  try {
    const { size } = fs.fstatSync(fd);
    const src = new FileSource(fd, file, size, opts.windowBytes ?? READ_WINDOW_BYTES);
    return scanRecords(src, file, opts.allowTornTail, opts.start ?? 0, onRecord);
  } finally {
    fs.closeSync(fd);
  }
}

/** The first `length` bytes of `file` (fewer if it is shorter). */
export function readFilePrefix(file: string, length: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(fd, buf, done, length - done, done);
      if (n === 0) break;
      done += n;
    }
    return buf.subarray(0, done);
  } finally {
    fs.closeSync(fd);
  }
}

/** js-bson serialises through one shared scratch buffer of this size (its default). */
const BSON_SCRATCH_BYTES = 17 * 1024 * 1024;

/**
 * BSON bytes of a record payload whose size (`calculateObjectSize`) the caller already knows.
 * Records are kept far below js-bson's scratch buffer, but a document stored at the very edge of
 * the 16 MiB limit plus its record envelope may not fit; rather than failing (which would stop
 * snapshots for good), grow the scratch buffer for it (js-bson never shrinks it again).
 */
export function serializePayload(payload: Document, size: number): Uint8Array {
  if (size + 1024 > BSON_SCRATCH_BYTES) setInternalBufferSize(size + 1024);
  return serialize(payload);
}
