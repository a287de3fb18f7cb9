import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes, authRoutes, type CurrentUser, type SessionEndedEvent } from '@serantau/shared';
import { startApp, TEST_ORIGIN, type TestApp } from '../../helpers/app';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';
import { connectSocket, disconnected, emitAck, nextEvent } from '../../helpers/socket';

describe('live connections follow the session', () => {
  let app: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    app = await startApp();
    const adminUser = await buildUser(app.built.services, { role: 'admin' });
    admin = new TestClient(app.url);
    await admin.login(adminUser.email, TEST_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses a socket without a session, or from a foreign origin (websocket and polling)', async () => {
    await expect(connectSocket(app.url, new TestClient(app.url))).rejects.toThrow();
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    for (const transports of [['websocket'], ['polling']] as const) {
      await expect(
        connectSocket(app.url, client, { origin: 'https://evil.example', transports: [...transports] }),
      ).rejects.toThrow();
      const ok = await connectSocket(app.url, client, { origin: TEST_ORIGIN, transports: [...transports] });
      const ping = await emitAck<{ serverTime: string }>(ok, 'system:ping', {});
      expect(ping.ok).toBe(true);
      ok.disconnect();
    }
  });

  it('answers malformed socket payloads with an error ack', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const socket = await connectSocket(app.url, client);
    const result = await emitAck(socket, 'system:ping', { $where: 'sleep(1000)' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    socket.disconnect();
  });

  it('suspension ends the HTTP session and the socket within a second, and sign-in is refused', async () => {
    const user = await buildUser(app.built.services, { country: 'KH' });
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const socket = await connectSocket(app.url, client);
    const ended = nextEvent<SessionEndedEvent>(socket, 'session:ended', 1_000);
    const gone = disconnected(socket, 1_000);

    const suspend = await admin.call(adminRoutes.suspendUser, { params: { id: user._id.toHexString() } });
    expect(suspend.body.status).toBe('suspended');
    expect(await ended).toEqual({ reason: 'suspended' });
    expect(await gone).toBe('io server disconnect');
    expect((await client.call(authRoutes.me)).status).toBe(401);
    await expect(connectSocket(app.url, client)).rejects.toThrow();

    const login = await new TestClient(app.url).call(authRoutes.login, {
      body: { email: user.email, password: TEST_PASSWORD },
    });
    expect(login.status).toBe(403);
    expect(login.body).toMatchObject({ error: { code: 'ACCOUNT_SUSPENDED' } });

    await admin.call(adminRoutes.reactivateUser, { params: { id: user._id.toHexString() } });
    await new TestClient(app.url).login(user.email, TEST_PASSWORD);
  });

  it('tells a member’s open tabs at once when an admin changes their account', async () => {
    const user = await buildUser(app.built.services, { country: 'LA' });
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const socket = await connectSocket(app.url, client);
    const updated = nextEvent<CurrentUser>(socket, 'account:updated', 1_000);
    const change = await admin.call(adminRoutes.updateUser, {
      params: { id: user._id.toHexString() },
      body: { title: 'Chief prosecutor', contactPoint: 'Focal point for extradition' },
    });
    expect(change.status).toBe(200);
    expect(await updated).toMatchObject({
      id: user._id.toHexString(),
      title: 'Chief prosecutor',
      country: 'LA',
    });
    socket.disconnect();
  });

  it('a change of role or country ends the member’s sessions and sockets: nothing keeps the old access', async () => {
    const user = await buildUser(app.built.services, { country: 'MY' });
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const socket = await connectSocket(app.url, client);
    const ended = nextEvent<SessionEndedEvent>(socket, 'session:ended', 1_000);
    await admin.call(adminRoutes.updateUser, {
      params: { id: user._id.toHexString() },
      body: { country: 'TH' },
    });
    expect(await ended).toEqual({ reason: 'access_changed' });
    expect((await client.call(authRoutes.me)).status).toBe(401);
  });

  it('the automatic latency ping does not count as activity (idle expiry still applies)', async () => {
    const user = await buildUser(app.built.services);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    const socket = await connectSocket(app.url, client);
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const sessions = app.database.db.collection('sessions');
    await sessions.updateMany({ userId: user._id }, { $set: { lastSeenAt: tenMinutesAgo } });
    for (let ping = 0; ping < 3; ping += 1) expect((await emitAck(socket, 'system:ping', {})).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await sessions.findOne({ userId: user._id }))?.lastSeenAt).toEqual(tenMinutesAgo);
    socket.disconnect();
  });

  it('logging out closes that session’s sockets only', async () => {
    const user = await buildUser(app.built.services);
    const laptop = new TestClient(app.url);
    const phone = new TestClient(app.url);
    await laptop.login(user.email, TEST_PASSWORD);
    await phone.login(user.email, TEST_PASSWORD);
    const laptopSocket = await connectSocket(app.url, laptop);
    const phoneSocket = await connectSocket(app.url, phone);
    const gone = disconnected(laptopSocket, 1_000);
    await laptop.call(authRoutes.logout);
    await gone;
    const ping = await emitAck(phoneSocket, 'system:ping', {});
    expect(ping.ok).toBe(true);
    phoneSocket.disconnect();
  });
});

describe('socket expiry', () => {
  it('disconnects sockets whose session expired while idle', async () => {
    const app = await startApp();
    try {
      const user = await buildUser(app.built.services);
      const client = new TestClient(app.url);
      await client.login(user.email, TEST_PASSWORD);
      const socket = await connectSocket(app.url, client);
      // The session's expiry is stored; moving the database's view of it into the past expires it.
      await app.database.db
        .collection('sessions')
        .updateMany({ userId: user._id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      const gone = disconnected(socket, 3_000);
      await app.built.gateway.sweepNow();
      expect(await gone).toBe('io server disconnect');
    } finally {
      await app.close();
    }
  });
});
