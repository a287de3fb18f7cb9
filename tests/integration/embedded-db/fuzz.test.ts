// Throws random, truncated and malformed wire messages at the embedded server (seeded, bounded).
// After each round the server must still answer a fresh driver client and the data must be intact.
import fs from 'node:fs';
import net from 'node:net';
import { serialize } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedMongo, startEmbeddedMongo } from '@serantau/server/db/embedded/index';
import { crc32c } from '@serantau/server/db/embedded/wire/crc32c';
import { tempDir } from './helpers';

const ITERATIONS = 400;
const CHECK_EVERY = 40;

let mongo: EmbeddedMongo;
let dbPath: string;
const closed: string[] = [];

beforeAll(async () => {
  dbPath = tempDir('fuzz');
  mongo = await startEmbeddedMongo({
    dbPath,
    logger: { info: () => undefined, warn: (_o, msg) => closed.push(msg ?? ''), error: () => undefined },
  });
  const client = new MongoClient(mongo.url);
  await client
    .db('fuzz')
    .collection('keep')
    .insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: i, v: `value-${i}` })) as never);
  await client.close();
});
afterAll(async () => {
  await mongo.close();
  fs.rmSync(dbPath, { recursive: true, force: true });
});

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function header(length: number, opCode: number, requestId = 1): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opMsg(body: Uint8Array, flags = 0, extra: Buffer = Buffer.alloc(0)): Buffer {
  const payload = Buffer.concat([
    Buffer.from([flags & 0xff, (flags >> 8) & 0xff, 0, 0]),
    Buffer.from([0]),
    Buffer.from(body),
    extra,
  ]);
  return Buffer.concat([header(16 + payload.length, 2013), payload]);
}

function mutate(rnd: () => number): Buffer {
  const int = (n: number): number => Math.floor(rnd() * n);
  const valid = opMsg(serialize({ find: 'keep', filter: { _id: { $gt: int(100) } }, $db: 'fuzz' }));
  switch (int(12)) {
    case 0: // pure noise
      return Buffer.from(Array.from({ length: 1 + int(200) }, () => int(256)));
    case 1: // truncated valid message
      return valid.subarray(0, int(valid.length));
    case 2: {
      // bit flips in a valid message
      const b = Buffer.from(valid);
      for (let k = 0; k < 1 + int(6); k++) {
        const at = int(b.length);
        b.writeUInt8(b.readUInt8(at) ^ (1 << int(8)), at);
      }
      return b;
    }
    case 3: // length header smaller than a header
      return Buffer.concat([header(int(16), 2013), Buffer.alloc(8)]);
    case 4: // oversized length header
      return header(48_000_001 + int(1_000_000_000), 2013);
    case 5: // negative length
      return header(-1 - int(1000), 2013);
    case 6: // unknown opcode
      return Buffer.concat([
        header(32, [1, 2001, 2002, 2005, 2010, 2012, 9999][int(7)] ?? 9999),
        Buffer.alloc(16),
      ]);
    case 7: {
      // invalid BSON: document length lies
      const body = Buffer.from(serialize({ ping: 1, $db: 'fuzz' }));
      body.writeInt32LE(body.length + 1 + int(50), 0);
      return opMsg(body);
    }
    case 8: {
      // checksum flag with a wrong checksum
      const msg = opMsg(serialize({ ping: 1, $db: 'fuzz' }), 1, Buffer.alloc(4));
      msg.writeInt32LE(msg.length, 0);
      msg.writeUInt32LE((crc32c(msg.subarray(0, msg.length - 4)) + 1 + int(1000)) >>> 0, msg.length - 4);
      return msg;
    }
    case 9: {
      // kind-1 section with a bad size
      const seq = Buffer.alloc(9);
      seq[0] = 1;
      seq.writeInt32LE(1000 + int(1000), 1);
      return opMsg(serialize({ insert: 'keep', $db: 'fuzz' }), 0, seq);
    }
    case 10: // unknown required flag bit
      return opMsg(serialize({ ping: 1, $db: 'fuzz' }), 1 << (2 + int(14)));
    default: {
      // random BSON-ish body
      const body = Buffer.from(Array.from({ length: 5 + int(64) }, () => int(256)));
      body.writeInt32LE(body.length, 0);
      body[body.length - 1] = 0;
      return opMsg(body);
    }
  }
}

function send(port: number, data: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const done = (): void => {
      clearTimeout(timer);
      s.destroy();
      resolve();
    };
    const timer = setTimeout(done, 150);
    s.on('error', done);
    s.on('close', done);
    s.on('connect', () => s.write(data));
    s.on('data', () => undefined);
  });
}

async function healthy(): Promise<void> {
  const client = new MongoClient(mongo.url, { serverSelectionTimeoutMS: 3_000 });
  try {
    expect((await client.db('fuzz').command({ ping: 1 })).ok).toBe(1);
    const docs = await client.db('fuzz').collection('keep').find({}).sort({ _id: 1 }).toArray();
    expect(docs).toHaveLength(100);
    expect(docs[42]).toEqual({ _id: 42, v: 'value-42' });
  } finally {
    await client.close();
  }
}

describe('wire protocol fuzzing', () => {
  it(`survives ${ITERATIONS} malformed messages`, async () => {
    const rnd = prng(0xc0ffee);
    for (let i = 0; i < ITERATIONS; i++) {
      await send(mongo.port, mutate(rnd));
      if ((i + 1) % CHECK_EVERY === 0) await healthy();
    }
    await healthy();
    // Malformed frames were rejected by closing the connection, with a log line each time.
    expect(closed.filter((m) => m.startsWith('closing connection')).length).toBeGreaterThan(ITERATIONS / 4);
  }, 60_000);
});
