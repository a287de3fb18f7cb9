import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes, type SessionEndedEvent } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';
import { startRedis, type RedisProcess } from '../../helpers/redis';
import { connectSocket, disconnected, nextEvent } from '../../helpers/socket';

/**
 * Two app processes share one database and one Redis: an admin acting on one instance reaches
 * sockets connected to the other (Socket.IO Redis adapter), and bus messages cross too.
 */
describe('two app instances behind Redis', () => {
  let redis: RedisProcess;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    redis = await startRedis();
    first = await startApp({ env: { REDIS_URL: redis.url } });
    second = await startApp({
      env: { REDIS_URL: redis.url, MONGODB_URL: first.database.url, MONGODB_DB: first.config.mongodbDb },
    });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await redis?.stop();
  });

  it('suspension on one instance ends a socket connected to the other', async () => {
    const adminUser = await buildUser(first.built.services, { role: 'admin' });
    const member = await buildUser(first.built.services);
    const admin = new TestClient(first.url);
    await admin.login(adminUser.email, TEST_PASSWORD);
    const memberClient = new TestClient(second.url);
    await memberClient.login(member.email, TEST_PASSWORD);
    const socket = await connectSocket(second.url, memberClient);
    const ended = nextEvent<SessionEndedEvent>(socket, 'session:ended', 2_000);
    const gone = disconnected(socket, 2_000);
    await admin.call(adminRoutes.suspendUser, { params: { id: member._id.toHexString() } });
    expect(await ended).toEqual({ reason: 'suspended' });
    await gone;
  });

  it('carries bus messages between instances', async () => {
    const received = new Promise<string>((resolve) => {
      void second.built.services.bus.subscribe('test:channel', resolve);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await first.built.services.bus.publish('test:channel', 'hello from the first instance');
    expect(await received).toBe('hello from the first instance');
  });
});
