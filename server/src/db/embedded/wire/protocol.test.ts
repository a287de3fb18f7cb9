import { serialize } from 'bson';
import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';
import { OpCode, ProtocolError, encodeOpMsg, encodeOpReply, parseMessage } from './protocol';

function frame(opCode: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(16 + payload.length, 0);
  h.writeInt32LE(77, 4);
  h.writeInt32LE(opCode, 12);
  return Buffer.concat([h, payload]);
}

function opMsg(flags: number, sections: Buffer[], checksum = false): Buffer {
  const flagBuf = Buffer.alloc(4);
  flagBuf.writeUInt32LE(flags | (checksum ? 1 : 0));
  const msg = frame(
    OpCode.OP_MSG,
    Buffer.concat([flagBuf, ...sections, checksum ? Buffer.alloc(4) : Buffer.alloc(0)]),
  );
  if (checksum) msg.writeUInt32LE(crc32c(msg.subarray(0, msg.length - 4)), msg.length - 4);
  return msg;
}

const kind0 = (doc: Record<string, unknown>): Buffer => Buffer.concat([Buffer.from([0]), serialize(doc)]);
function kind1(id: string, docs: Array<Record<string, unknown>>): Buffer {
  const body = Buffer.concat([Buffer.from(`${id}\0`), ...docs.map((d) => serialize(d))]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(4 + body.length);
  return Buffer.concat([Buffer.from([1]), size, body]);
}

describe('wire protocol', () => {
  it('computes CRC-32C', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('merges kind-1 document sequences into the command body', () => {
    const req = parseMessage(
      opMsg(0, [kind0({ insert: 'c', $db: 'd' }), kind1('documents', [{ a: 1 }, { a: 2 }])]),
    );
    expect(req).toMatchObject({ kind: 'msg', requestId: 77, moreToCome: false });
    if (req.kind !== 'msg') throw new Error('expected OP_MSG');
    expect(req.body).toEqual({ insert: 'c', $db: 'd', documents: [{ a: 1 }, { a: 2 }] });
  });

  it('verifies the checksum when present and reports moreToCome', () => {
    const ok = parseMessage(opMsg(2, [kind0({ ping: 1 })], true));
    expect(ok).toMatchObject({ kind: 'msg', moreToCome: true });
    const bad = opMsg(0, [kind0({ ping: 1 })], true);
    bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 1, bad.length - 1);
    expect(() => parseMessage(bad)).toThrow(/checksum/);
  });

  it.each([
    ['unknown opcode', frame(2002, Buffer.alloc(20))],
    ['compressed', frame(OpCode.OP_COMPRESSED, Buffer.alloc(20))],
    ['unknown required flag', opMsg(1 << 4, [kind0({ ping: 1 })])],
    ['unknown section kind', opMsg(0, [Buffer.from([2, 0, 0, 0, 0])])],
    ['two bodies', opMsg(0, [kind0({ a: 1 }), kind0({ b: 1 })])],
    ['no body', opMsg(0, [kind1('documents', [{ a: 1 }])])],
    ['bad BSON length', opMsg(0, [Buffer.from([0, 99, 0, 0, 0, 0])])],
    ['invalid BSON', opMsg(0, [Buffer.from([0, 8, 0, 0, 0, 0x2a, 0x61, 0, 0])])],
  ])('rejects %s', (_name, msg) => {
    expect(() => parseMessage(msg)).toThrow(ProtocolError);
  });

  it('parses the legacy OP_QUERY handshake and encodes OP_REPLY', () => {
    const payload = Buffer.concat([
      Buffer.alloc(4),
      Buffer.from('admin.$cmd\0'),
      Buffer.alloc(8),
      serialize({ isMaster: 1 }),
    ]);
    const req = parseMessage(frame(OpCode.OP_QUERY, payload));
    expect(req).toMatchObject({ kind: 'query', collection: 'admin.$cmd', query: { isMaster: 1 } });
    const reply = encodeOpReply(5, { ok: 1 });
    expect(reply.readInt32LE(0)).toBe(reply.length);
    expect(reply.readInt32LE(8)).toBe(5);
    expect(reply.readInt32LE(12)).toBe(OpCode.OP_REPLY);
    expect(reply.readInt32LE(32)).toBe(1);
    const msg = encodeOpMsg(9, { ok: 1 });
    expect(msg.readInt32LE(12)).toBe(OpCode.OP_MSG);
    expect(msg.readInt32LE(8)).toBe(9);
  });
});
