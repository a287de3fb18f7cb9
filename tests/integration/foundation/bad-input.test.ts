import fc from 'fast-check';
import type { CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GLOBAL_ROLES, type GlobalRole } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';
import { ALL_EXPECTATIONS } from '../policy/expectations';
import type { MatrixFixture, SampleInput } from '../policy/types';

/** Shapes that turned scalars into queries in other chat servers. */
const OPERATOR_OBJECTS = [
  { $gt: '' },
  { $ne: null },
  { $regex: '.*' },
  { $where: 'sleep(1000)' },
  { $in: ['a'] },
  { $exists: true },
  ['array', 'instead'],
  { __proto__: { polluted: true } },
];

/** Every scalar leaf of a JSON value, as a path. */
function scalarPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => scalarPaths(item, [...prefix, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => scalarPaths(inner, [...prefix, key]));
  }
  return prefix.length > 0 ? [prefix] : [];
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last !== undefined) cursor[last] = replacement;
  return copy;
}

describe('bad input is refused before it reaches the database', () => {
  let app: TestApp;
  let fixture: MatrixFixture;
  let admin: TestClient;
  const commands: CommandStartedEvent[] = [];

  beforeAll(async () => {
    app = await startApp();
    const users = {} as MatrixFixture['users'];
    for (const role of GLOBAL_ROLES as readonly GlobalRole[]) {
      const user = await buildUser(app.built.services, { role });
      users[role] = { id: user._id.toHexString(), email: user.email };
    }
    fixture = { app, users, missingId: 'ffffffffffffffffffffffff' };
    admin = new TestClient(app.url);
    await admin.login(users.admin.email, TEST_PASSWORD);
    app.database.client.on('commandStarted', (event) => commands.push(event));
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Commands that touch application data (session lookups for the request's own cookie excluded). */
  function dataCommands(): string[] {
    return commands
      .filter(
        (event) => !['sessions', 'users', 'settings'].includes(String(event.command[event.commandName])),
      )
      .map((event) => `${event.commandName} ${String(event.command[event.commandName])}`);
  }

  it('every body field replaced by an operator object → 400, and no query runs (property test)', async () => {
    const routesWithBodies = Object.entries(ALL_EXPECTATIONS)
      .map(([key, expectation]) => ({ key, sample: expectation.sample?.(fixture) }))
      .filter(
        (entry): entry is { key: string; sample: SampleInput & { body: object } } =>
          typeof entry.sample?.body === 'object' && entry.sample.body !== null,
      );
    expect(routesWithBodies.length).toBeGreaterThan(10);

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routesWithBodies),
        fc.constantFrom(...OPERATOR_OBJECTS),
        fc.nat(),
        async (route, operator, pick) => {
          const paths = scalarPaths(route.sample.body);
          fc.pre(paths.length > 0);
          const target = paths[pick % paths.length] ?? [];
          const body = replaceAt(route.sample.body, target, operator);
          const [method = 'GET', url = '/'] = route.key.split(' ');
          const path = url.replace(
            /:([A-Za-z0-9_]+)/g,
            (_m, name: string) => route.sample.params?.[name] ?? fixture.missingId,
          );
          commands.length = 0;
          const result = await admin.request(method, path, { body });
          expect(result.status, `${route.key} with ${target.join('.')} = ${JSON.stringify(operator)}`).toBe(
            400,
          );
          expect(result.body).toMatchObject({
            error: { code: expect.stringMatching(/VALIDATION_FAILED|BAD_REQUEST/) },
          });
          expect(dataCommands(), `${route.key} reached the database`).toEqual([]);
        },
      ),
      { numRuns: 150, seed: 20261123 },
    );
  });

  it('rejects operator injection in the login email before any user lookup', async () => {
    commands.length = 0;
    const result = await new TestClient(app.url).request('POST', '/api/auth/login', {
      body: { email: { $gt: '' }, password: { $gt: '' } },
    });
    expect(result.status).toBe(400);
    expect(commands.filter((event) => event.command.find === 'users')).toEqual([]);
  });

  it('rejects operator shapes in query strings', async () => {
    for (const query of [
      'q[$ne]=x',
      'country[$gt]=',
      'limit[$gt]=0',
      'role=admin&role=member',
      'unknown=1',
    ]) {
      const result = await admin.request('GET', `/api/directory/members?${query}`);
      expect(result.status, query).toBe(400);
    }
  });

  it('rejects prototype pollution in bodies', async () => {
    for (const raw of [
      '{"title":"x","__proto__":{"isAdmin":true}}',
      '{"title":"x","constructor":{"prototype":{"isAdmin":true}}}',
    ]) {
      const result = await admin.request('PATCH', '/api/auth/me', { rawBody: raw });
      expect(result.status, raw).toBe(400);
      expect(result.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('answers malformed, oversized and wrongly typed bodies with the JSON error shape', async () => {
    const malformed = await admin.request('PATCH', '/api/auth/me', { rawBody: '{"title": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });

    const huge = await admin.request('PATCH', '/api/auth/me', {
      rawBody: JSON.stringify({ title: 'x'.repeat(600_000) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    const text = await admin.request('PATCH', '/api/auth/me', {
      rawBody: 'title=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.body).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });

    const wrongType = await admin.request('PATCH', '/api/auth/me', { body: { languages: 'en' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ path: expect.stringContaining('languages') })],
      },
    });
  });

  it('answers unknown routes with a JSON 404 and never shows a stack trace', async () => {
    const unknown = await admin.request('GET', '/api/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    for (const result of [unknown, await admin.request('PATCH', '/api/auth/me', { rawBody: '{' })]) {
      expect(JSON.stringify(result.body)).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts:/);
    }
  });

  it('rejects bad ids in paths', async () => {
    for (const id of ['123', 'zzzzzzzzzzzzzzzzzzzzzzzz', '%7B%22%24gt%22%3A%22%22%7D']) {
      const result = await admin.request('GET', `/api/directory/members/${id}`);
      expect(result.status, id).toBe(400);
    }
  });
});
