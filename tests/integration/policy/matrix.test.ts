import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GLOBAL_ROLES, type GlobalRole } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';
import { ALL_EXPECTATIONS } from './expectations';
import type { MatrixFixture, RouteExpectation, SampleInput } from './types';

/** Routes served by plugins rather than contracts (OpenAPI UI and document). */
const PLUGIN_ROUTE = /^\/api\/docs(\/|$)/;

/**
 * SECURITY row 10: every registered route × every global role (and no session) against a deny-by-default
 * expectation. A route added without an expectation fails here.
 */
describe('policy matrix', () => {
  let app: TestApp;
  let fixture: MatrixFixture;
  const clients = new Map<GlobalRole, TestClient>();

  beforeAll(async () => {
    app = await startApp();
    const users = {} as MatrixFixture['users'];
    for (const role of GLOBAL_ROLES) {
      const user = await buildUser(app.built.services, { role, country: 'MY' });
      users[role] = { id: user._id.toHexString(), email: user.email };
    }
    fixture = { app, users, missingId: 'ffffffffffffffffffffffff' };
  });

  afterAll(async () => {
    await app?.close();
  });

  /** A fresh session per request: some routes (logout, password) end the session they run in. */
  async function signedIn(role: GlobalRole): Promise<TestClient> {
    const client = new TestClient(app.url);
    await client.login(fixture.users[role].email, TEST_PASSWORD);
    clients.set(role, client);
    return client;
  }

  function contractRoutes() {
    return app.built.registeredRoutes.filter(
      (route) => route.method !== 'HEAD' && route.url.startsWith('/api/') && !PLUGIN_ROUTE.test(route.url),
    );
  }

  function send(client: TestClient, method: string, url: string, sample: SampleInput) {
    let path = url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
      const value = sample.params?.[name];
      if (value === undefined) throw new Error(`sample for ${method} ${url} lacks param ${name}`);
      return encodeURIComponent(value);
    });
    if (sample.query) path += `?${new URLSearchParams(sample.query).toString()}`;
    return client.request(method, path, sample.body === undefined ? {} : { body: sample.body });
  }

  it('has an expectation for every registered route, and none for routes that do not exist', () => {
    const registered = new Set(contractRoutes().map((route) => `${route.method} ${route.url}`));
    const missing = [...registered].filter((key) => !(key in ALL_EXPECTATIONS));
    const stale = Object.keys(ALL_EXPECTATIONS).filter((key) => !registered.has(key));
    expect(missing, 'routes without a policy expectation').toEqual([]);
    expect(stale, 'expectations for routes that are not registered').toEqual([]);
  });

  it('every route registered through a shared contract', () => {
    const withoutContract = contractRoutes()
      .filter((route) => !route.contract)
      .map((route) => `${route.method} ${route.url}`);
    expect(withoutContract).toEqual([]);
  });

  it('refuses every non-public route without a session (401)', async () => {
    const failures: string[] = [];
    for (const route of contractRoutes()) {
      const expectation = ALL_EXPECTATIONS[`${route.method} ${route.url}`];
      if (!expectation || expectation.access === 'public') continue;
      const result = await send(new TestClient(app.url), route.method, route.url, sampleOf(expectation));
      const code = (result.body as { error?: { code?: string } } | null)?.error?.code;
      if (result.status !== 401 || code !== 'UNAUTHENTICATED') {
        failures.push(`${route.method} ${route.url} → ${result.status} ${code ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
  });

  for (const role of GLOBAL_ROLES) {
    it(`applies the global policy for ${role}s`, async () => {
      const failures: string[] = [];
      for (const route of contractRoutes()) {
        const key = `${route.method} ${route.url}`;
        const expectation = ALL_EXPECTATIONS[key];
        if (!expectation || expectation.access === 'public' || expectation.resourceScoped) continue;
        const client = await signedIn(role);
        const result = await send(client, route.method, route.url, sampleOf(expectation));
        const allowed = expectation.access === 'any-session' || expectation.access.includes(role);
        const body = result.body as { error?: { code?: string } } | null;
        const refusedByPolicy = ['UNAUTHENTICATED', 'FORBIDDEN', 'CSRF_FAILED'].includes(
          body?.error?.code ?? '',
        );
        if (allowed && refusedByPolicy) {
          failures.push(
            `${key}: ${role} should pass the policy, got ${result.status} ${body?.error?.code ?? ''}`,
          );
        }
        if (allowed && result.status === 400) {
          failures.push(`${key}: the matrix sample is invalid: ${JSON.stringify(result.body)}`);
        }
        if (!allowed && (result.status !== 403 || body?.error?.code !== 'FORBIDDEN')) {
          failures.push(
            `${key}: ${role} should get 403 FORBIDDEN, got ${result.status} ${body?.error?.code ?? ''}`,
          );
        }
      }
      expect(failures).toEqual([]);
    });
  }

  function sampleOf(expectation: RouteExpectation): SampleInput {
    return expectation.sample ? expectation.sample(fixture) : {};
  }
});
