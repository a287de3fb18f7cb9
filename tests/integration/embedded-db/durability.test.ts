// Data directory behaviour of the embedded server: restart, snapshots and compaction, torn
// journal tails, corruption detection and the one-process-per-directory lock.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { serialize } from 'bson';
import { Binary, MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedLogger, startEmbeddedMongo } from '@serantau/server/db/embedded/index';
import { encodeRecord } from '@serantau/server/db/embedded/storage/records';
import { tempDir } from './helpers';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function newDir(): string {
  const d = tempDir('durability');
  dirs.push(d);
  return d;
}

function recordingLogger(): EmbeddedLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    info: () => undefined,
    warn: (obj, msg) => warnings.push(`${msg ?? ''} ${JSON.stringify(obj)}`),
    error: () => undefined,
  };
}

async function withServer<T>(
  dbPath: string,
  fn: (client: MongoClient) => Promise<T>,
  logger?: EmbeddedLogger,
): Promise<T> {
  const mongo = await startEmbeddedMongo({ dbPath, ...(logger ? { logger } : {}) });
  const client = new MongoClient(mongo.url);
  try {
    return await fn(client);
  } finally {
    await client.close();
    await mongo.close();
  }
}

const files = (dir: string, re: RegExp): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => re.test(f))
    .sort();

describe('restart and compaction', () => {
  it('keeps documents, indexes and deletes across restarts', async () => {
    const dbPath = newDir();
    await withServer(dbPath, async (client) => {
      const c = client.db('app').collection('users');
      await c.createIndex({ email: 1 }, { unique: true });
      await c.insertMany([{ email: 'a' }, { email: 'b' }, { email: 'c' }]);
      await c.deleteOne({ email: 'b' });
      await c.updateOne({ email: 'c' }, { $set: { v: 2 } });
    });
    expect(files(dbPath, /^snapshot-/)).toHaveLength(1);
    await withServer(dbPath, async (client) => {
      const c = client.db('app').collection('users');
      expect(
        await c
          .find({}, { projection: { _id: 0 } })
          .sort({ email: 1 })
          .toArray(),
      ).toEqual([{ email: 'a' }, { email: 'c', v: 2 }]);
      expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'email_1']);
      expect(
        (await c.insertOne({ email: 'a' }).catch((e: { code: number }) => e)) as { code: number },
      ).toMatchObject({
        code: 11000,
      });
    });
  });

  it('compacts the journal into a snapshot when it grows past the threshold', async () => {
    const dbPath = newDir();
    const mongo = await startEmbeddedMongo({ dbPath, compactThresholdBytes: 64 * 1024 });
    const client = new MongoClient(mongo.url);
    const c = client.db('app').collection('big');
    for (let i = 0; i < 40; i++)
      await c.insertMany(Array.from({ length: 20 }, (_, k) => ({ i, k, pad: 'p'.repeat(300) })));
    // Background snapshots ran while writing: old journals were removed.
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && files(dbPath, /^snapshot-/).length === 0)
      await new Promise((r) => setTimeout(r, 20));
    expect(files(dbPath, /^snapshot-/).length).toBeGreaterThanOrEqual(1);
    expect(files(dbPath, /^journal-/).length).toBeLessThanOrEqual(2);
    await client.close();
    await mongo.close();
    await withServer(dbPath, async (cl) => {
      expect(await cl.db('app').collection('big').countDocuments()).toBe(800);
    });
  });
});

