import { Binary, type Document, MongoServerError, UUID } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, errorOf, openTestDb } from './helpers';

let t: TestDb;

beforeAll(async () => {
  t = await openTestDb('admin');
});
afterAll(async () => {
  await t.close();
});

describe('handshake and server commands', () => {
  it('hello describes a writable server the driver accepts', async () => {
    const hello = await t.db.admin().command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(21);
    expect(hello.minWireVersion).toBe(0);
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    expect(hello.maxMessageSizeBytes).toBe(48_000_000);
    expect(hello.maxWriteBatchSize).toBe(100_000);
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    expect(hello.localTime).toBeInstanceOf(Date);
    expect(typeof hello.connectionId).toBe('number');
    if (t.embedded) {
      expect(hello.compression).toBeUndefined();
      expect(hello.setName).toBeUndefined();
    }
    const legacy = await t.db.admin().command({ isMaster: 1 });
    expect(legacy.ismaster).toBe(true);
  });

  it('ping, buildInfo, listDatabases', async () => {
    expect((await t.db.admin().ping()).ok).toBe(1);
    const info = await t.db.admin().buildInfo();
    expect(info.versionArray[0]).toBeGreaterThanOrEqual(7);
    expect(typeof info.version).toBe('string');
    await t.db.collection('x').insertOne({ a: 1 });
    const dbs = await t.db.admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain(t.db.databaseName);
    const names = await t.db.admin().listDatabases({ nameOnly: true });
    expect(names.databases.map((d) => d.name)).toContain(t.db.databaseName);
  });
});

describe('databases', () => {
  it('listDatabases honours filter; dropDatabase removes the database from it', async () => {
    const name = `${t.db.databaseName}_ld`;
    const other = t.client.db(name);
    await other.collection('x').insertOne({ a: 1 });
    const names = async (filter?: Document): Promise<string[]> =>
      (await t.db.admin().listDatabases(filter ? { filter } : {})).databases.map((d) => d.name);
    expect(await names({ name })).toEqual([name]);
    expect(await names({ name: `${name}_missing` })).toEqual([]);
    expect(await names({ name: { $regex: `^${t.db.databaseName}_l` } })).toEqual([name]);
    const nameOnly = await t.db.admin().listDatabases({ nameOnly: true, filter: { name } });
    expect(nameOnly.databases).toEqual([{ name }]);
    expect(await other.dropDatabase()).toBe(true);
    expect(await names()).not.toContain(name);
    expect(await other.listCollections().toArray()).toEqual([]);
  });
});

