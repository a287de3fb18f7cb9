// MongoDB wire protocol framing: OP_MSG (sections kind 0 and 1, optional CRC-32C trailer),
// legacy OP_QUERY (only for the initial handshake) and the OP_REPLY that answers it.
import { deserialize, serialize } from 'bson';
import { type Doc, normalizeDecoded } from '../query/values.js';
import { crc32c } from './crc32c.js';

export const OpCode = {
  OP_REPLY: 1,
  OP_QUERY: 2004,
  OP_COMPRESSED: 2012,
  OP_MSG: 2013,
} as const;

export const MsgFlags = {
  checksumPresent: 1 << 0,
  moreToCome: 1 << 1,
  exhaustAllowed: 1 << 16,
} as const;

export const HEADER_BYTES = 16;
export const MAX_MESSAGE_BYTES = 48_000_000;
export const MAX_BSON_OBJECT_BYTES = 16 * 1024 * 1024;

/** A message the server cannot make sense of: the connection it came from gets closed. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export type Request =
  | { kind: 'msg'; requestId: number; body: Doc; moreToCome: boolean }
  | { kind: 'query'; requestId: number; collection: string; query: Doc };

function readDocument(buf: Buffer, offset: number, end: number): { doc: Doc; size: number } {
  if (end - offset < 5) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError(`invalid BSON document length ${size}`);
  if (size > MAX_BSON_OBJECT_BYTES + 16 * 1024)
    throw new ProtocolError(`BSON document of ${size} bytes is too large`);
  let doc: Doc;
  try {
    doc = deserialize(buf.subarray(offset, offset + size));
  } catch (e) {
    throw new ProtocolError(`invalid BSON: ${(e as Error).message}`);
  }
  normalizeDecoded(doc);
  return { doc, size };
}

function readCString(buf: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buf.indexOf(0, offset);
  if (zero === -1 || zero >= end) throw new ProtocolError('unterminated C string');
  return { value: buf.toString('utf8', offset, zero), next: zero + 1 };
}

/** Parses one complete message (header included). Throws ProtocolError on anything malformed. */
export function parseMessage(msg: Buffer): Request {
  if (msg.length < HEADER_BYTES) throw new ProtocolError('message shorter than its header');
  const length = msg.readInt32LE(0);
  if (length !== msg.length) throw new ProtocolError('message length mismatch');
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  if (opCode === OpCode.OP_MSG) return parseOpMsg(msg, requestId);
  if (opCode === OpCode.OP_QUERY) return parseOpQuery(msg, requestId);
  if (opCode === OpCode.OP_COMPRESSED)
    throw new ProtocolError('OP_COMPRESSED received but compression was not negotiated');
  throw new ProtocolError(`unsupported opCode ${opCode}`);
}

function parseOpMsg(msg: Buffer, requestId: number): Request {
  if (msg.length < HEADER_BYTES + 4 + 1) throw new ProtocolError('OP_MSG too short');
  const flags = msg.readUInt32LE(HEADER_BYTES);
  // Bits 0-15 are "must understand": reject any we do not know.
  if ((flags & 0xffff & ~(MsgFlags.checksumPresent | MsgFlags.moreToCome)) !== 0) {
    throw new ProtocolError(`OP_MSG has unknown required flag bits 0x${flags.toString(16)}`);
  }
  let end = msg.length;
  if (flags & MsgFlags.checksumPresent) {
    if (msg.length < HEADER_BYTES + 4 + 1 + 4) throw new ProtocolError('OP_MSG too short for its checksum');
    end -= 4;
    const expected = msg.readUInt32LE(end);
    if (crc32c(msg.subarray(0, end)) !== expected) throw new ProtocolError('OP_MSG checksum mismatch');
  }
  let offset = HEADER_BYTES + 4;
  let body: Doc | undefined;
  const sequences: Array<{ id: string; docs: Doc[] }> = [];
  while (offset < end) {
    const kind = msg[offset];
    offset += 1;
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG has more than one body section');
      const { doc, size } = readDocument(msg, offset, end);
      body = doc;
      offset += size;
    } else if (kind === 1) {
      if (end - offset < 4) throw new ProtocolError('truncated document sequence');
      const size = msg.readInt32LE(offset);
      const seqEnd = offset + size;
      if (size < 5 || seqEnd > end) throw new ProtocolError(`invalid document sequence length ${size}`);
      const { value: id, next } = readCString(msg, offset + 4, seqEnd);
      let p = next;
      const docs: Doc[] = [];
      while (p < seqEnd) {
        const { doc, size: dsize } = readDocument(msg, p, seqEnd);
        docs.push(doc);
        p += dsize;
      }
      sequences.push({ id, docs });
      offset = seqEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${String(kind)}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  for (const s of sequences) {
    if (s.id in body) throw new ProtocolError(`document sequence '${s.id}' duplicates a body field`);
    body[s.id] = s.docs;
  }
  return { kind: 'msg', requestId, body, moreToCome: (flags & MsgFlags.moreToCome) !== 0 };
}

function parseOpQuery(msg: Buffer, requestId: number): Request {
  let offset = HEADER_BYTES + 4; // flags
  const { value: collection, next } = readCString(msg, offset, msg.length);
  offset = next + 8; // numberToSkip, numberToReturn
  if (offset > msg.length) throw new ProtocolError('truncated OP_QUERY');
  const { doc } = readDocument(msg, offset, msg.length);
  return { kind: 'query', requestId, collection, query: doc };
}

let nextResponseId = 1;

function header(buf: Buffer, responseTo: number, opCode: number): void {
  buf.writeInt32LE(buf.length, 0);
  buf.writeInt32LE(nextResponseId++ & 0x7fffffff, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(opCode, 12);
}

export function encodeOpMsg(responseTo: number, doc: Doc): Buffer {
  const body = serialize(doc, { ignoreUndefined: true });
  const buf = Buffer.allocUnsafe(HEADER_BYTES + 4 + 1 + body.length);
  header(buf, responseTo, OpCode.OP_MSG);
  buf.writeUInt32LE(0, HEADER_BYTES);
  buf[HEADER_BYTES + 4] = 0;
  buf.set(body, HEADER_BYTES + 5);
  return buf;
}

export function encodeOpReply(responseTo: number, doc: Doc): Buffer {
  const body = serialize(doc, { ignoreUndefined: true });
  const buf = Buffer.allocUnsafe(HEADER_BYTES + 20 + body.length);
  header(buf, responseTo, OpCode.OP_REPLY);
  buf.writeInt32LE(0, HEADER_BYTES); // responseFlags
  buf.writeBigInt64LE(0n, HEADER_BYTES + 4); // cursorID
  buf.writeInt32LE(0, HEADER_BYTES + 12); // startingFrom
  buf.writeInt32LE(1, HEADER_BYTES + 16); // numberReturned
  buf.set(body, HEADER_BYTES + 20);
  return buf;
}
