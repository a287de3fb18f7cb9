import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ObjectId, type Db } from 'mongodb';
import { auditChainKey } from '@serantau/server/modules/audit/hash-chain';
import { createAuditRepo } from '@serantau/server/modules/audit/repo';
import { adminRoutes, auditRoutes } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';
import { runTs } from '../../helpers/process';

describe('hash-chained audit log', () => {
  let app: TestApp;
  let admin: TestClient;
  const log = () =>
    app.database.db.collection<{ _id: number; details: Record<string, unknown>; hash: string }>('audit_log');
  const cliEnv = () => ({
    NODE_ENV: 'test',
    SESSION_SECRET: app.config.sessionSecret,
    MONGODB_URL: app.database.url,
    MONGODB_DB: app.config.mongodbDb,
    LOG_LEVEL: 'silent',
  });

  beforeAll(async () => {
    app = await startApp();
    const adminUser = await buildUser(app.built.services, { role: 'admin' });
    admin = new TestClient(app.url);
    await admin.login(adminUser.email, TEST_PASSWORD);
    const member = await buildUser(app.built.services);
    await admin.call(adminRoutes.suspendUser, { params: { id: member._id.toHexString() } });
    await admin.call(adminRoutes.reactivateUser, { params: { id: member._id.toHexString() } });
    await admin.call(adminRoutes.updateSettings, { body: { observersMayContribute: true } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('records who did what, when and from where, without secrets', async () => {
    const entries = await admin.call(auditRoutes.list, { query: { limit: 50 } });
    const actions = entries.body.items.map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.login', 'user.suspend', 'user.reactivate', 'settings.update']),
    );
    const suspend = entries.body.items.find((entry) => entry.action === 'user.suspend');
    expect(suspend).toMatchObject({ outcome: 'allowed', targetType: 'user', ip: '127.0.0.1' });
    expect(JSON.stringify(entries.body)).not.toContain(TEST_PASSWORD);
    expect(entries.body.items.map((entry) => entry.seq)).toEqual(
      [...entries.body.items.map((entry) => entry.seq)].sort((a, b) => b - a),
    );
  });

  it('verifies an intact chain, through the API and the operator command', async () => {
    const verified = await admin.call(auditRoutes.verify);
    expect(verified.body).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(verified.body.checked).toBe(4);
    const cli = await runTs('server/src/cli/audit-verify.ts', [], cliEnv());
    expect(cli.stdout).toMatch(/Audit log intact: \d+ entries verified/);
    expect(cli.code).toBe(0);
  });

  it('reports an altered entry by number', async () => {
    const original = await log().findOne({ _id: 3 });
    await log().updateOne({ _id: 3 }, { $set: { 'details.note': 'quietly edited' } });
    const result = await admin.call(auditRoutes.verify);
    expect(result.body).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
      reason: expect.stringContaining('altered'),
    });
    const cli = await runTs('server/src/cli/audit-verify.ts', [], cliEnv());
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('AUDIT LOG BROKEN at entry 3');
    if (!original) throw new Error('fixture entry missing');
    const { _id: _originalId, ...originalFields } = original;
    await log().replaceOne({ _id: 3 }, originalFields);
    expect((await admin.call(auditRoutes.verify)).body.ok).toBe(true);
  });

  it('a chain rebuilt by someone with database access but without the audit secret does not verify', async () => {
    const { createHash } = await import('node:crypto');
    const { canonicalJson } = await import('@serantau/server/modules/audit/hash-chain');
    const entries = await log()
      .find({}, { sort: { _id: 1 } })
      .toArray();
    const backup = structuredClone(entries);
    // The attacker deletes entry 2 and rebuilds the chain with a plain hash, head record included.
    await log().deleteMany({});
    let prevHash = '0'.repeat(64);
    let seq = 0;
    for (const entry of entries.filter((candidate) => candidate._id !== 2)) {
      seq += 1;
      const { _id: _dropped, hash: _old, ...rest } = entry as unknown as Record<string, unknown>;
      const fields = { ...rest, seq, prevHash };
      const hash = createHash('sha256')
        .update(prevHash)
        .update('\n')
        .update(canonicalJson(fields))
        .digest('hex');
      await log().insertOne({ ...(fields as object), _id: seq, hash } as never);
      prevHash = hash;
    }
    await app.database.db
      .collection('audit_meta')
      .updateOne({ _id: 'head' as never }, { $set: { seq, hash: prevHash } });
    const result = await admin.call(auditRoutes.verify);
    expect(result.body).toMatchObject({ ok: false, firstBrokenSeq: 1 });
    await log().deleteMany({});
    await log().insertMany(backup);
    const last = backup.at(-1);
    await app.database.db
      .collection('audit_meta')
      .updateOne({ _id: 'head' as never }, { $set: { seq: last?._id, hash: last?.hash } });
    expect((await admin.call(auditRoutes.verify)).body.ok).toBe(true);
  });

  it('reports a removed entry, reordered entries and a truncated tail', async () => {
    const second = await log().findOne({ _id: 2 });
    const third = await log().findOne({ _id: 3 });
    if (!second || !third) throw new Error('fixture entries missing');

    await log().deleteOne({ _id: 2 });
    expect((await admin.call(auditRoutes.verify)).body).toMatchObject({ ok: false, firstBrokenSeq: 2 });
    await log().insertOne(second);

    const { _id: _secondId, ...secondFields } = second;
    const { _id: _thirdId, ...thirdFields } = third;
    await log().replaceOne({ _id: 2 }, thirdFields);
    await log().replaceOne({ _id: 3 }, secondFields);
    expect((await admin.call(auditRoutes.verify)).body).toMatchObject({ ok: false, firstBrokenSeq: 2 });
    await log().replaceOne({ _id: 2 }, secondFields);
    await log().replaceOne({ _id: 3 }, thirdFields);
    expect((await admin.call(auditRoutes.verify)).body.ok).toBe(true);

    const last = await log()
      .find({}, { sort: { _id: -1 }, limit: 1 })
      .next();
    if (!last) throw new Error('empty log');
    await log().deleteOne({ _id: last._id });
    const truncated = await admin.call(auditRoutes.verify);
    // The verify call itself appends nothing, so the head still names the removed entry.
    expect(truncated.body).toMatchObject({ ok: false, reason: expect.stringContaining('removed') });
    await log().insertOne(last);
  });
});

describe('admin CLI', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates the first admin, who can then sign in; refuses duplicates and bad input', async () => {
    const env = {
      NODE_ENV: 'test',
      SESSION_SECRET: app.config.sessionSecret,
      MONGODB_URL: app.database.url,
      MONGODB_DB: app.config.mongodbDb,
      LOG_LEVEL: 'silent',
    };
    const args = [
      'create-user',
      '--email',
      'Chief@Example.org',
      '--name',
      'Chief Admin',
      '--country',
      'SG',
      '--role',
      'admin',
    ];
    const created = await runTs(
      'server/src/cli/admin.ts',
      [...args, '--password', 'a long operator passphrase'],
      env,
    );
    expect(created.stderr).toContain('--password is visible');
    expect(created.stdout).toContain('Created admin chief@example.org');
    expect(created.code).toBe(0);
    // The CLI closes its database straight after recording: the head record must already name its entry.
    const cliEntry = await app.database.db
      .collection<{ _id: number; hash: string; action: string }>('audit_log')
      .findOne({ action: 'user.create_cli' });
    expect(await app.database.db.collection('audit_meta').findOne({})).toMatchObject({
      seq: cliEntry?._id,
      hash: cliEntry?.hash,
    });
    await new TestClient(app.url).login('chief@example.org', 'a long operator passphrase');

    const duplicate = await runTs(
      'server/src/cli/admin.ts',
      [...args, '--password', 'a long operator passphrase'],
      env,
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');

    const badRole = await runTs(
      'server/src/cli/admin.ts',
      [
        'create-user',
        '--email',
        'x@example.org',
        '--name',
        'X Person',
        '--country',
        'SG',
        '--role',
        'emperor',
        '--password',
        'a long operator passphrase',
      ],
      env,
    );
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('--role');

    const noPassword = await runTs(
      'server/src/cli/admin.ts',
      [
        'create-user',
        '--email',
        'y@example.org',
        '--name',
        'Y Person',
        '--country',
        'SG',
        '--role',
        'member',
      ],
      env,
    );
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain('SERANTAU_ADMIN_PASSWORD');

    const fromEnv = await runTs(
      'server/src/cli/admin.ts',
      [
        'create-user',
        '--email',
        'z@example.org',
        '--name',
        'Z Person',
        '--country',
        'TL',
        '--role',
        'member',
      ],
      { ...env, SERANTAU_ADMIN_PASSWORD: 'another operator passphrase' },
    );
    expect(fromEnv.code).toBe(0);
    await new TestClient(app.url).login('z@example.org', 'another operator passphrase');
  });
});

