import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authRoutes } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';

// Start at real time: the database's TTL sweep runs on the real clock.
let now = new Date();
const clock = () => now;

describe('login throttling', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ clock });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('locks an account after five wrong passwords, even for the right one, with a clear 429', async () => {
    const user = await buildUser(app.built.services);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await new TestClient(app.url).call(authRoutes.login, {
        body: { email: user.email, password: `guess-${attempt}` },
      });
      expect(wrong.status).toBe(401);
    }
    const locked = await new TestClient(app.url).call(authRoutes.login, {
      body: { email: user.email, password: TEST_PASSWORD },
    });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: { code: 'RATE_LIMITED', retryAfterSeconds: 900 } });
    expect(locked.headers.get('retry-after')).toBe('900');

    now = new Date(now.getTime() + 15 * 60_000 + 1000);
    const unlocked = await new TestClient(app.url).call(authRoutes.login, {
      body: { email: user.email, password: TEST_PASSWORD },
    });
    expect(unlocked.status).toBe(200);
  });

  it('evaluates at most five guesses of a parallel burst, even when one of them is right', async () => {
    const user = await buildUser(app.built.services);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_unused, index) =>
        new TestClient(app.url).call(authRoutes.login, {
          body: { email: user.email, password: index === 20 ? TEST_PASSWORD : `parallel-${index}` },
        }),
      ),
    );
    const evaluated = results.filter((result) => result.status === 401 || result.status === 200);
    expect(evaluated.length).toBeLessThanOrEqual(5);
    expect(results.filter((result) => result.status === 429).length).toBeGreaterThanOrEqual(35);
    if (!results.some((result) => result.status === 200)) {
      const next = await new TestClient(app.url).call(authRoutes.login, {
        body: { email: user.email, password: TEST_PASSWORD },
      });
      expect(next.status).toBe(429);
    }
  });

  it('limits one address spraying many accounts', async () => {
    // Earlier tests' failures came from this address too: start a fresh window.
    now = new Date(now.getTime() + 16 * 60_000);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 31; attempt += 1) {
      const result = await new TestClient(app.url).call(authRoutes.login, {
        body: { email: `sprayed-${attempt}@example.org`, password: 'Password1' },
      });
      statuses.push(result.status);
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