describe('large documents', () => {
  const MiB = 1024 * 1024;
  const blob = (mib: number, fill: number): Binary => new Binary(Buffer.alloc(mib * MiB, fill));
  const filled = (b: unknown, fill: number): boolean =>
    b instanceof Binary && b.buffer.every((x) => x === fill);

  it('snapshots a collection of multi-MB documents at clean shutdown and reads it back', async () => {
    const dbPath = newDir();
    const errors: string[] = [];
    const logger = {
      ...recordingLogger(),
      error: (obj: object, msg?: string) => errors.push(`${msg ?? ''}`),
    };
    await withServer(
      dbPath,
      async (client) => {
        const c = client.db('app').collection('doc_versions');
        for (let i = 0; i < 3; i++) await c.insertOne({ _id: i, state: blob(7, i) } as never);
      },
      logger,
    );
    expect(errors).toEqual([]);
    const snapshots = files(dbPath, /^snapshot-/);
    expect(snapshots).toHaveLength(1);
    expect(files(dbPath, /\.tmp$/)).toEqual([]);
    // Compacted: no journal older than the snapshot is left, and what is left holds nothing.
    const snapGen = Number(/\d+/.exec(snapshots[0] ?? '')?.[0]);
    for (const j of files(dbPath, /^journal-/)) {
      expect(Number(/\d+/.exec(j)?.[0])).toBeGreaterThanOrEqual(snapGen);
      expect(fs.statSync(path.join(dbPath, j)).size).toBe(0);
    }
    await withServer(dbPath, async (client) => {
      const docs = await client.db('app').collection('doc_versions').find().sort({ _id: 1 }).toArray();
      expect(docs.map((d) => d._id)).toEqual([0, 1, 2]);
      docs.forEach((d, i) => expect(filled(d.state, i)).toBe(true));
    });
  });

  it('journals an update of several multi-MB documents (crash right after it is acknowledged)', async () => {
    const dbPath = newDir();
    const mongo = await startEmbeddedMongo({ dbPath });
    const client = new MongoClient(mongo.url);
    let copy = '';
    try {
      const c = client.db('app').collection('doc_snapshots');
      for (let i = 0; i < 4; i++) await c.insertOne({ _id: i, state: blob(6, i), v: 0 } as never);
      // 24 MiB of changed documents in one command.
      const res = await c.updateMany({}, { $set: { v: 1 } });
      expect(res.modifiedCount).toBe(4);
      // What kill -9 now would leave: acknowledged writes are already fsynced.
      copy = newDir();
      fs.cpSync(dbPath, copy, { recursive: true });
      fs.rmSync(path.join(copy, 'mongod.lock'));
    } finally {
      await client.close();
      await mongo.close();
    }
    await withServer(copy, async (cl) => {
      const docs = await cl.db('app').collection('doc_snapshots').find().sort({ _id: 1 }).toArray();
      expect(docs.map((d) => [d._id, d.v])).toEqual([
        [0, 1],
        [1, 1],
        [2, 1],
        [3, 1],
      ]);
      docs.forEach((d, i) => expect(filled(d.state, i)).toBe(true));
    });
  });
});

describe('writes rejected while indexing', () => {
  it('leave memory and the data directory consistent (parallel arrays, 171)', async () => {
    const dbPath = newDir();
    const big = Array.from({ length: 40 }, (_, i) => i);
    await withServer(dbPath, async (client) => {
      const c = client.db('app').collection('c');
      await c.createIndex({ a: 1, b: 1 });
      await expect(c.insertOne({ _id: 1, a: big, b: big } as never)).rejects.toMatchObject({ code: 171 });
      await c.insertOne({ _id: 2, a: 1, b: 1 } as never);
      await expect(c.updateOne({ _id: 2 } as never, { $set: { a: big, b: big } })).rejects.toMatchObject({
        code: 171,
      });
      expect(await c.findOne({ _id: 1 } as never)).toBeNull();
      expect(await c.find({ a: 1, b: 1 }).toArray()).toEqual([{ _id: 2, a: 1, b: 1 }]);
    });
    // Clean shutdown snapshotted memory; a rejected document in it used to stop the next start.
    await withServer(dbPath, async (client) => {
      const c = client.db('app').collection('c');
      expect(await c.find().toArray()).toEqual([{ _id: 2, a: 1, b: 1 }]);
      expect(await c.find({ a: 1, b: 1 }).toArray()).toHaveLength(1);
    });
  });
});