describe('audit chain appends', () => {
  let app: TestApp;
  let chainDb: Db;
  const key = auditChainKey('a-chain-test-secret-of-at-least-32-characters');

  beforeAll(async () => {
    app = await startApp();
  });
  beforeEach(async () => {
    // A database of its own per test: the app's chain is not touched.
    chainDb = app.database.client.db(`audit_chain_${new ObjectId().toHexString()}`);
    await chainDb.collection('audit_log').createIndex({ caseId: 1, _id: -1 });
  });
  afterAll(async () => {
    await app?.close();
  });

  const entry = (action: string) => ({
    actorId: null,
    actorName: null,
    action,
    targetType: 'test',
    targetId: null,
    caseId: null,
    outcome: 'allowed' as const,
    ip: null,
    details: {},
  });

  it('two appenders on one database (two processes) interleave into one chain that verifies', async () => {
    const first = createAuditRepo(chainDb, key);
    const second = createAuditRepo(chainDb, key);
    const written = [];
    for (let round = 0; round < 4; round += 1) {
      written.push(
        ...(await Promise.all([
          first.append(entry(`first.${round}`)),
          second.append(entry(`second.${round}`)),
          first.append(entry(`first.${round}b`)),
        ])),
      );
    }
    expect(written.map((doc) => doc._id).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, index) => index + 1),
    );
    const verified = await first.verify();
    expect(verified).toMatchObject({ ok: true, checked: 12 });
    await second.settled();
    const headDoc = await chainDb.collection('audit_meta').findOne({});
    expect(headDoc).toMatchObject({ seq: 12 });
  });

  it('an entry is in the log when its append resolves; the head follows before the next append', async () => {
    const repo = createAuditRepo(chainDb, key);
    const doc = await repo.append(entry('one'));
    expect(await chainDb.collection('audit_log').findOne({ _id: doc._id as never })).toMatchObject({
      hash: doc.hash,
    });
    const next = await repo.append(entry('two'));
    // The second append began only after the first one's head record was written.
    const headAtSecond = await chainDb.collection('audit_meta').findOne({});
    expect(headAtSecond?.seq).toBeGreaterThanOrEqual(doc._id);
    await repo.settled();
    expect(await chainDb.collection('audit_meta').findOne({})).toMatchObject({
      seq: next._id,
      hash: next.hash,
    });
  });

  it('links after entries another process wrote since its last append', async () => {
    const server = createAuditRepo(chainDb, key);
    const cli = createAuditRepo(chainDb, key);
    await server.append(entry('server.before'));
    await cli.append(entry('cli.one'));
    await cli.append(entry('cli.two'));
    const after = await server.append(entry('server.after'));
    expect(after._id).toBe(4);
    expect(after.prevHash).toBe((await chainDb.collection('audit_log').findOne({ _id: 3 as never }))?.hash);
    expect(await server.verify()).toMatchObject({ ok: true, checked: 4 });
  });
});
