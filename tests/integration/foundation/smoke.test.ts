import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authRoutes, systemRoutes } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { TestClient } from '../../helpers/http';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';

describe('app smoke', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers health and readiness', async () => {
    const client = new TestClient(app.url);
    const health = await client.call(systemRoutes.health);
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    const ready = await client.call(systemRoutes.ready);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', databaseReachable: true });
  });

  it('logs in and reads the current user', async () => {
    const user = await buildUser(app.built.services, { role: 'member', country: 'PH' });
    const client = new TestClient(app.url);
    const login = await client.call(authRoutes.login, {
      body: { email: user.email, password: TEST_PASSWORD },
    });
    expect(login.status).toBe(200);
    expect(login.body.status).toBe('authenticated');
    const me = await client.call(authRoutes.me);
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(user.email);
    expect(me.body.user.country).toBe('PH');
  });
});
