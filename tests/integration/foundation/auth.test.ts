import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authRoutes } from '@serantau/shared';
import { startApp, TEST_ORIGIN, type TestApp } from '../../helpers/app';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';

// Start at real time: the database's TTL sweep runs on the real clock.
let now = new Date();
const clock = () => now;

describe('sign-in, sessions and CSRF', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp({ clock, env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '8' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sets an httpOnly SameSite=Lax session cookie and answers /me', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    const login = await client.call(authRoutes.login, {
      body: { email: user.email.toUpperCase(), password: TEST_PASSWORD },
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^serantau_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const me = await client.call(authRoutes.me);
    expect(me.body.user.id).toBe(user._id.toHexString());
    expect(JSON.stringify(me.body)).not.toContain('passwordHash');
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const user = await buildUser(app.built.services);
    const wrong = await new TestClient(app.url).call(authRoutes.login, {
      body: { email: user.email, password: 'nope-nope' },
    });
    const unknown = await new TestClient(app.url).call(authRoutes.login, {
      body: { email: 'nobody-here@example.org', password: 'nope-nope' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('stores only a keyed hash of the session token', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const token = decodeURIComponent((client.cookie ?? '').split('=')[1] ?? '');
    const stored = await app.database.db.collection('sessions').find({ userId: user._id }).toArray();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('logout revokes the session server-side', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const stolenCookie = client.cookie ?? '';
    const logout = await client.call(authRoutes.logout);
    expect(logout.status).toBe(200);
    const replay = await new TestClient(app.url).request('GET', '/api/auth/me', {
      headers: { cookie: stolenCookie },
    });
    expect(replay.status).toBe(401);
  });

  it('expires idle sessions and caps their absolute lifetime', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);

    now = new Date(now.getTime() + 29 * 60_000);
    expect((await client.call(authRoutes.me)).status).toBe(200);
    now = new Date(now.getTime() + 29 * 60_000);
    expect((await client.call(authRoutes.me)).status).toBe(200);
    now = new Date(now.getTime() + 31 * 60_000);
    const idle = await client.call(authRoutes.me);
    expect(idle.status).toBe(401);

    await client.login(user.email, TEST_PASSWORD);
    for (let minutes = 0; minutes < 8 * 60 - 20; minutes += 20) {
      now = new Date(now.getTime() + 20 * 60_000);
      expect(
        (await client.call(authRoutes.me)).status,
        `still valid after ${minutes + 20} min of activity`,
      ).toBe(200);
    }
    now = new Date(now.getTime() + 25 * 60_000);
    expect((await client.call(authRoutes.me)).status).toBe(401);
  });

  it('requires the CSRF token on state-changing requests made with the cookie', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const forged = await client.request('PATCH', '/api/auth/me', {
      body: { title: 'Changed by a forged request' },
      headers: { 'x-csrf-token': 'not-the-token' },
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ error: { code: 'CSRF_FAILED' } });
    const missing = await client.request('POST', '/api/auth/logout', { headers: { 'x-csrf-token': '' } });
    expect(missing.status).toBe(403);
    const genuine = await client.call(authRoutes.updateProfile, { body: { title: 'Chief prosecutor' } });
    expect(genuine.status).toBe(200);
    expect(genuine.body.title).toBe('Chief prosecutor');
  });

  it('refuses cross-origin state-changing requests even with a valid cookie and token', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const crossSite = await client.request('PATCH', '/api/auth/me', {
      body: { title: 'x' },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
    const loginCsrf = await new TestClient(app.url).request('POST', '/api/auth/login', {
      body: { email: user.email, password: TEST_PASSWORD },
      headers: { origin: 'https://evil.example' },
    });
    expect(loginCsrf.status).toBe(403);
    const sameSite = await client.request('PATCH', '/api/auth/me', {
      body: { title: 'y' },
      headers: { origin: TEST_ORIGIN },
    });
    expect(sameSite.status).toBe(200);
  });

  it('lists my sessions and signs one out', async () => {
    const user = await buildUser(app.built.services);
    const laptop = new TestClient(app.url);
    const phone = new TestClient(app.url);
    await laptop.login(user.email, TEST_PASSWORD);
    await phone.login(user.email, TEST_PASSWORD);
    const list = await laptop.call(authRoutes.sessions);
    expect(list.body.items).toHaveLength(2);
    const other = list.body.items.find((session) => !session.current);
    expect(other).toBeDefined();
    const revoke = await laptop.call(authRoutes.revokeSession, { params: { sessionId: other?.id ?? '' } });
    expect(revoke.status).toBe(200);
    expect((await phone.call(authRoutes.me)).status).toBe(401);
    expect((await laptop.call(authRoutes.me)).status).toBe(200);
  });

  it('changing the password signs out the other sessions and checks the current one', async () => {
    const user = await buildUser(app.built.services);
    const mine = new TestClient(app.url);
    const other = new TestClient(app.url);
    await mine.login(user.email, TEST_PASSWORD);
    await other.login(user.email, TEST_PASSWORD);
    const wrong = await mine.call(authRoutes.changePassword, {
      body: { currentPassword: 'wrong-one', newPassword: 'a brand new passphrase' },
    });
    expect(wrong.status).toBe(401);
    const changed = await mine.call(authRoutes.changePassword, {
      body: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(200);
    expect((await other.call(authRoutes.me)).status).toBe(401);
    expect((await mine.call(authRoutes.me)).status).toBe(200);
    await expect(new TestClient(app.url).login(user.email, TEST_PASSWORD)).rejects.toThrow();
    await new TestClient(app.url).login(user.email, 'a brand new passphrase');
  });
});

describe('session cookie over https', () => {
  it('is Secure and __Host- prefixed when PUBLIC_URL is https', async () => {
    const app = await startApp({ env: { PUBLIC_URL: 'https://serantau.example' } });
    try {
      const user = await buildUser(app.built.services);
      const login = await new TestClient(app.url).call(authRoutes.login, {
        body: { email: user.email, password: TEST_PASSWORD },
      });
      const cookie = login.headers.getSetCookie()[0] ?? '';
      expect(cookie).toMatch(/^__Host-serantau_session=/);
      expect(cookie).toMatch(/Secure/);
      expect(login.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    } finally {
      await app.close();
    }
  });
});