describe('torn and corrupt files', () => {
  it('skips and logs a torn last journal record, keeping everything acknowledged', async () => {
    const dbPath = newDir();
    await withServer(dbPath, async (client) => {
      await client
        .db('app')
        .collection('c')
        .insertMany([{ _id: 1 }, { _id: 2 }] as never);
    });
    const journal = files(dbPath, /^journal-/).at(-1);
    expect(journal).toBeDefined();
    const full = encodeRecord(serialize({ ops: [{ op: 'put', db: 'app', c: 'c', doc: { _id: 3 } }] }));
    fs.appendFileSync(path.join(dbPath, journal ?? ''), full.subarray(0, full.length - 5));
    const logger = recordingLogger();
    await withServer(
      dbPath,
      async (client) => {
        const ids = (await client.db('app').collection('c').find({}).toArray()).map((d) => d._id);
        expect(ids).toEqual([1, 2]);
      },
      logger,
    );
    expect(logger.warnings.join('\n')).toMatch(/torn record/);
  });

  it('refuses to start on a corrupt record in the middle of a journal, naming the file', async () => {
    const dbPath = newDir();
    await withServer(dbPath, async (client) => {
      await client
        .db('app')
        .collection('c')
        .insertOne({ _id: 1 } as never);
    });
    const journal = path.join(dbPath, files(dbPath, /^journal-/).at(-1) ?? '');
    const rec = (id: number): Buffer =>
      encodeRecord(serialize({ ops: [{ op: 'put', db: 'app', c: 'c', doc: { _id: id } }] }));
    const bad = rec(2);
    bad.writeUInt8(bad.readUInt8(bad.length - 3) ^ 0xff, bad.length - 3);
    fs.appendFileSync(journal, Buffer.concat([rec(10), bad, rec(11)]));
    await expect(startEmbeddedMongo({ dbPath })).rejects.toThrow(
      new RegExp(`${path.basename(journal)}.*corrupt`),
    );
    // The lock was released: after repairing the file the directory opens again.
    fs.truncateSync(journal, fs.statSync(journal).size - bad.length - rec(11).length);
    await withServer(dbPath, async (client) => {
      expect(await client.db('app').collection('c').countDocuments()).toBe(2);
    });
  });

  it('refuses to start on a snapshot with a bad checksum, naming the file', async () => {
    const dbPath = newDir();
    await withServer(dbPath, async (client) => {
      await client
        .db('app')
        .collection('c')
        .insertMany(Array.from({ length: 50 }, (_, i) => ({ i })));
    });
    const snap = path.join(dbPath, files(dbPath, /^snapshot-/).at(-1) ?? '');
    const buf = fs.readFileSync(snap);
    const mid = Math.floor(buf.length / 2);
    buf.writeUInt8(buf.readUInt8(mid) ^ 0x55, mid);
    fs.writeFileSync(snap, buf);
    await expect(startEmbeddedMongo({ dbPath })).rejects.toThrow(path.basename(snap));
  });
});

describe('directory lock', () => {
  it('refuses a second server on the same directory and takes over a stale lock', async () => {
    const dbPath = newDir();
    const first = await startEmbeddedMongo({ dbPath });
    await expect(startEmbeddedMongo({ dbPath })).rejects.toThrow(/in use by process/);
    await first.close();
    // A lock left by a process that no longer exists.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    fs.writeFileSync(path.join(dbPath, 'mongod.lock'), `${dead.stdout.toString()}\n`);
    const logger = recordingLogger();
    const second = await startEmbeddedMongo({ dbPath, logger });
    expect(fs.readFileSync(path.join(dbPath, 'mongod.lock'), 'utf8').split('\n')[0]).toBe(
      String(process.pid),
    );
    await second.close();
    expect(fs.existsSync(path.join(dbPath, 'mongod.lock'))).toBe(false);
    expect(logger.warnings.join('\n')).toMatch(/stale lock/);
  });

  it('takes over a stale lock holding our own pid (PID 1 in a container after an unclean exit)', async () => {
    const dbPath = newDir();
    await withServer(dbPath, async (client) => {
      await client
        .db('app')
        .collection('c')
        .insertOne({ _id: 1 } as never);
    });
    // What the previous incarnation left behind: same pid, but it is not this process.
    fs.writeFileSync(path.join(dbPath, 'mongod.lock'), `${process.pid}\n`);
    const logger = recordingLogger();
    await withServer(
      dbPath,
      async (client) => {
        expect(await client.db('app').collection('c').countDocuments()).toBe(1);
      },
      logger,
    );
    expect(logger.warnings.join('\n')).toMatch(/taking over stale lock file/);
    expect(fs.existsSync(path.join(dbPath, 'mongod.lock'))).toBe(false);
  });

  it('refuses a directory locked by another live process', async () => {
    const dbPath = newDir();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      fs.writeFileSync(path.join(dbPath, 'mongod.lock'), `${child.pid}\n`);
      await expect(startEmbeddedMongo({ dbPath })).rejects.toThrow(
        new RegExp(`in use by process ${child.pid}`),
      );
      expect(fs.readFileSync(path.join(dbPath, 'mongod.lock'), 'utf8')).toBe(`${child.pid}\n`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('starts on an empty directory in a few milliseconds', async () => {
    const dbPath = newDir();
    const t0 = performance.now();
    const mongo = await startEmbeddedMongo({ dbPath });
    const ms = performance.now() - t0;
    await mongo.close();
    expect(ms).toBeLessThan(500);
  });
});
