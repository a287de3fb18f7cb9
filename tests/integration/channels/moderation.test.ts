import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRoutes,
  channelRoutes,
  moderationRoutes,
  threadRoutes,
  type Message,
  type ThreadEvent,
  type ThreadRemovedEvent,
} from '@serantau/shared';
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
import { emitAck, nextEvent } from '../../helpers/socket';

describe('channels: moderation', () => {
  let app: TestApp;
  let admin: Member;
  let moderator: Member;
  let memberA: Member;
  let memberB: Member;

  beforeAll(async () => {
    app = await startApp();
    admin = await signIn(app, { role: 'admin', country: 'ASEAN-SEC' });
    moderator = await signIn(app, { country: 'TH', displayName: 'Channel Moderator' });
    memberA = await signIn(app, { country: 'PH' });
    memberB = await signIn(app, { country: 'VN' });
  });
  afterAll(async () => {
    closeSockets(admin, moderator, memberA, memberB);
    await app?.close();
  });

  const channelWithModerator = (extra: Record<string, unknown> = {}) =>
    createChannel(admin, { moderatorIds: [moderator.id], ...extra });

  it('slow mode: one message per N seconds per member; moderators are not slowed', async () => {
    const channel = await channelWithModerator();
    const thread = await startThread(memberA, channel.id);
    const slow = await moderator.client.call(moderationRoutes.slowMode, {
      params: { type: 'channel', id: channel.id },
      body: { seconds: 30, reason: 'Heated discussion' },
    });
    expect(slow.body).toMatchObject({ slowModeSeconds: 30 });
    const socket = await memberA.socket();
    await send(socket, thread.id, 'first');
    const second = await emitAck(socket, 'message:send', {
      threadId: thread.id,
      clientMessageId: clientId(),
      body: 'second',
    });
    expect(second).toMatchObject({ ok: false, error: { code: 'SLOW_MODE' } });
    if (!second.ok) expect(second.error.retryAfterSeconds).toBeGreaterThan(25);
    // Another member has their own clock; the moderator has none.
    await send(await memberB.socket(), thread.id, 'mine');
    const modSocket = await moderator.socket();
    await send(modSocket, thread.id, 'mod 1');
    await send(modSocket, thread.id, 'mod 2');
    expect(
      (
        await memberA.client.call(moderationRoutes.slowMode, {
          params: { type: 'channel', id: channel.id },
          body: { seconds: 0, reason: 'Not a moderator' },
        })
      ).status,
    ).toBe(403);
    await moderator.client.call(moderationRoutes.slowMode, {
      params: { type: 'channel', id: channel.id },
      body: { seconds: 0, reason: 'Calm again' },
    });
    await send(socket, thread.id, 'after slow mode');
  });

  it('mute: a muted member cannot post, edit or react until the mute ends or is lifted', async () => {
    const channel = await channelWithModerator();
    const thread = await startThread(memberA, channel.id);
    const socket = await memberA.socket();
    const before = await send(socket, thread.id, 'before mute');
    const retryId = clientId();
    const beforeRetry = await emitAck<{ message: Message }>(socket, 'message:send', {
      threadId: thread.id,
      clientMessageId: retryId,
      body: 'sent just before the mute',
    });
    const muted = await moderator.client.call(moderationRoutes.mute, {
      params: { type: 'channel', id: channel.id },
      body: { userId: memberA.id, minutes: 10, reason: 'Shared a victim’s name' },
    });
    expect(muted.status).toBe(200);
    expect(
      await emitAck(socket, 'message:send', { threadId: thread.id, clientMessageId: clientId(), body: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'MUTED' },
    });
    // A retry of something stored before the mute is answered with the stored message, not refused.
    const retried = await emitAck<{ message: Message }>(socket, 'message:send', {
      threadId: thread.id,
      clientMessageId: retryId,
      body: 'sent just before the mute',
    });
    expect(retried.ok && beforeRetry.ok && retried.message.id === beforeRetry.message.id).toBe(true);
    expect(await emitAck(socket, 'message:edit', { messageId: before.id, body: 'edited' })).toMatchObject({
      ok: false,
      error: { code: 'MUTED' },
    });
    expect(
      await emitAck(socket, 'message:react', { messageId: before.id, emoji: '👍', on: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'MUTED' },
    });
    const detail = await memberA.client.call(threadRoutes.get, { params: { id: thread.id } });
    expect(detail.body.access.post).toBe(false);
    expect(detail.body.mutedUntil).not.toBeNull();
    // Moderators of the channel cannot be muted there; members cannot mute.
    expect(
      (
        await memberB.client.call(moderationRoutes.mute, {
          params: { type: 'channel', id: channel.id },
          body: { userId: memberA.id, minutes: 10, reason: 'Not mine to do' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await moderator.client.call(moderationRoutes.mute, {
          params: { type: 'channel', id: channel.id },
          body: { userId: admin.id, minutes: 10, reason: 'Cannot mute a moderator' },
        })
      ).status,
    ).toBe(403);
    const overview = await moderator.client.call(moderationRoutes.overview, {
      params: { type: 'channel', id: channel.id },
    });
    expect(overview.body.mutes).toEqual([
      expect.objectContaining({ user: expect.objectContaining({ id: memberA.id }) }),
    ]);
    await moderator.client.call(moderationRoutes.unmute, {
      params: { type: 'channel', id: channel.id, userId: memberA.id },
    });
    await send(socket, thread.id, 'after unmute');
  });

  it('a hidden message disappears for the others live; moderators still see it and why', async () => {
    const channel = await channelWithModerator();
    const thread = await startThread(memberA, channel.id);
    const socketA = await memberA.socket();
    const socketB = await memberB.socket();
    await emitAck(socketB, 'thread:subscribe', { threadId: thread.id });
    const message = await send(socketA, thread.id, 'The victim, Ms X, lives at 12 Example Road');
    const updates = collect<{ message: Message }>(socketB, 'message:updated');
    const hidden = await moderator.client.call(threadRoutes.hide, {
      params: { id: message.id },
      body: { reason: 'Identifies a victim' },
    });
    expect(hidden.body).toMatchObject({
      state: 'hidden',
      body: 'The victim, Ms X, lives at 12 Example Road',
      moderation: { hiddenBy: 'Channel Moderator', reason: 'Identifies a victim' },
    });
    await waitFor(() => updates.length > 0);
    expect(updates[0]?.message).toMatchObject({
      id: message.id,
      state: 'hidden',
      body: null,
      moderation: { reason: null },
    });
    const seenByB = await memberB.client.call(threadRoutes.message, { params: { id: message.id } });
    expect(seenByB.body.body).toBeNull();
    expect(
      (
        await memberB.client.call(threadRoutes.hide, {
          params: { id: message.id },
          body: { reason: 'me too' },
        })
      ).status,
    ).toBe(403);
    const unhidden = await moderator.client.call(threadRoutes.unhide, {
      params: { id: message.id },
      body: { reason: 'Name was consented' },
    });
    expect(unhidden.body.state).toBe('visible');
    await waitFor(() => updates.some((event) => event.message.state === 'visible'));
  });

  it('lock and pin threads; locked threads refuse replies except from moderators', async () => {
    const channel = await channelWithModerator();
    const older = await startThread(memberA, channel.id, { title: 'Older thread' });
    const thread = await startThread(memberA, channel.id, { title: 'Newer thread' });
    expect(
      (await memberA.client.call(threadRoutes.lock, { params: { id: thread.id }, body: { value: true } }))
        .status,
    ).toBe(403);
    const locked = await moderator.client.call(threadRoutes.lock, {
      params: { id: thread.id },
      body: { value: true },
    });
    expect(locked.body.locked).toBe(true);
    const socket = await memberA.socket();
    expect(
      await emitAck(socket, 'message:send', { threadId: thread.id, clientMessageId: clientId(), body: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    await send(await moderator.socket(), thread.id, 'Locked: continue in the case workspace.');
    await moderator.client.call(threadRoutes.pin, { params: { id: older.id }, body: { value: true } });
    const list = await memberB.client.call(threadRoutes.list, {
      params: { type: 'channel', id: channel.id },
      query: {},
    });
    expect(list.body.items.map((item) => item.title)).toEqual(['Older thread', 'Newer thread']);
  });

  it('moving a thread: its rooms follow, and members who cannot read the destination leave its room', async () => {
    const source = await channelWithModerator();
    const destination = await channelWithModerator({ kind: 'private' });
    const thread = await startThread(memberA, source.id);
    const socketB = await memberB.socket();
    await emitAck(socketB, 'container:subscribe', { container: { type: 'channel', id: source.id } });
    await emitAck(socketB, 'thread:subscribe', { threadId: thread.id });
    const removed = nextEvent<ThreadRemovedEvent>(socketB, 'thread:removed');
    const watcher = await moderator.socket();
    await emitAck(watcher, 'container:subscribe', { container: { type: 'channel', id: destination.id } });
    const arrived = nextEvent<ThreadEvent>(watcher, 'thread:created');
    const moved = await moderator.client.call(threadRoutes.move, {
      params: { id: thread.id },
      body: {
        to: { type: 'channel', id: destination.id },
        reason: 'Operational detail belongs in the private channel',
      },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.container).toEqual({ type: 'channel', id: destination.id });
    expect((await removed).threadId).toBe(thread.id);
    expect((await arrived).thread.id).toBe(thread.id);
    const seen = collect<{ message: Message }>(socketB, 'message:created');
    await send(await moderator.socket(), thread.id, 'Now private');
    await sleep(300);
    expect(seen).toHaveLength(0);
    expect((await memberB.client.call(threadRoutes.get, { params: { id: thread.id } })).status).toBe(404);
  });

  it('reports land in the queue; resolving with an action hides the message; the log and audit trail record it', async () => {
    const channel = await channelWithModerator();
    const thread = await startThread(memberA, channel.id);
    const message = await send(await memberA.socket(), thread.id, 'Buy cheap visas here');
    const reported = await memberB.client.call(threadRoutes.report, {
      params: { id: message.id },
      body: { reason: 'spam', note: 'Advertising' },
    });
    expect(reported.status).toBe(201);
    // Reporting twice does not flood the queue; one's own message cannot be reported.
    await memberB.client.call(threadRoutes.report, { params: { id: message.id }, body: { reason: 'spam' } });
    expect(
      (
        await memberA.client.call(threadRoutes.report, {
          params: { id: message.id },
          body: { reason: 'spam' },
        })
      ).status,
    ).toBe(400);
    const queue = await moderator.client.call(moderationRoutes.reports, {
      params: { type: 'channel', id: channel.id },
      query: {},
    });
    expect(queue.body.items).toHaveLength(1);
    expect(queue.body.items[0]).toMatchObject({
      reason: 'spam',
      note: 'Advertising',
      status: 'open',
      message: { id: message.id },
    });
    expect(
      (
        await memberB.client.call(moderationRoutes.reports, {
          params: { type: 'channel', id: channel.id },
          query: {},
        })
      ).status,
    ).toBe(403);

    const reportId = queue.body.items[0]!.id;
    const resolved = await moderator.client.call(moderationRoutes.resolveReport, {
      params: { id: reportId },
      body: { action: 'message_hidden', note: 'Spam' },
    });
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolution: { action: 'message_hidden', by: 'Channel Moderator' },
    });
    expect((await memberB.client.call(threadRoutes.message, { params: { id: message.id } })).body.state).toBe(
      'hidden',
    );
    expect(
      (
        await moderator.client.call(moderationRoutes.resolveReport, {
          params: { id: reportId },
          body: { action: 'no_action', note: 'Again' },
        })
      ).status,
    ).toBe(409);

    const log = await moderator.client.call(moderationRoutes.log, {
      params: { type: 'channel', id: channel.id },
      query: {},
    });
    expect(log.body.items.map((entry) => entry.action)).toEqual(['report.resolve', 'message.hide']);
    expect(log.body.items[1]).toMatchObject({
      moderator: { id: moderator.id },
      reason: 'Spam',
      target: { type: 'message', id: message.id },
    });

    const audit = await admin.client.call(auditRoutes.list, { query: { action: 'moderation.message.hide' } });
    const entry = audit.body.items.find((item) => item.targetId === message.id);
    expect(entry).toMatchObject({ actorId: moderator.id, outcome: 'allowed', details: { reason: 'Spam' } });
    expect(JSON.stringify(audit.body)).not.toContain('cheap visas');
  });

  it('dismissing a report: it leaves the open queue as dismissed, the message stays, the log and audit trail record it', async () => {
    const channel = await channelWithModerator();
    const thread = await startThread(memberA, channel.id);
    const message = await send(
      await memberA.socket(),
      thread.id,
      'Our unit meets the Thai liaison on Friday',
    );
    const reported = await memberB.client.call(threadRoutes.report, {
      params: { id: message.id },
      body: { reason: 'off_topic', note: 'Belongs in the liaison channel' },
    });
    expect(reported.status).toBe(201);
    const queueOf = async (status?: 'open' | 'dismissed' | 'resolved') =>
      (
        await moderator.client.call(moderationRoutes.reports, {
          params: { type: 'channel', id: channel.id },
          query: status ? { status } : {},
        })
      ).body.items;
    const [open] = await queueOf();
    expect(open).toMatchObject({ status: 'open', message: { id: message.id } });
    if (!open) throw new Error('the report is not in the open queue');
    const reportId = open.id;

    // Only the container's moderators may dismiss.
    const refused = await memberB.client.call(moderationRoutes.dismissReport, {
      params: { id: reportId },
      body: { note: 'I changed my mind' },
    });
    expect(refused.status).toBe(403);

    const dismissed = await moderator.client.call(moderationRoutes.dismissReport, {
      params: { id: reportId },
      body: { note: 'On topic: the liaison works here' },
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({
      id: reportId,
      status: 'dismissed',
      resolution: { action: null, by: 'Channel Moderator', note: 'On topic: the liaison works here' },
    });
    expect(await queueOf()).toEqual([]);
    expect((await queueOf('dismissed')).map((report) => report.id)).toEqual([reportId]);
    expect(await queueOf('resolved')).toEqual([]);
    // Dismissing takes no action on the message, and a handled report cannot be handled again.
    expect((await memberB.client.call(threadRoutes.message, { params: { id: message.id } })).body.state).toBe(
      'visible',
    );
    const dismissedAgain = await moderator.client.call(moderationRoutes.dismissReport, {
      params: { id: reportId },
      body: { note: 'Twice' },
    });
    expect(dismissedAgain.status).toBe(409);
    const resolvedAfter = await moderator.client.call(moderationRoutes.resolveReport, {
      params: { id: reportId },
      body: { action: 'message_hidden', note: 'Changed my mind' },
    });
    expect(resolvedAfter.status).toBe(409);
    expect((await memberB.client.call(threadRoutes.message, { params: { id: message.id } })).body.state).toBe(
      'visible',
    );

    const log = await moderator.client.call(moderationRoutes.log, {
      params: { type: 'channel', id: channel.id },
      query: {},
    });
    expect(log.body.items).toEqual([
      expect.objectContaining({
        action: 'report.dismiss',
        moderator: { id: moderator.id, displayName: 'Channel Moderator' },
        target: { type: 'report', id: reportId, label: null },
        reason: 'On topic: the liaison works here',
        details: expect.objectContaining({ action: null, messageId: message.id }),
      }),
    ]);

    const audit = await admin.client.call(auditRoutes.list, {
      query: { action: 'moderation.report.dismiss' },
    });
    const entries = audit.body.items.filter((item) => item.targetId === reportId);
    expect(entries).toEqual([
      expect.objectContaining({
        actorId: moderator.id,
        outcome: 'allowed',
        targetType: 'report',
        details: expect.objectContaining({
          reason: 'On topic: the liaison works here',
          messageId: message.id,
        }),
      }),
    ]);
    expect(JSON.stringify(audit.body)).not.toContain('Thai liaison on Friday');
  });

  it('edit history is kept and visible to moderators only', async () => {
    const channel = await channelWithModerator();
    const thread = await startThread(memberA, channel.id);
    const socket = await memberA.socket();
    const message = await send(socket, thread.id, 'version one');
    await emitAck(socket, 'message:edit', { messageId: message.id, body: 'version two' });
    await emitAck(socket, 'message:edit', { messageId: message.id, body: 'version three' });
    const history = await moderator.client.call(threadRoutes.messageHistory, { params: { id: message.id } });
    expect(history.body.items.map((edit) => [edit.version, edit.body])).toEqual([
      [1, 'version one'],
      [2, 'version two'],
    ]);
    expect(
      (await memberB.client.call(threadRoutes.messageHistory, { params: { id: message.id } })).status,
    ).toBe(403);
    expect(
      (await memberA.client.call(threadRoutes.messageHistory, { params: { id: message.id } })).status,
    ).toBe(403);
  });

  it('renaming, archiving and membership changes are in the channel’s moderation log', async () => {
    const channel = await channelWithModerator({ kind: 'private' });
    await moderator.client.call(channelRoutes.update, {
      params: { id: channel.id },
      body: { name: `renamed-${channel.name}` },
    });
    await moderator.client.call(channelRoutes.addMember, {
      params: { id: channel.id },
      body: { userId: memberA.id },
    });
    await moderator.client.call(channelRoutes.removeMember, {
      params: { id: channel.id, userId: memberA.id },
    });
    await admin.client.call(channelRoutes.archive, { params: { id: channel.id } });
    const log = await moderator.client.call(moderationRoutes.log, {
      params: { type: 'channel', id: channel.id },
      query: {},
    });
    expect(log.body.items.map((entry) => entry.action)).toEqual([
      'container.archive',
      'member.remove',
      'member.add',
      'container.update',
    ]);
  });
});
