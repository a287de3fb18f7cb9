import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadRoutes, type Message, type PresenceUser } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import {
  closeSockets,
  collect,
  createChannel,
  send,
  signIn,
  startThread,
  waitFor,
  type Member,
} from '../../helpers/channels';
import { emitAck, nextEvent } from '../../helpers/socket';

describe('channels: live messages between two members', () => {
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

  it('two members see each other’s messages live, stored once and in order', async () => {
    const channel = await createChannel(admin, { name: 'labour-trafficking' });
    const thread = await startThread(maria, channel.id, {
      title: 'Fishing vessel crews',
      body: 'Who has handled a vessel case?',
    });
    const mariaSocket = await maria.socket();
    const somchaiSocket = await somchai.socket();
    const presence = await emitAck<{ presence: PresenceUser[] }>(somchaiSocket, 'container:subscribe', {
      container: { type: 'channel', id: channel.id },
    });
    expect(presence.ok).toBe(true);
    expect(await emitAck(mariaSocket, 'thread:subscribe', { threadId: thread.id })).toMatchObject({
      ok: true,
    });
    const seenBySomchai = collect<{ message: Message }>(somchaiSocket, 'message:created');
    const seenByMaria = collect<{ message: Message }>(mariaSocket, 'message:created');

    const first = await send(mariaSocket, thread.id, 'We had one in Songkhla last year.');
    const second = await send(somchaiSocket, thread.id, 'Thai police ATIP can help with **crew lists**.');
    expect([first.seq, second.seq]).toEqual([2, 3]);

    await waitFor(() => seenBySomchai.length === 2 && seenByMaria.length === 2, 3000, 'both messages live');
    expect(seenBySomchai.map((event) => event.message.body)).toEqual([first.body, second.body]);
    expect(seenByMaria.map((event) => event.message.id)).toEqual([first.id, second.id]);

    const history = await somchai.client.call(threadRoutes.messages, {
      params: { id: thread.id },
      query: {},
    });
    expect(history.status).toBe(200);
    expect(history.body.items.map((message) => message.seq)).toEqual([1, 2, 3]);
  });

  it('a retried clientMessageId is stored once', async () => {
    const channel = await createChannel(admin);
    const thread = await startThread(maria, channel.id);
    const socket = await maria.socket();
    const payload = {
      threadId: thread.id,
      clientMessageId: 'retry-0000-0001',
      body: 'Sent twice over a flaky link',
    };
    const [a, b] = await Promise.all([
      emitAck<{ message: Message }>(socket, 'message:send', payload),
      emitAck<{ message: Message }>(socket, 'message:send', payload),
    ]);
    const c = await emitAck<{ message: Message }>(socket, 'message:send', payload);
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(new Set([a.message.id, b.message.id, c.message.id]).size).toBe(1);
    const history = await maria.client.call(threadRoutes.messages, { params: { id: thread.id }, query: {} });
    expect(history.body.items.filter((message) => message.body === payload.body)).toHaveLength(1);
    void nextEvent;
  });
});
