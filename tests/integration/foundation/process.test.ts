import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryRoutes } from '@serantau/shared';
import { DEMO_PASSWORD, DEMO_USERS } from '@serantau/server/seed/demo-data';
import { TestClient } from '../../helpers/http';
import { startServerProcess } from '../../helpers/server-process';

describe('the server process', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'serantau-process-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on the embedded database with demo data, shuts down cleanly, and seeds idempotently', async () => {
    const env = { NODE_ENV: 'development', DATA_DIR: dataDir };
    const first = await startServerProcess(env);
    expect(first.output()).toContain('Demo logins');
    expect(first.output()).toContain('admin@serantau.demo');
    const admin = new TestClient(first.url);
    await admin.login('admin@serantau.demo', DEMO_PASSWORD);
    const members = await admin.call(directoryRoutes.members, { query: { limit: 100 } });
    expect(members.body.items).toHaveLength(DEMO_USERS.length);
    const countries = new Set(members.body.items.map((user) => user.country));
    expect(countries.size).toBeGreaterThanOrEqual(4);
    expect(new Set(members.body.items.map((user) => user.role))).toEqual(
      new Set(['admin', 'moderator', 'member', 'observer']),
    );
    expect(await first.stop('SIGTERM')).toBe(0);

    // The data directory lock was released, and a second start adds nothing twice.
    const second = await startServerProcess(env);
    const again = new TestClient(second.url);
    await again.login('maria@serantau.demo', DEMO_PASSWORD);
    expect((await again.call(directoryRoutes.members, { query: { limit: 100 } })).body.items).toHaveLength(
      DEMO_USERS.length,
    );
    expect(await second.stop('SIGINT')).toBe(0);
  });

  it('never seeds in production and refuses to start without a session secret', async () => {
    const refused = startServerProcess({ NODE_ENV: 'production', DATA_DIR: path.join(dataDir, 'prod-a') });
    await expect(refused).rejects.toThrow(/SESSION_SECRET: required in production/);
    const production = await startServerProcess({
      NODE_ENV: 'production',
      DATA_DIR: path.join(dataDir, 'prod-b'),
      SESSION_SECRET: 'a-production-secret-of-at-least-32-characters',
    });
    expect(production.output()).not.toContain('Demo logins');
    await expect(
      new TestClient(production.url).login('admin@serantau.demo', DEMO_PASSWORD),
    ).rejects.toThrow();
    expect(await production.stop()).toBe(0);
  });
});
