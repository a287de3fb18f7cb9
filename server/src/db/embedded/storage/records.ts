// Length-prefixed, CRC32-checksummed records: the framing shared by journal and snapshot files.
//   [u32 LE payload length][u32 LE crc32(payload)][payload]
import { crc32 } from 'node:zlib';

export const RECORD_HEADER_BYTES = 8;
/** Larger than any legitimate record (a 48 MB message's worth of documents plus overhead). */
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

export interface DecodeResult {
  records: Buffer[];
  /** Bytes of the file that hold complete, valid records. */
  validLength: number;
  /** Set when the file ends in an incomplete or unverifiable record that was skipped. */
  tornTail?: { offset: number; reason: string };
}

function allZero(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}

/**
 * Decodes every record in `buf`. A bad record at the very end of the file (a write that was cut
 * short) is reported as `tornTail` when `allowTornTail` is set; any other damage throws
 * CorruptFileError naming the file.
 */
export function decodeRecords(buf: Buffer, file: string, allowTornTail: boolean, start = 0): DecodeResult {
  const records: Buffer[] = [];
  let offset = start;
  const torn = (reason: string): DecodeResult => {
    if (!allowTornTail) throw new CorruptFileError(file, offset, reason);
    return { records, validLength: offset, tornTail: { offset, reason } };
  };
  while (offset < buf.length) {
    if (buf.length - offset < RECORD_HEADER_BYTES) return torn('truncated record header');
    const len = buf.readUInt32LE(offset);
    const sum = buf.readUInt32LE(offset + 4);
    const end = offset + RECORD_HEADER_BYTES + len;
    if (len < MIN_PAYLOAD_BYTES || len > MAX_RECORD_BYTES) {
      if (allZero(buf, offset)) return torn('zero-filled tail');
      if (end >= buf.length || len > MAX_RECORD_BYTES) return torn(`implausible record length ${len}`);
      throw new CorruptFileError(file, offset, `implausible record length ${len}`);
    }
    if (end > buf.length) return torn(`record of ${len} bytes extends past end of file`);
    const payload = buf.subarray(offset + RECORD_HEADER_BYTES, end);
    if (crc32(payload) !== sum) {
      if (end === buf.length || allZero(buf, end)) return torn('checksum mismatch in last record');
      throw new CorruptFileError(file, offset, 'checksum mismatch');
    }
    records.push(payload);
    offset = end;
  }
  return { records, validLength: offset };
}
