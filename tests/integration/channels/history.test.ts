import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelRoutes, threadRoutes, type Message } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { closeSockets, createChannel, send, signIn, startThread, type Member } from '../../helpers/channels';
import { emitAck } from '../../helpers/socket';

describe('channels: history, unread state, following', () => {
  let app: TestApp;
  let admin: Member;
  let writer: Member;
  let reader: Member;

  beforeAll(async () => {
    app = await startApp();
    admin = await signIn(app, { role: 'admin', country: 'ASEAN-SEC' });
    writer = await signIn(app, { country: 'SG' });
    reader = await signIn(app, { country: 'BN' });
  });
  afterAll(async () => {
    closeSockets(admin, writer, reader);
    await app?.close();
  });

  it('history pages 50 at a time, newest first, and stays stable while messages keep arriving', async () => {
    const channel = await createChannel(admin);
    const thread = await startThread(writer, channel.id);
    const socket = await writer.socket();
    for (let index = 0; index < 119; index += 1) await send(socket, thread.id, `message ${index + 2}`);

    const first = await reader.client.call(threadRoutes.messages, { params: { id: thread.id }, query: {} });
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items[0]?.seq).toBe(71);
    expect(first.body.items.at(-1)?.seq).toBe(120);
    expect(first.body).toMatchObject({ hasOlder: true, hasNewer: false });

    // New messages arrive between pages: older pages do not shift.
    const concurrent = Promise.all(
      Array.from({ length: 10 }, (_, index) => send(socket, thread.id, `late ${index}`)),
    );
    const second = await reader.client.call(threadRoutes.messages, {
      params: { id: thread.id },
      query: { beforeSeq: first.body.items[0]!.seq },
    });
    await concurrent;
    const third = await reader.client.call(threadRoutes.messages, {
      params: { id: thread.id },
      query: { beforeSeq: second.body.items[0]!.seq },
    });
    expect(second.body.items.map((message) => message.seq)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 21),
    );
    expect(third.body.items.map((message) => message.seq)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    expect(third.body.hasOlder).toBe(false);
    const newer = await reader.client.call(threadRoutes.messages, {
      params: { id: thread.id },
      query: { afterSeq: 120 },
    });
    expect(newer.body.items.map((message) => message.seq)).toEqual(
      Array.from({ length: 10 }, (_, index) => index + 121),
    );
    expect(newer.body.hasNewer).toBe(false);
  });

  it('jumps to the first unread message and counts unread per thread and channel', async () => {
    const channel = await createChannel(admin);
    await reader.client.call(channelRoutes.join, { params: { id: channel.id } });
    const thread = await startThread(writer, channel.id);
    const socket = await writer.socket();
    const sent: Message[] = [];
    for (let index = 0; index < 9; index += 1) sent.push(await send(socket, thread.id, `update ${index}`));
    const readerSocket = await reader.socket();
    await emitAck(readerSocket, 'thread:read', { threadId: thread.id, seq: 4 });

    const detail = await reader.client.call(threadRoutes.get, { params: { id: thread.id } });
    expect(detail.body.me).toMatchObject({ lastReadSeq: 4, unread: 6, following: false });
    const firstUnread = await reader.client.call(threadRoutes.messages, {
      params: { id: thread.id },
      query: { afterSeq: detail.body.me.lastReadSeq },
    });
    expect(firstUnread.body.items[0]?.seq).toBe(5);

    const sidebar = await reader.client.call(channelRoutes.list, { query: {} });
    const entry = sidebar.body.items.find((item) => item.id === channel.id);
    expect(entry?.me).toMatchObject({ joined: true, unreadMessages: 6, unreadThreads: 1 });
    const list = await reader.client.call(threadRoutes.list, {
      params: { type: 'channel', id: channel.id },
      query: {},
    });
    expect(list.body.items[0]?.me.unread).toBe(6);

    // A second thread the reader never opened counts from when they joined.
    const other = await startThread(writer, channel.id, { title: 'Another topic' });
    await send(socket, other.id, 'reply');
    const after = await reader.client.call(channelRoutes.list, { query: {} });
    expect(after.body.items.find((item) => item.id === channel.id)?.me).toMatchObject({
      unreadMessages: 8,
      unreadThreads: 2,
    });
  });

  it('threads inbox: followed threads, unread replies first; authors and repliers follow automatically', async () => {
    const channel = await createChannel(admin);
    const quiet = await startThread(writer, channel.id, { title: 'Quiet thread' });
    const busy = await startThread(writer, channel.id, { title: 'Busy thread' });
    const watched = await startThread(writer, channel.id, { title: 'Watched without replying' });
    const readerSocket = await reader.socket();
    const writerSocket = await writer.socket();
    await send(readerSocket, quiet.id, 'I replied here');
    await send(readerSocket, busy.id, 'and here');
    const follow = await reader.client.call(threadRoutes.follow, {
      params: { id: watched.id },
      body: { value: true },
    });
    expect(follow.body.following).toBe(true);
    await send(writerSocket, busy.id, 'new reply for you');
    await send(writerSocket, watched.id, 'news on the watched thread');

    const inbox = await reader.client.call(threadRoutes.inbox);
    const titles = inbox.body.items
      .filter((item) => item.container.id === channel.id)
      .map((item) => [item.title, item.me.unread]);
    expect(titles).toEqual([
      ['Watched without replying', 2],
      ['Busy thread', 1],
      ['Quiet thread', 0],
    ]);
    await reader.client.call(threadRoutes.follow, { params: { id: busy.id }, body: { value: false } });
    await send(writerSocket, busy.id, 'another one');
    const later = await reader.client.call(threadRoutes.inbox);
    expect(later.body.items.map((item) => item.title)).not.toContain('Busy thread');
    // Unfollowing is respected even after replying again.
    await send(readerSocket, busy.id, 'still not following');
    expect((await reader.client.call(threadRoutes.get, { params: { id: busy.id } })).body.me.following).toBe(
      false,
    );
  });

  it('thread lists page by last activity', async () => {
    const channel = await createChannel(admin);
    const created = [];
    for (let index = 0; index < 5; index += 1)
      created.push(await startThread(writer, channel.id, { title: `Thread ${index}` }));
    await send(await writer.socket(), created[1]!.id, 'bump');
    const first = await reader.client.call(threadRoutes.list, {
      params: { type: 'channel', id: channel.id },
      query: { limit: 3 },
    });
    expect(first.body.items.map((item) => item.title)).toEqual(['Thread 1', 'Thread 4', 'Thread 3']);
    const second = await reader.client.call(threadRoutes.list, {
      params: { type: 'channel', id: channel.id },
      query: { limit: 3, cursor: first.body.nextCursor ?? '' },
    });
    expect(second.body.items.map((item) => item.title)).toEqual(['Thread 2', 'Thread 0']);
    expect(second.body.nextCursor).toBeNull();
    const bad = await reader.client.call(threadRoutes.list, {
      params: { type: 'channel', id: channel.id },
      query: { cursor: 'bm90LWEtY3Vyc29y' },
    });
    expect(bad.status).toBe(400);
  });
});
