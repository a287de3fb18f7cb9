import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemRoutes } from '@serantau/shared';
import { startEmbeddedMongo, type EmbeddedMongo } from '@serantau/server/db/embedded/index';
import { startApp, type TestApp } from '../../helpers/app';
import { sleep } from '../../helpers/channels';
import { TestClient } from '../../helpers/http';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy';

/**
 * Readiness follows the database: the real app talks to its database through a relay that the
 * test cuts, so the database becomes unreachable while the process keeps running.
 */
describe('/api/ready', () => {
  let dir: string;
  let mongo: EmbeddedMongo;
  let proxy: TcpProxy;
  let app: TestApp;
  let client: TestClient;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'serantau-ready-'));
    mongo = await startEmbeddedMongo({ dbPath: dir });
    proxy = await startTcpProxy({ host: '127.0.0.1', port: mongo.port });
    // A short heartbeat so the driver notices the outage, and the recovery, as it would in a long one.
    app = await startApp({
      env: {
        MONGODB_URL: `mongodb://127.0.0.1:${proxy.port}/?directConnection=true&heartbeatFrequencyMS=500`,
      },
    });
    client = new TestClient(app.url);
  });
  afterAll(async () => {
    proxy?.restore();
    await app?.close();
    await proxy?.close();
    await mongo?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 with its JSON body while the database is unreachable, and ready again once it is back', async () => {
    const ready = await client.call(systemRoutes.ready);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'mongodb', databaseReachable: true });

    proxy.cut();
    // The ping races a 2 s timer (the driver alone would wait for server selection, 10–30 s):
    // a readiness probe with a 5 s timeout must get its 503, not a timeout.
    const askedAt = Date.now();
    const down = await client.call(systemRoutes.ready);
    expect(Date.now() - askedAt).toBeLessThan(5_000);
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toMatch(/^application\/json/);
    expect(down.body).toEqual({ status: 'not_ready', database: 'mongodb', databaseReachable: false });
    // Liveness does not depend on the database: the process is up, only not ready.
    const health = await client.call(systemRoutes.health);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok' });

    // The driver reconnects on its own; readiness follows within a few heartbeats.
    proxy.restore();
    const deadline = Date.now() + 20_000;
    let again = await client.call(systemRoutes.ready);
    while (again.status !== 200 && Date.now() < deadline) {
      await sleep(250);
      again = await client.call(systemRoutes.ready);
    }
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'ready', database: 'mongodb', databaseReachable: true });
  });
});