describe('logical sessions', () => {
  it('endSessions ends the sessions the driver used, and unknown ones', async () => {
    const session = t.client.startSession();
    let id: Document | undefined;
    try {
      await t.db.collection('sessions').insertOne({ a: 1 }, { session });
      id = session.id;
    } finally {
      await session.endSession();
    }
    expect(id?.id).toBeInstanceOf(Binary);
    expect((id?.id as Binary).sub_type).toBe(Binary.SUBTYPE_UUID);
    const res = await t.db.admin().command({ endSessions: [id, { id: new UUID() }] });
    expect(res.ok).toBe(1);
    expect((await t.db.admin().command({ endSessions: [] })).ok).toBe(1);
    // Ending sessions does not disturb the connection or later implicit sessions.
    expect(await t.db.collection('sessions').countDocuments()).toBe(1);
  });

  it('endSessions rejects malformed session lists with MongoDB parser errors', async () => {
    const cases: Array<[string, Document, number, string]> = [
      ['not an array', { endSessions: 'abc' }, 14, 'TypeMismatch'],
      ['an element that is not a document', { endSessions: [1] }, 14, 'TypeMismatch'],
      ['a session without id', { endSessions: [{}] }, 40414, 'IDLFailedToParse'],
      ['an id that is not a UUID', { endSessions: [{ id: 'abc' }] }, 14, 'TypeMismatch'],
      ['an unknown field', { endSessions: [{ id: new UUID(), bogus: 1 }] }, 40415, 'IDLUnknownField'],
    ];
    for (const [what, command, code, codeName] of cases) {
      const e = await errorOf(() => t.db.admin().command(command));
      expect(e, what).toBeInstanceOf(MongoServerError);
      expect(e.code, what).toBe(code);
      expect(e.ok, what).toBe(0);
      expect(String(e.errmsg), what).toMatch(/^BSON field 'endSessions\.endSessions/);
      expect(e.codeName, what).toBe(codeName);
    }
  });
});

describe('collections', () => {
  it('create, listCollections (filter, nameOnly), rename, drop, dropDatabase', async () => {
    const db = t.client.db(`${t.db.databaseName}_colls`);
    await db.createCollection('alpha');
    await db.collection('beta').insertOne({ b: 1 });
    const all = await db.listCollections().toArray();
    expect(all.map((c) => c.name).sort()).toEqual(['alpha', 'beta']);
    expect(all.every((c) => c.type === 'collection')).toBe(true);
    const filtered = await db.listCollections({ name: 'beta' }, { nameOnly: true }).toArray();
    expect(filtered).toEqual([{ name: 'beta', type: 'collection' }]);
    const e = await errorOf(() => db.createCollection('alpha'));
    expect(e).toBeInstanceOf(MongoServerError);
    expect(e.code).toBe(48);
    await db.collection('beta').rename('gamma');
    expect(await db.collection('gamma').findOne({}, { projection: { _id: 0 } })).toEqual({ b: 1 });
    expect(await db.collection('alpha').drop()).toBe(true);
    // Dropping a missing collection is not an error since MongoDB 7.0.
    expect(await db.collection('alpha').drop()).toBe(true);
    expect(await db.dropDatabase()).toBe(true);
    expect(await db.listCollections().toArray()).toEqual([]);
  });
});

describe('MongoDB-shaped errors', () => {
  it('unknown commands are CommandNotFound (59)', async () => {
    const e = await errorOf(() => t.db.command({ nonsense: 1 }));
    expect(e).toBeInstanceOf(MongoServerError);
    expect(e.code).toBe(59);
    expect(e.codeName).toBe('CommandNotFound');
    expect(String(e.errmsg)).toContain('nonsense');
  });

  it('transactions: clear "not supported" error on the embedded server, working on a replica set', async () => {
    const replicaSet = Boolean((await t.db.admin().command({ hello: 1 })).setName);
    const c = t.db.collection('txn');
    await c.insertOne({ seed: true });
    const session = t.client.startSession();
    try {
      if (t.embedded) {
        const e = await errorOf(() =>
          session.withTransaction(async () => {
            await c.insertOne({ inTxn: true }, { session });
          }),
        );
        expect(String(e.message)).toMatch(/not supported by the embedded MongoDB-compatible server/);
        expect(String(e.message)).toMatch(/run a real MongoDB server/);
        expect(await c.countDocuments({ inTxn: true })).toBe(0);
      } else if (!replicaSet) {
        // A standalone mongod refuses transactions too (the suite's CI uses a replica set).
        await expect(
          session.withTransaction(async () => {
            await c.insertOne({ inTxn: true }, { session });
          }),
        ).rejects.toThrow();
      } else {
        await session.withTransaction(async () => {
          await c.insertOne({ inTxn: true }, { session });
        });
        expect(await c.countDocuments({ inTxn: true })).toBe(1);
      }
    } finally {
      await session.endSession();
    }
  });

  it('transactions through startTransaction/commitTransaction fail the same way, writing nothing', async () => {
    if ((await t.db.admin().command({ hello: 1 })).setName) return; // a replica set runs them
    const c = t.db.collection('txn_explicit');
    const session = t.client.startSession();
    try {
      session.startTransaction();
      const e = await errorOf(() => c.insertOne({ inTxn: true }, { session }));
      expect(e).toBeInstanceOf(MongoServerError);
      if (t.embedded) {
        expect(e.code).toBe(115);
        expect(e.codeName).toBe('CommandNotSupported');
        expect(String(e.message)).toMatch(
          /^Transactions are not supported by the embedded MongoDB-compatible server.*run a real MongoDB server/,
        );
      }
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect(await c.countDocuments({})).toBe(0);
  });

  it('change streams: error code 40573 on the embedded server, events on a replica set', async () => {
    const replicaSet = Boolean((await t.db.admin().command({ hello: 1 })).setName);
    const c = t.db.collection('cs');
    const stream = c.watch();
    try {
      if (t.embedded) {
        const e = await errorOf(() => stream.tryNext());
        expect(e.code).toBe(40573);
        expect(String(e.message)).toMatch(/not supported by the embedded MongoDB-compatible server/);
        expect(String(e.message)).toMatch(/run a real MongoDB server/);
        // Database- and deployment-wide change streams too.
        for (const watcher of [t.db.watch(), t.client.watch()]) {
          try {
            const w = await errorOf(() => watcher.tryNext());
            expect(w.code).toBe(40573);
            expect(String(w.message)).toMatch(/not supported by the embedded MongoDB-compatible server/);
          } finally {
            await watcher.close();
          }
        }
      } else if (!replicaSet) {
        expect((await errorOf(() => stream.tryNext())).code).toBe(40573);
      } else {
        await stream.tryNext();
        await c.insertOne({ watched: true });
        let change = null;
        for (let i = 0; i < 50 && !change; i++) change = await stream.tryNext();
        expect(change?.operationType).toBe('insert');
      }
    } finally {
      await stream.close();
    }
  });

  it('BadValue and FailedToParse shapes', async () => {
    const c = t.db.collection('errs');
    await c.insertOne({ _id: 1 } as never);
    const multiReplace = await errorOf(() =>
      t.db.command({ update: 'errs', updates: [{ q: {}, u: { a: 1 }, multi: true }] }).then((r) => {
        if (r.writeErrors) throw Object.assign(new Error('write error'), r.writeErrors[0]);
      }),
    );
    expect(multiReplace.code).toBe(9);
    const badArrayId = await errorOf(() => c.insertOne({ _id: [1, 2] } as never));
    expect(badArrayId.code).toBe(2);
  });
});
