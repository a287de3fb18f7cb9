import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes, channelRoutes, threadRoutes, type Message } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import {
  clientId,
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
import { disconnected, emitAck } from '../../helpers/socket';

describe('channels: who may read and post', () => {
  let app: TestApp;
  let admin: Member;
  let moderator: Member;
  let insider: Member;
  let outsider: Member;
  let observer: Member;

  beforeAll(async () => {
    app = await startApp();
    admin = await signIn(app, { role: 'admin', country: 'ASEAN-SEC' });
    moderator = await signIn(app, { role: 'moderator', country: 'SG' });
    insider = await signIn(app, { country: 'MY' });
    outsider = await signIn(app, { country: 'VN' });
    observer = await signIn(app, { role: 'observer', country: 'UNODC' });
  });
  afterAll(async () => {
    closeSockets(admin, moderator, insider, outsider, observer);
    await app?.close();
  });

  it('a non-member can neither join a private channel’s rooms nor read its history, by REST or socket', async () => {
    const channel = await createChannel(moderator, { kind: 'private', name: 'joint-investigation-my-vn' });
    await moderator.client.call(channelRoutes.addMember, {
      params: { id: channel.id },
      body: { userId: insider.id },
    });
    const thread = await startThread(insider, channel.id, { body: 'Confidential: suspect list attached.' });
    const insiderSocket = await insider.socket();
    const message = await send(insiderSocket, thread.id, 'Second confidential note');

    for (const path of [
      `/api/channels/${channel.id}`,
      `/api/containers/channel/${channel.id}/threads`,
      `/api/threads/${thread.id}`,
      `/api/threads/${thread.id}/messages`,
      `/api/messages/${message.id}`,
    ]) {
      const result = await outsider.client.request('GET', path);
      expect({ path, status: result.status }).toEqual({ path, status: 404 });
      expect(JSON.stringify(result.body)).not.toContain('confidential');
    }
    const outsiderSocket = await outsider.socket();
    const seen = collect<{ message: Message }>(outsiderSocket, 'message:created');
    expect(
      await emitAck(outsiderSocket, 'container:subscribe', {
        container: { type: 'channel', id: channel.id },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await emitAck(outsiderSocket, 'thread:subscribe', { threadId: thread.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await emitAck(outsiderSocket, 'thread:sync', { threadId: thread.id, afterSeq: 0 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await emitAck(outsiderSocket, 'message:send', {
        threadId: thread.id,
        clientMessageId: clientId(),
        body: 'let me in',
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(
      await emitAck(outsiderSocket, 'message:react', { messageId: message.id, emoji: '👀', on: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect((await outsider.client.call(channelRoutes.join, { params: { id: channel.id } })).status).toBe(404);
    // Admins manage the channel but read it only when in it.
    expect(
      (await admin.client.call(threadRoutes.messages, { params: { id: thread.id }, query: {} })).status,
    ).toBe(404);
    expect((await admin.client.call(channelRoutes.get, { params: { id: channel.id } })).body).toMatchObject({
      me: { canRead: false, canManage: true },
    });
    await send(insiderSocket, thread.id, 'Third confidential note');
    await sleep(200);
    expect(seen).toHaveLength(0);
  });

  it('an announcement channel refuses members’ posts and accepts moderators’', async () => {
    const channel = await createChannel(admin, { kind: 'announcement', name: 'network-announcements' });
    const notice = await startThread(moderator, channel.id, { title: 'Regional meeting in Bangkok' });
    const refused = await insider.client.call(threadRoutes.create, {
      params: { type: 'channel', id: channel.id },
      body: { title: 'My own announcement', body: 'Hello', clientMessageId: clientId() },
    });
    expect(refused.status).toBe(403);
    const socket = await insider.socket();
    const reply = await emitAck(socket, 'message:send', {
      threadId: notice.id,
      clientMessageId: clientId(),
      body: 'Can I join?',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Members still read and react to announcements.
    const history = await insider.client.call(threadRoutes.messages, {
      params: { id: notice.id },
      query: {},
    });
    expect(history.status).toBe(200);
    const opening = history.body.items[0];
    expect(
      await emitAck(socket, 'message:react', { messageId: opening?.id, emoji: '🎉', on: true }),
    ).toMatchObject({ ok: true });
    const observerSocket = await observer.socket();
    expect(
      await emitAck(observerSocket, 'message:react', { messageId: opening?.id, emoji: '🎉', on: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const moderatorSocket = await moderator.socket();
    await send(moderatorSocket, notice.id, 'Agenda attached next week.');
  });

  it('observers read public channels and post only where the channel allows it', async () => {
    const closed = await createChannel(admin, { name: 'observers-read-only' });
    const open = await createChannel(admin, { name: 'observers-welcome', observersMayPost: true });
    const closedThread = await startThread(insider, closed.id);
    const openThread = await startThread(insider, open.id);
    const socket = await observer.socket();
    expect(
      (await observer.client.call(threadRoutes.messages, { params: { id: closedThread.id }, query: {} }))
        .status,
    ).toBe(200);
    expect(
      await emitAck(socket, 'message:send', {
        threadId: closedThread.id,
        clientMessageId: clientId(),
        body: 'UNODC view',
      }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await send(socket, openThread.id, 'UNODC can share the regional guidance.');
  });

  it('country channels are for that country’s members', async () => {
    const channel = await createChannel(admin, { kind: 'country', country: 'MY', name: 'malaysia-team' });
    const thread = await startThread(insider, channel.id);
    expect((await outsider.client.call(threadRoutes.get, { params: { id: thread.id } })).status).toBe(404);
    expect((await observer.client.call(threadRoutes.get, { params: { id: thread.id } })).status).toBe(404);
    const list = await insider.client.call(channelRoutes.list, { query: {} });
    expect(list.body.items.map((item) => item.id)).toContain(channel.id);
    const outsiderList = await outsider.client.call(channelRoutes.list, { query: { scope: 'all' } });
    expect(outsiderList.body.items.map((item) => item.id)).not.toContain(channel.id);
  });

  it('leaving a private channel gives up access until invited again', async () => {
    const channel = await createChannel(moderator, { kind: 'private' });
    await moderator.client.call(channelRoutes.addMember, {
      params: { id: channel.id },
      body: { userId: outsider.id },
    });
    const thread = await startThread(moderator, channel.id);
    expect((await outsider.client.call(threadRoutes.get, { params: { id: thread.id } })).status).toBe(200);
    expect((await outsider.client.call(channelRoutes.leave, { params: { id: channel.id } })).status).toBe(
      200,
    );
    expect((await outsider.client.call(threadRoutes.get, { params: { id: thread.id } })).status).toBe(404);
    expect((await outsider.client.call(channelRoutes.join, { params: { id: channel.id } })).status).toBe(404);
  });

  it('archived channels are read-only until restored', async () => {
    const channel = await createChannel(admin, { name: 'to-archive' });
    const thread = await startThread(insider, channel.id);
    expect(
      (await admin.client.call(channelRoutes.archive, { params: { id: channel.id } })).body,
    ).toMatchObject({ archived: true });
    const socket = await insider.socket();
    expect(
      await emitAck(socket, 'message:send', {
        threadId: thread.id,
        clientMessageId: clientId(),
        body: 'late',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'ARCHIVED' },
    });
    expect((await insider.client.call(channelRoutes.archive, { params: { id: channel.id } })).status).toBe(
      403,
    );
    await admin.client.call(channelRoutes.restore, { params: { id: channel.id } });
    await send(socket, thread.id, 'back again');
  });
});

describe('channels: losing access closes live views at once', () => {
  let app: TestApp;
  let owner: Member;
  let member: Member;

  beforeAll(async () => {
    app = await startApp();
    owner = await signIn(app, { role: 'moderator', country: 'SG' });
  });
  afterAll(async () => {
    closeSockets(owner);
    if (member) closeSockets(member);
    await app?.close();
  });

  async function privateChannelWith(person: Member) {
    const channel = await createChannel(owner, { kind: 'private' });
    await owner.client.call(channelRoutes.addMember, {
      params: { id: channel.id },
      body: { userId: person.id },
    });
    const thread = await startThread(owner, channel.id);
    const socket = await person.socket();
    await emitAck(socket, 'container:subscribe', { container: { type: 'channel', id: channel.id } });
    await emitAck(socket, 'thread:subscribe', { threadId: thread.id });
    return { channel, thread, socket };
  }

  it('removed from a private channel: no further events within 1 s, and re-subscribing fails', async () => {
    member = await signIn(app, { country: 'ID' });
    const { channel, thread, socket } = await privateChannelWith(member);
    const ownerSocket = await owner.socket();
    const created = collect<{ message: Message }>(socket, 'message:created');
    await send(ownerSocket, thread.id, 'before removal');
    await waitFor(() => created.length === 1);

    const revoked = collect<unknown>(socket, 'container:revoked');
    const removal = await owner.client.call(channelRoutes.removeMember, {
      params: { id: channel.id, userId: member.id },
    });
    expect(removal.status).toBe(200);
    // Right after the removal is acknowledged: nothing more may reach the removed member.
    await send(ownerSocket, thread.id, 'after removal');
    await sleep(1_000);
    expect(revoked).toHaveLength(1);
    await emitAck(ownerSocket, 'thread:subscribe', { threadId: thread.id });
    await emitAck(ownerSocket, 'thread:typing', { threadId: thread.id });
    await sleep(300);
    expect(created.map((event) => event.message.body)).toEqual(['before removal']);
    expect(await emitAck(socket, 'thread:subscribe', { threadId: thread.id })).toMatchObject({ ok: false });

    // Security row 4: dropping the transport and reconnecting brings nothing back from the lost room.
    socket.io.engine.close();
    await disconnected(socket);
    socket.connect();
    await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
    await send(ownerSocket, thread.id, 'after reconnection');
    await sleep(300);
    expect(created).toHaveLength(1);
    expect(await emitAck(socket, 'thread:sync', { threadId: thread.id, afterSeq: 0 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('suspended: the socket is closed within 1 s and nothing more arrives', async () => {
    const person = await signIn(app, { country: 'KH' });
    const admin = await signIn(app, { role: 'admin', country: 'ASEAN-SEC' });
    const { thread, socket } = await privateChannelWith(person);
    const created = collect<{ message: Message }>(socket, 'message:created');
    const ownerSocket = await owner.socket();
    const started = Date.now();
    const suspended = await admin.client.call(adminRoutes.suspendUser, { params: { id: person.id } });
    expect(suspended.status).toBe(200);
    await disconnected(socket, 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    await send(ownerSocket, thread.id, 'after suspension');
    await sleep(300);
    expect(created).toHaveLength(0);
    closeSockets(person, admin);
  });
});
