import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  threadRoutes,
  type Message,
  type PresenceChangedEvent,
  type PresenceUser,
  type ReadMarkerEvent,
  type ThreadEvent,
  type TypingEvent,
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
import { emitAck, nextEvent } from '../../helpers/socket';

describe('channels: live delivery between members', () => {
  let app: TestApp;
  let admin: Member;
  let maria: Member;
  let somchai: Member;

  beforeAll(async () => {
    app = await startApp();
    admin = await signIn(app, { role: 'admin', country: 'ASEAN-SEC' });
    maria = await signIn(app, { country: 'PH', displayName: 'Maria Santos' });
    somchai = await signIn(app, { country: 'TH', displayName: 'Somchai Rattanakul' });
  });
  afterAll(async () => {
    closeSockets(admin, maria, somchai);
    await app?.close();
  });

  async function subscribedPair(channelId: string, threadId: string) {
    const mariaSocket = await maria.socket();
    const somchaiSocket = await somchai.socket();
    for (const socket of [mariaSocket, somchaiSocket]) {
      expect(
        await emitAck(socket, 'container:subscribe', { container: { type: 'channel', id: channelId } }),
      ).toMatchObject({
        ok: true,
      });
      expect(await emitAck(socket, 'thread:subscribe', { threadId })).toMatchObject({ ok: true });
    }
    return { mariaSocket, somchaiSocket };
  }

  it('two members see each other’s messages live, stored once and in order', async () => {
    const channel = await createChannel(admin, { name: 'labour-trafficking' });
    const thread = await startThread(maria, channel.id, {
      title: 'Fishing vessel crews',
      body: 'Who has handled a vessel case?',
    });
    const { mariaSocket, somchaiSocket } = await subscribedPair(channel.id, thread.id);
    const seenBySomchai = collect<{ message: Message }>(somchaiSocket, 'message:created');
    const seenByMaria = collect<{ message: Message }>(mariaSocket, 'message:created');

    const first = await send(mariaSocket, thread.id, 'We had one in Songkhla last year.');
    const second = await send(somchaiSocket, thread.id, 'Thai police ATIP can help with **crew lists**.');
    expect([first.seq, second.seq]).toEqual([2, 3]);

    await waitFor(() => seenBySomchai.length === 2 && seenByMaria.length === 2, 3000, 'both messages live');
    // Sockets in both the thread and the channel room get each message once.
    await sleep(100);
    expect(seenBySomchai.map((event) => event.message.body)).toEqual([first.body, second.body]);
    expect(seenByMaria.map((event) => event.message.id)).toEqual([first.id, second.id]);

    const history = await somchai.client.call(threadRoutes.messages, {
      params: { id: thread.id },
      query: {},
    });
    expect(history.status).toBe(200);
    expect(history.body.items.map((message) => message.seq)).toEqual([1, 2, 3]);
    const detail = await somchai.client.call(threadRoutes.get, { params: { id: thread.id } });
    expect(detail.body).toMatchObject({ lastSeq: 3, me: { following: true, lastReadSeq: 3, unread: 0 } });
  });

  it('a retried clientMessageId is stored once, even when the retries race', async () => {
    const channel = await createChannel(admin);
    const thread = await startThread(maria, channel.id);
    const socket = await maria.socket();
    const payload = {
      threadId: thread.id,
      clientMessageId: 'retry-0000-0001',
      body: 'Sent twice over a flaky link',
    };
    const acks = await Promise.all([
      emitAck<{ message: Message }>(socket, 'message:send', payload),
      emitAck<{ message: Message }>(socket, 'message:send', payload),
      emitAck<{ message: Message }>(socket, 'message:send', payload),
    ]);
    const ids = acks.map((ack) => (ack.ok ? ack.message.id : ack.error.code));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[a-f0-9]{24}$/);
    const history = await maria.client.call(threadRoutes.messages, { params: { id: thread.id }, query: {} });
    expect(history.body.items.filter((message) => message.body === payload.body)).toHaveLength(1);
    expect(history.body.items.map((message) => message.seq)).toEqual([1, 2]);
  });

  it('edits, reactions and deletions reach the other member; edit history is kept', async () => {
    const channel = await createChannel(admin);
    const thread = await startThread(maria, channel.id);
    const { mariaSocket, somchaiSocket } = await subscribedPair(channel.id, thread.id);
    const quoted = await send(mariaSocket, thread.id, 'The shelter in Cebu has space.');
    const reply = await send(somchaiSocket, thread.id, 'Thank you', { replyToId: quoted.id });
    expect(reply.replyTo).toMatchObject({
      messageId: quoted.id,
      seq: quoted.seq,
      excerpt: 'The shelter in Cebu has space.',
    });

    const updates = collect<{ message: Message }>(somchaiSocket, 'message:updated');
    const edited = await emitAck<{ message: Message }>(mariaSocket, 'message:edit', {
      messageId: quoted.id,
      body: 'The shelter in Cebu has space for six.',
    });
    expect(edited).toMatchObject({
      ok: true,
      message: { editCount: 1, body: 'The shelter in Cebu has space for six.' },
    });
    const reacted = await emitAck<{ message: Message }>(somchaiSocket, 'message:react', {
      messageId: quoted.id,
      emoji: '👍',
      on: true,
    });
    expect(reacted).toMatchObject({
      ok: true,
      message: { reactions: [{ emoji: '👍', count: 1, userIds: [somchai.id] }] },
    });
    // Someone else's message cannot be edited.
    const foreignEdit = await emitAck(somchaiSocket, 'message:edit', {
      messageId: quoted.id,
      body: 'hijacked',
    });
    expect(foreignEdit).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    await waitFor(() => updates.length >= 2, 3000, 'edit and reaction live');
    expect(updates[0]?.message.body).toBe('The shelter in Cebu has space for six.');
    expect(updates[1]?.message.reactions[0]?.count).toBe(1);

    const deleted = await emitAck<{ message: Message }>(mariaSocket, 'message:delete', {
      messageId: quoted.id,
    });
    expect(deleted).toMatchObject({ ok: true, message: { state: 'deleted', body: null } });
    await waitFor(() =>
      updates.some((event) => event.message.id === reply.id && event.message.replyTo?.excerpt === null),
    );
    const seenDeleted = updates.find(
      (event) => event.message.id === quoted.id && event.message.state === 'deleted',
    );
    expect(seenDeleted?.message.body).toBeNull();
    // The stored history never gives the deleted text back, to anyone.
    const history = await somchai.client.call(threadRoutes.messages, {
      params: { id: thread.id },
      query: {},
    });
    expect(JSON.stringify(history.body)).not.toContain('Cebu');
  });

  it('typing is forwarded to the others, throttled, and presence follows subscriptions', async () => {
    const channel = await createChannel(admin);
    const thread = await startThread(maria, channel.id);
    const somchaiSocket = await somchai.socket();
    await emitAck(somchaiSocket, 'container:subscribe', { container: { type: 'channel', id: channel.id } });
    await emitAck(somchaiSocket, 'thread:subscribe', { threadId: thread.id });
    const mariaSocket = await maria.socket();
    const online = nextEvent<PresenceChangedEvent>(somchaiSocket, 'presence:changed');
    const subscribed = await emitAck<{ presence: PresenceUser[] }>(mariaSocket, 'container:subscribe', {
      container: { type: 'channel', id: channel.id },
    });
    expect(subscribed.ok && subscribed.presence.map((user) => user.id).sort()).toEqual(
      [maria.id, somchai.id].sort(),
    );
    expect(await online).toMatchObject({ user: { id: maria.id }, online: true });

    // Typing needs a subscription to the thread first.
    expect(await emitAck(mariaSocket, 'thread:typing', { threadId: thread.id })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    await emitAck(mariaSocket, 'thread:subscribe', { threadId: thread.id });
    const typing = collect<TypingEvent>(somchaiSocket, 'thread:typing');
    const typingByMaria = collect<TypingEvent>(mariaSocket, 'thread:typing');
    for (let index = 0; index < 5; index += 1)
      await emitAck(mariaSocket, 'thread:typing', { threadId: thread.id });
    await waitFor(() => typing.length >= 1);
    await sleep(200);
    expect(typing).toHaveLength(1);
    expect(typing[0]).toEqual({ threadId: thread.id, user: { id: maria.id, displayName: 'Maria Santos' } });
    expect(typingByMaria).toHaveLength(0);

    const offline = nextEvent<PresenceChangedEvent>(somchaiSocket, 'presence:changed');
    mariaSocket.disconnect();
    expect(await offline).toMatchObject({ user: { id: maria.id }, online: false });
  });

  it('read markers move forward only and reach the member’s other tabs', async () => {
    const channel = await createChannel(admin);
    const thread = await startThread(somchai, channel.id);
    const writer = await somchai.socket();
    for (let index = 0; index < 4; index += 1) await send(writer, thread.id, `update ${index}`);
    const tabOne = await maria.socket();
    const tabTwo = await maria.socket();
    const seen = nextEvent<ReadMarkerEvent>(tabTwo, 'thread:read');
    const marked = await emitAck(tabOne, 'thread:read', { threadId: thread.id, seq: 3 });
    expect(marked).toMatchObject({ ok: true, state: { lastReadSeq: 3, unread: 2 } });
    expect(await seen).toMatchObject({ threadId: thread.id, lastReadSeq: 3 });
    const backwards = await emitAck(tabOne, 'thread:read', { threadId: thread.id, seq: 1 });
    expect(backwards).toMatchObject({ ok: true, state: { lastReadSeq: 3 } });
    const beyond = await emitAck(tabOne, 'thread:read', { threadId: thread.id, seq: 99 });
    expect(beyond).toMatchObject({ ok: true, state: { lastReadSeq: 5, unread: 0 } });
  });

  it('new threads and thread changes reach the channel room', async () => {
    const channel = await createChannel(admin);
    const watcher = await somchai.socket();
    await emitAck(watcher, 'container:subscribe', { container: { type: 'channel', id: channel.id } });
    const created = nextEvent<ThreadEvent>(watcher, 'thread:created');
    const thread = await startThread(maria, channel.id, {
      title: 'Debt bondage indicators',
      tags: ['Indicators'],
    });
    expect((await created).thread).toMatchObject({
      id: thread.id,
      title: 'Debt bondage indicators',
      tags: ['indicators'],
    });
    const updated = nextEvent<ThreadEvent>(watcher, 'thread:updated');
    const resolved = await maria.client.call(threadRoutes.resolve, {
      params: { id: thread.id },
      body: { value: true },
    });
    expect(resolved.status).toBe(200);
    expect((await updated).thread.resolved).toBe(true);
    // Only the author or a moderator may resolve.
    const other = await somchai.client.call(threadRoutes.resolve, {
      params: { id: thread.id },
      body: { value: false },
    });
    expect(other.status).toBe(403);
  });
});
