import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminRoutes,
  threadRoutes,
  type Message,
  type NotificationCreatedEvent,
  type SessionEndedEvent,
} from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import {
  closeSockets,
  collect,
  createChannel,
  send,
  signIn,
  sleep,
  startThread,
  waitFor,
  type Member,
} from '../../helpers/channels';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';
import { startRedis, type RedisProcess } from '../../helpers/redis';
import { connectSocket, disconnected, emitAck, nextEvent, type TestSocket } from '../../helpers/socket';

/**
 * Two app processes share one database and one Redis: an admin acting on one instance reaches
 * sockets connected to the other (Socket.IO Redis adapter), and bus messages cross too.
 */
describe('two app instances behind Redis', () => {
  let redis: RedisProcess;
  let first: TestApp;
  let second: TestApp;
  const members: Member[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    first = await startApp({ env: { REDIS_URL: redis.url } });
    second = await startApp({
      env: { REDIS_URL: redis.url, MONGODB_URL: first.database.url, MONGODB_DB: first.config.mongodbDb },
    });
  });
  afterAll(async () => {
    closeSockets(...members);
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

  it('a message sent through one instance reaches a member connected to the other, once, with its mention', async () => {
    const admin = await signIn(first, { role: 'admin', country: 'ASEAN-SEC' });
    const maria = await signIn(first, { country: 'PH', displayName: 'Maria' });
    const lan = await signIn(second, { country: 'VN', displayName: 'Lan' });
    members.push(admin, maria, lan);
    const channel = await createChannel(admin);
    const thread = await startThread(maria, channel.id, { title: 'Repatriation flights' });
    const subscribe = async (socket: TestSocket) => {
      const container = await emitAck(socket, 'container:subscribe', {
        container: { type: 'channel', id: channel.id },
      });
      expect(container).toMatchObject({ ok: true });
      expect(await emitAck(socket, 'thread:subscribe', { threadId: thread.id })).toMatchObject({ ok: true });
    };
    const mariaSocket = await maria.socket(); // instance one
    const lanSocket = await lan.socket(); // instance two
    await subscribe(mariaSocket);
    await subscribe(lanSocket);
    const seenByLan = collect<{ message: Message }>(lanSocket, 'message:created');
    const seenByMaria = collect<{ message: Message }>(mariaSocket, 'message:created');
    const lanNotifications = collect<NotificationCreatedEvent>(lanSocket, 'notification:created');

    const sent = await send(
      mariaSocket,
      thread.id,
      `@user:${lan.id} the flight leaves Kuala Lumpur at 09:40`,
    );
    await waitFor(() => seenByLan.length > 0, 3_000, 'the message on the other instance');
    await waitFor(
      () => lanNotifications.some((event) => event.notification.messageId === sent.id),
      3_000,
      'the mention on the other instance',
    );
    // In both the thread's and the channel's room, still delivered once.
    await sleep(200);
    expect(seenByLan.map((event) => event.message)).toEqual([sent]);
    expect(lanNotifications.map((event) => event.notification)).toEqual([
      expect.objectContaining({ kind: 'mention', threadId: thread.id, messageId: sent.id }),
    ]);

    // And back: a reply through the second instance reaches the first, and both read the same history.
    const reply = await send(lanSocket, thread.id, 'Confirmed, our consular officer will meet them');
    await waitFor(() => seenByMaria.some((event) => event.message.id === reply.id), 3_000, 'the reply');
    for (const member of [maria, lan]) {
      const history = await member.client.call(threadRoutes.messages, {
        params: { id: thread.id },
        query: {},
      });
      expect(history.body.items.map((message) => message.id)).toEqual(
        expect.arrayContaining([sent.id, reply.id]),
      );
    }
  });
});
