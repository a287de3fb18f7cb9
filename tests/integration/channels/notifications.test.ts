import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  channelRoutes,
  notificationRoutes,
  threadRoutes,
  type NotificationCreatedEvent,
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
import { emitAck } from '../../helpers/socket';

describe('channels: notifications', () => {
  let app: TestApp;
  let admin: Member;
  let author: Member;
  let maria: Member;
  let lan: Member;
  let thaiA: Member;
  let thaiB: Member;

  beforeAll(async () => {
    app = await startApp();
    admin = await signIn(app, { role: 'admin', country: 'ASEAN-SEC' });
    author = await signIn(app, { country: 'MY', displayName: 'Faizal' });
    maria = await signIn(app, { country: 'PH', displayName: 'Maria' });
    lan = await signIn(app, { country: 'VN', displayName: 'Lan' });
    thaiA = await signIn(app, { country: 'TH', displayName: 'Somchai' });
    thaiB = await signIn(app, { country: 'TH', displayName: 'Niran' });
  });
  afterAll(async () => {
    closeSockets(admin, author, maria, lan, thaiA, thaiB);
    await app?.close();
  });

  it('mentions notify the mentioned member live, with names instead of tokens', async () => {
    const channel = await createChannel(admin);
    const thread = await startThread(author, channel.id, { title: 'Shelter capacity' });
    const mariaSocket = await maria.socket();
    const seen = collect<NotificationCreatedEvent>(mariaSocket, 'notification:created');
    const message = await send(await author.socket(), thread.id, `@user:${maria.id} can Cebu take two more?`);
    expect(message.mentions).toEqual([{ type: 'user', id: maria.id, displayName: 'Maria' }]);
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toMatchObject({
      unreadCount: 1,
      notification: {
        kind: 'mention',
        subject: 'Shelter capacity',
        excerpt: '@Maria can Cebu take two more?',
        actor: { id: author.id, displayName: 'Faizal' },
        threadId: thread.id,
        seq: message.seq,
        read: false,
      },
    });
    const listed = await maria.client.call(notificationRoutes.list, { query: {} });
    expect(listed.body.unreadCount).toBe(1);
    await maria.client.call(notificationRoutes.markRead, { body: { all: true } });
    expect(
      (await maria.client.call(notificationRoutes.list, { query: { unreadOnly: 'true' } })).body.items,
    ).toHaveLength(0);
  });

  it('a mention of someone who cannot read the channel is not a mention', async () => {
    const channel = await createChannel(admin, { kind: 'private' });
    await admin.client.call(channelRoutes.addMember, {
      params: { id: channel.id },
      body: { userId: author.id },
    });
    const thread = await startThread(author, channel.id);
    const lanSocket = await lan.socket();
    const seen = collect<NotificationCreatedEvent>(lanSocket, 'notification:created');
    const message = await send(await author.socket(), thread.id, `@user:${lan.id} look at this`);
    expect(message.mentions).toEqual([]);
    await sleep(300);
    expect(seen).toHaveLength(0);
  });

  it('a country-team mention reaches that country’s members; replies reach followers; reading clears them', async () => {
    const channel = await createChannel(admin);
    const thread = await startThread(author, channel.id, { title: 'Border crossing at Padang Besar' });
    const seenA = collect<NotificationCreatedEvent>(await thaiA.socket(), 'notification:created');
    const seenB = collect<NotificationCreatedEvent>(await thaiB.socket(), 'notification:created');
    const seenAuthor = collect<NotificationCreatedEvent>(await author.socket(), 'notification:created');
    await send(await maria.socket(), thread.id, '@country:TH could your team confirm the crossing times?');
    await waitFor(() => seenA.length === 1 && seenB.length === 1 && seenAuthor.length === 1);
    expect(seenA[0]?.notification.kind).toBe('country_mention');
    expect(seenAuthor[0]?.notification.kind).toBe('thread_reply');
    // Reading the thread marks its notifications read.
    const socket = await author.socket();
    await emitAck(socket, 'thread:read', { threadId: thread.id, seq: 2 });
    const left = await author.client.call(notificationRoutes.list, { query: { unreadOnly: 'true' } });
    expect(left.body.items.filter((item) => item.threadId === thread.id)).toEqual([]);
    expect(left.body.items.map((item) => item.kind)).toEqual(['channel_invitation']);
  });

  it('followers who lost access to a private channel hear nothing more of it', async () => {
    const channel = await createChannel(admin, { kind: 'private' });
    for (const member of [author, lan]) {
      await admin.client.call(channelRoutes.addMember, {
        params: { id: channel.id },
        body: { userId: member.id },
      });
    }
    const thread = await startThread(author, channel.id, { title: 'Witness relocation' });
    const lanSocket = await lan.socket();
    await send(lanSocket, thread.id, 'Following this');
    const seen = collect<NotificationCreatedEvent>(lanSocket, 'notification:created');
    await admin.client.call(channelRoutes.removeMember, { params: { id: channel.id, userId: lan.id } });
    await send(await author.socket(), thread.id, 'The new address is confidential');
    await sleep(1_500);
    expect(seen.filter((event) => event.notification.threadId === thread.id)).toHaveLength(0);
    const listed = await lan.client.call(notificationRoutes.list, { query: {} });
    expect(JSON.stringify(listed.body)).not.toContain('confidential');
  });

  it('notification levels: none silences, all adds new threads', async () => {
    const channel = await createChannel(admin);
    await lan.client.call(channelRoutes.join, { params: { id: channel.id } });
    await maria.client.call(channelRoutes.join, { params: { id: channel.id } });
    await lan.client.call(channelRoutes.updateMembership, {
      params: { id: channel.id },
      body: { notificationLevel: 'all' },
    });
    await maria.client.call(channelRoutes.updateMembership, {
      params: { id: channel.id },
      body: { notificationLevel: 'none' },
    });
    const seenLan = collect<NotificationCreatedEvent>(await lan.socket(), 'notification:created');
    const seenMaria = collect<NotificationCreatedEvent>(await maria.socket(), 'notification:created');
    await startThread(author, channel.id, { title: 'New guidance', body: `@user:${maria.id} FYI` });
    await waitFor(() => seenLan.length === 1);
    await sleep(200);
    expect(seenLan[0]?.notification.kind).toBe('new_thread');
    expect(seenMaria).toHaveLength(0);
  });

  it('muting a channel silences new threads, replies and country mentions, but not direct mentions', async () => {
    const channel = await createChannel(admin);
    for (const member of [lan, maria]) {
      await member.client.call(channelRoutes.join, { params: { id: channel.id } });
      // "all" would add new threads; muting must win over it.
      await member.client.call(channelRoutes.updateMembership, {
        params: { id: channel.id },
        body: { notificationLevel: 'all' },
      });
    }
    const muted = await lan.client.call(channelRoutes.updateMembership, {
      params: { id: channel.id },
      body: { muted: true },
    });
    expect(muted.body.me).toMatchObject({ joined: true, muted: true, notificationLevel: 'all' });
    // Maria keeps the same settings unmuted: what she receives shows what Lan would have.
    const seenLan = collect<NotificationCreatedEvent>(await lan.socket(), 'notification:created');
    const seenMaria = collect<NotificationCreatedEvent>(await maria.socket(), 'notification:created');
    const ofThisChannel = (seen: NotificationCreatedEvent[], threadId: string) =>
      seen
        .filter((event) => event.notification.threadId === threadId)
        .map((event) => event.notification.kind);

    const thread = await startThread(author, channel.id, { title: 'Shelter referrals in Hanoi' });
    await waitFor(() => ofThisChannel(seenMaria, thread.id).includes('new_thread'), 3_000, 'new_thread');
    // Both follow the thread by replying; then a plain reply and a country mention of Lan's team.
    await send(await lan.socket(), thread.id, 'Following');
    await send(await maria.socket(), thread.id, 'Following too');
    const authorSocket = await author.socket();
    await send(authorSocket, thread.id, 'The shelter has two beds free');
    await waitFor(() => ofThisChannel(seenMaria, thread.id).includes('thread_reply'), 5_000, 'thread_reply');
    await send(authorSocket, thread.id, '@country:VN can your team confirm the referral route?');
    const mention = await send(authorSocket, thread.id, `@user:${lan.id} could you call the shelter?`);

    await waitFor(() => ofThisChannel(seenLan, thread.id).length > 0, 3_000, 'the mention');
    await sleep(300);
    expect(ofThisChannel(seenLan, thread.id)).toEqual(['mention']);
    expect(seenLan.find((event) => event.notification.threadId === thread.id)?.notification).toMatchObject({
      kind: 'mention',
      messageId: mention.id,
    });
    const stored = await lan.client.call(notificationRoutes.list, { query: {} });
    expect(stored.body.items.filter((item) => item.threadId === thread.id).map((item) => item.kind)).toEqual([
      'mention',
    ]);

    // Unmuted, the same member hears replies again: the silence above was the mute's doing.
    await lan.client.call(channelRoutes.updateMembership, {
      params: { id: channel.id },
      body: { muted: false },
    });
    await send(authorSocket, thread.id, 'Update: one bed left');
    await waitFor(
      () => ofThisChannel(seenLan, thread.id).includes('thread_reply'),
      5_000,
      'reply after unmute',
    );
  });

  it('the notifications API only ever shows one’s own', async () => {
    const other = await lan.client.call(notificationRoutes.list, { query: {} });
    expect(other.body.items.every((item) => item.kind !== 'mention' || item.threadId !== null)).toBe(true);
    const bogus = await lan.client.call(notificationRoutes.markRead, { body: { ids: ['0'.repeat(24)] } });
    expect(bogus.status).toBe(200);
    const injected = await lan.client.request('POST', '/api/notifications/read', {
      body: { ids: [{ $ne: null }] },
    });
    expect(injected.status).toBe(400);
    void threadRoutes;
  });
});
