import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes, authRoutes } from '@serantau/shared';
import { totpCodeAt } from '@serantau/server/modules/auth/totp';
import { startApp, type TestApp } from '../../helpers/app';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';

// Start at real time: the database's TTL sweep runs on the real clock.
let now = new Date();
const clock = () => now;
const advance = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};

/** Enrols a signed-in client in 2FA; returns the secret and recovery codes. */
async function enrol(client: TestClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await client.call(authRoutes.twoFactorSetup);
  expect(setup.status).toBe(200);
  expect(setup.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
  expect(setup.body.otpauthUrl).toContain('issuer=Serantau');
  const enable = await client.call(authRoutes.twoFactorEnable, {
    body: { code: totpCodeAt(setup.body.secret, now.getTime()) },
  });
  expect(enable.status).toBe(200);
  expect(enable.body.recoveryCodes).toHaveLength(10);
  return { secret: setup.body.secret, recoveryCodes: enable.body.recoveryCodes };
}

describe('two-factor authentication', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ clock });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('enrols with a QR code, signs out other sessions and then asks for a code at sign-in', async () => {
    const user = await buildUser(app.built.services);
    const desk = new TestClient(app.url);
    const elsewhere = new TestClient(app.url);
    await desk.login(user.email, TEST_PASSWORD);
    await elsewhere.login(user.email, TEST_PASSWORD);
    const before = desk.cookie;
    const { secret } = await enrol(desk);
    expect(desk.cookie).not.toBe(before);
    expect((await elsewhere.call(authRoutes.me)).status).toBe(401);
    expect((await desk.call(authRoutes.me)).body.user.twoFactorEnabled).toBe(true);
    const stored = await app.database.db.collection('users').findOne({ _id: user._id });
    expect(JSON.stringify(stored)).not.toContain(secret);

    advance(60);
    const next = new TestClient(app.url);
    const step1 = await next.call(authRoutes.login, { body: { email: user.email, password: TEST_PASSWORD } });
    expect(step1.body.status).toBe('two_factor_required');
    expect((await next.call(authRoutes.me)).body).toMatchObject({ error: { code: 'TWO_FACTOR_REQUIRED' } });
    const pendingCookie = next.cookie;
    const step2 = await next.call(authRoutes.secondFactor, {
      body: { code: totpCodeAt(secret, now.getTime()) },
    });
    expect(step2.status).toBe(200);
    expect(next.cookie).not.toBe(pendingCookie);
    expect((await next.call(authRoutes.me)).status).toBe(200);
  });

  it('resumes a half-finished sign-in after a reload', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const { secret } = await enrol(client);
    advance(60);
    const browser = new TestClient(app.url);
    await browser.call(authRoutes.login, { body: { email: user.email, password: TEST_PASSWORD } });
    const reloaded = new TestClient(app.url);
    reloaded.cookie = browser.cookie; // a reload keeps the cookie but loses the page's memory
    expect((await reloaded.call(authRoutes.me)).body).toMatchObject({
      error: { code: 'TWO_FACTOR_REQUIRED' },
    });
    const pending = await reloaded.call(authRoutes.pendingSignIn);
    expect(pending.body.status).toBe('two_factor_required');
    const done = await reloaded.call(authRoutes.secondFactor, {
      body: { code: totpCodeAt(secret, now.getTime()) },
    });
    expect(done.status).toBe(200);
    expect((await new TestClient(app.url).call(authRoutes.pendingSignIn)).body).toEqual({ status: 'none' });
  });

  it('never accepts the same code twice', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const { secret } = await enrol(client);
    advance(90);
    const code = totpCodeAt(secret, now.getTime());
    const first = new TestClient(app.url);
    await first.login(user.email, TEST_PASSWORD);
    expect((await first.call(authRoutes.secondFactor, { body: { code } })).status).toBe(200);
    const replay = new TestClient(app.url);
    await replay.login(user.email, TEST_PASSWORD);
    const replayed = await replay.call(authRoutes.secondFactor, { body: { code } });
    expect(replayed.status).toBe(401);
    expect(replayed.body).toMatchObject({ error: { code: 'INVALID_TWO_FACTOR_CODE' } });
  });

  it('accepts each recovery code once', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const { recoveryCodes } = await enrol(client);
    const recoveryCode = recoveryCodes[0] ?? '';
    const first = new TestClient(app.url);
    await first.login(user.email, TEST_PASSWORD);
    expect(
      (await first.call(authRoutes.secondFactor, { body: { recoveryCode: recoveryCode.toUpperCase() } }))
        .status,
    ).toBe(200);
    const again = new TestClient(app.url);
    await again.login(user.email, TEST_PASSWORD);
    expect((await again.call(authRoutes.secondFactor, { body: { recoveryCode } })).status).toBe(401);
  });

  it('limits wrong codes across sign-ins: knowing the password buys no fresh guesses', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const { secret } = await enrol(client);
    const statuses: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      const attacker = new TestClient(app.url);
      const step1 = await attacker.call(authRoutes.login, {
        body: { email: user.email, password: TEST_PASSWORD },
      });
      if (step1.status !== 200) {
        statuses.push(step1.status);
        continue;
      }
      for (let guess = 0; guess < 4; guess += 1) {
        statuses.push((await attacker.call(authRoutes.secondFactor, { body: { code: '000000' } })).status);
      }
    }
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.at(-1)).toBe(429);
    // Locked for the owner too until the hour passes: the right code is not even checked.
    const owner = new TestClient(app.url);
    await owner.login(user.email, TEST_PASSWORD);
    const locked = await owner.call(authRoutes.secondFactor, {
      body: { code: totpCodeAt(secret, now.getTime()) },
    });
    expect(locked.status).toBe(429);
    advance(61 * 60);
    const later = new TestClient(app.url);
    await later.login(user.email, TEST_PASSWORD);
    expect(
      (await later.call(authRoutes.secondFactor, { body: { code: totpCodeAt(secret, now.getTime()) } }))
        .status,
    ).toBe(200);
  });

  it('a code used to regenerate recovery codes cannot be replayed at sign-in', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const { secret } = await enrol(client);
    advance(60);
    const code = totpCodeAt(secret, now.getTime());
    const regenerated = await client.call(authRoutes.regenerateRecoveryCodes, { body: { code } });
    expect(regenerated.status).toBe(200);
    const replay = new TestClient(app.url);
    await replay.login(user.email, TEST_PASSWORD);
    expect((await replay.call(authRoutes.secondFactor, { body: { code } })).status).toBe(401);
    const stored = await app.database.db.collection('users').findOne({ _id: user._id });
    const newCode = regenerated.status === 200 ? (regenerated.body.recoveryCodes[0] ?? '') : '';
    expect(JSON.stringify(stored)).not.toContain(newCode.replace('-', ''));
  });

  it('ends the pending sign-in after five wrong codes', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    await enrol(client);
    const attacker = new TestClient(app.url);
    await attacker.login(user.email, TEST_PASSWORD);
    const results: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      results.push((await attacker.call(authRoutes.secondFactor, { body: { code: '000000' } })).status);
    }
    expect(results).toEqual([401, 401, 401, 401, 401]);
    const after = await attacker.call(authRoutes.secondFactor, { body: { code: '000000' } });
    expect(after.body).toMatchObject({
      error: { code: expect.stringMatching(/UNAUTHENTICATED|RATE_LIMITED/) },
    });
  });

  it('has no path around the second factor: password change and invitations cannot skip it', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    await enrol(client);
    const pending = new TestClient(app.url);
    await pending.login(user.email, TEST_PASSWORD);
    for (const attempt of [
      pending.call(authRoutes.changePassword, {
        body: { currentPassword: TEST_PASSWORD, newPassword: 'another long passphrase' },
      }),
      pending.call(authRoutes.sessions),
      pending.call(authRoutes.twoFactorSetup),
      pending.request('GET', '/api/directory/members'),
    ]) {
      const result = await attempt;
      expect(result.status).toBe(401);
      expect(result.body).toMatchObject({ error: { code: 'TWO_FACTOR_REQUIRED' } });
    }
  });

  it('when the network requires 2FA, a member without it can only enrol', async () => {
    const admin = await buildUser(app.built.services, { role: 'admin' });
    const adminClient = new TestClient(app.url);
    await adminClient.login(admin.email, TEST_PASSWORD);
    await enrol(adminClient);

    const member = await buildUser(app.built.services);
    const alreadySignedIn = new TestClient(app.url);
    await alreadySignedIn.login(member.email, TEST_PASSWORD);

    const turnOn = await adminClient.call(adminRoutes.updateSettings, { body: { requireTwoFactor: true } });
    expect(turnOn.body, JSON.stringify(turnOn.body)).toMatchObject({ requireTwoFactor: true });
    advance(6); // settings cache

    const existing = await alreadySignedIn.request('GET', '/api/directory/members');
    expect(existing.body).toMatchObject({ error: { code: 'TWO_FACTOR_ENROLMENT_REQUIRED' } });

    const fresh = new TestClient(app.url);
    const login = await fresh.call(authRoutes.login, {
      body: { email: member.email, password: TEST_PASSWORD },
    });
    expect(login.body.status).toBe('two_factor_enrolment_required');
    expect((await fresh.request('GET', '/api/directory/members')).status).toBe(403);
    await enrol(fresh);
    expect((await fresh.request('GET', '/api/directory/members')).status).toBe(200);

    const disable = await fresh.call(authRoutes.twoFactorDisable, {
      body: { password: TEST_PASSWORD, code: '123456' },
    });
    expect(disable.status).toBe(403);
    advance(31);
    await adminClient.call(adminRoutes.updateSettings, { body: { requireTwoFactor: false } });
  });
});
