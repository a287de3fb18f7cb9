import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRoutes, notificationRoutes, precedentRoutes } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { closeSockets, collect, signIn, waitFor, type Member } from '../../helpers/channels';
import { eventually } from '../../helpers/collab';
import { accept, answer, ask } from '../../helpers/precedents';
import { emitAck } from '../../helpers/socket';

describe('precedent desk: moderation', () => {
  let app: TestApp;
  /** How far the app's clock runs ahead of the real one (sessions and due times both follow it). */
  let offsetMs = 0;
  let asker: Member;
  let peer: Member;
  let reader: Member;
  let moderator: Member;
  let admin: Member;

  beforeAll(async () => {
    app = await startApp({ clock: () => new Date(Date.now() + offsetMs) });
    asker = await signIn(app, { country: 'PH', displayName: 'Asker' });
    peer = await signIn(app, { country: 'MY', displayName: 'Peer' });
    reader = await signIn(app, { country: 'TH', displayName: 'Reader' });
    moderator = await signIn(app, { role: 'moderator', country: 'SG', displayName: 'Moderator Lim' });
    admin = await signIn(app, { role: 'admin', country: 'ID', displayName: 'Admin' });
  });

  afterAll(async () => {
    closeSockets(asker, peer, reader, moderator, admin);
    await app?.close();
  });

  const get = (member: Member, id: string) => member.client.call(precedentRoutes.get, { params: { id } });

  it('a report reaches the queue and the moderators; resolving it hides the answer and recounts the question', async () => {
    const question = await ask(asker);
    const reply = await answer(peer, question.id);
    await accept(asker, question.id, reply.id);
    const reported = await reader.client.call(precedentRoutes.report, {
      params: { id: question.id },
      body: {
        target: { type: 'answer', id: reply.id },
        reason: 'victim_identifying',
        note: 'Names a victim',
      },
    });
    expect(reported.status).toBe(201);
    // Reporting twice does not flood the queue.
    await reader.client.call(precedentRoutes.report, {
      params: { id: question.id },
      body: { target: { type: 'answer', id: reply.id }, reason: 'victim_identifying' },
    });
    const queue = await moderator.client.call(precedentRoutes.reports, { query: { status: 'open' } });
    const mine = queue.body.items.filter((item) => item.target.id === reply.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ reason: 'victim_identifying', reporter: { displayName: 'Reader' } });
    // Moderators are told in the background, after the report is acknowledged.
    await eventually(async () => {
      const bell = await moderator.client.call(notificationRoutes.list, { query: {} });
      expect(bell.body.items.some((item) => item.kind === 'precedent_report')).toBe(true);
    }, 3_000);

    const resolved = await moderator.client.call(precedentRoutes.resolveReport, {
      params: { reportId: mine[0]?.id ?? '' },
      body: { action: 'content_hidden', note: 'Victim named in the answer' },
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: { action: 'content_hidden' } });
    const again = await moderator.client.call(precedentRoutes.resolveReport, {
      params: { reportId: mine[0]?.id ?? '' },
      body: { action: 'no_action', note: 'Second try' },
    });
    expect(again.status).toBe(409);

    // Hidden: readers see that something was hidden, not what; the author sees why; moderators see all.
    const forReader = await get(reader, question.id);
    expect(forReader.body).toMatchObject({
      status: 'open',
      answerCount: 0,
      acceptedCount: 0,
      resolvedAt: null,
    });
    expect(forReader.body.answers[0]).toMatchObject({ state: 'hidden', body: null, citations: [] });
    expect(forReader.body.answers[0]?.moderation).toMatchObject({ hiddenBy: null, reason: null });
    const forAuthor = await get(peer, question.id);
    expect(forAuthor.body.answers[0]?.moderation).toMatchObject({ reason: 'Victim named in the answer' });
    const forModerator = await get(moderator, question.id);
    expect(forModerator.body.answers[0]).toMatchObject({ body: expect.any(String) });
    expect(forModerator.body.answers[0]?.moderation).toMatchObject({ hiddenBy: 'Moderator Lim' });
    // The library forgets it with the hidden answer.
    const library = await reader.client.call(precedentRoutes.library, { query: {} });
    expect(library.body.items.map((item) => item.id)).not.toContain(question.id);
  });

  it('dismissing a report takes no action and is logged', async () => {
    const question = await ask(asker);
    await reader.client.call(precedentRoutes.report, {
      params: { id: question.id },
      body: { target: { type: 'question', id: question.id }, reason: 'off_topic' },
    });
    const queue = await moderator.client.call(precedentRoutes.reports, { query: {} });
    const report = queue.body.items.find((item) => item.questionId === question.id);
    const dismissed = await moderator.client.call(precedentRoutes.dismissReport, {
      params: { reportId: report?.id ?? '' },
      body: { note: 'It is on topic' },
    });
    expect(dismissed.body).toMatchObject({ status: 'dismissed', resolution: { action: null } });
    expect((await get(reader, question.id)).body.state).toBe('visible');
    const log = await moderator.client.call(precedentRoutes.moderationLog, {
      query: { questionId: question.id },
    });
    expect(log.body.items[0]).toMatchObject({ action: 'report.dismiss', reason: 'It is on topic' });
  });

  it('lock, move, close and reopen: each takes effect, is logged with who and why, and audited', async () => {
    const question = await ask(asker, { topics: ['forced-labour'], jurisdictions: ['MY'] });
    const reply = await answer(peer, question.id);
    const locked = await moderator.client.call(precedentRoutes.lock, {
      params: { id: question.id },
      body: { locked: true, reason: 'Heated exchange' },
    });
    expect(locked.body).toMatchObject({ locked: true, access: { answer: false } });
    const refused = await reader.client.call(precedentRoutes.answer, {
      params: { id: question.id },
      body: { clientRequestId: 'locked-answer-0001', body: 'An answer to a locked question.' },
    });
    expect(refused.body).toMatchObject({ error: { code: 'LOCKED' } });
    await moderator.client.call(precedentRoutes.lock, {
      params: { id: question.id },
      body: { locked: false, reason: 'Calmer now' },
    });

    const moved = await moderator.client.call(precedentRoutes.move, {
      params: { id: question.id },
      body: {
        topics: ['recruitment-deception', 'forced-labour'],
        jurisdictions: ['MY', 'ID'],
        reason: 'Better filed',
      },
    });
    expect(moved.body).toMatchObject({
      topics: ['recruitment-deception', 'forced-labour'],
      jurisdictions: ['MY', 'ID'],
    });

    const closed = await moderator.client.call(precedentRoutes.close, {
      params: { id: question.id },
      body: { reason: 'Duplicate of an earlier question' },
    });
    expect(closed.body).toMatchObject({
      status: 'closed',
      closed: { reason: 'Duplicate of an earlier question' },
    });
    const noAccept = await asker.client.call(precedentRoutes.setAccepted, {
      params: { id: question.id, answerId: reply.id },
      body: { accepted: true },
    });
    expect(noAccept.body).toMatchObject({ error: { code: 'ARCHIVED' } });
    const reopened = await moderator.client.call(precedentRoutes.reopen, {
      params: { id: question.id },
      body: { reason: 'Not a duplicate after all' },
    });
    expect(reopened.body).toMatchObject({ status: 'answered', closed: null });

    const log = await admin.client.call(precedentRoutes.moderationLog, {
      query: { questionId: question.id },
    });
    expect(log.body.items.map((entry) => entry.action)).toEqual([
      'question.reopen',
      'question.close',
      'question.move',
      'question.unlock',
      'question.lock',
    ]);
    expect(log.body.items.find((entry) => entry.action === 'question.move')).toMatchObject({
      moderator: { displayName: 'Moderator Lim' },
      reason: 'Better filed',
      details: { fromTopics: 'forced-labour', toTopics: 'recruitment-deception,forced-labour' },
    });
    const trail = await admin.client.call(auditRoutes.list, {
      query: { action: 'precedent.moderation.question.close' },
    });
    expect(trail.body.items[0]).toMatchObject({ actorId: moderator.id, targetId: question.id });
  });

  it('hiding a question takes it from readers at once, live', async () => {
    const question = await ask(asker);
    const socket = await reader.socket();
    const revoked = collect<{ questionId: string }>(socket, 'precedent:revoked');
    expect(await emitAck(socket, 'precedent:watch', { questionId: question.id })).toEqual({ ok: true });
    await moderator.client.call(precedentRoutes.hide, {
      params: { id: question.id },
      body: { target: { type: 'question', id: question.id }, reason: 'Contains case-identifying data' },
    });
    await waitFor(
      () => revoked.some((event) => event.questionId === question.id),
      1_000,
      'precedent:revoked',
    );
    expect((await get(reader, question.id)).status).toBe(404);
    // The asker still sees it, with the reason.
    const own = await get(asker, question.id);
    expect(own.body).toMatchObject({
      state: 'hidden',
      moderation: { reason: 'Contains case-identifying data' },
    });
    // Nothing more of it reaches the reader's socket.
    const changes = collect(socket, 'precedent:changed');
    await moderator.client.call(precedentRoutes.lock, {
      params: { id: question.id },
      body: { locked: true, reason: 'While hidden' },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes).toEqual([]);
  });

  it('overdue urgent questions are listed for moderators, with the flag', async () => {
    const urgent = await ask(asker, {
      urgency: 'urgent_hearing',
      title: 'Urgent: hearing on Monday about testimony',
    });
    const routine = await ask(asker, { urgency: 'routine', title: 'Routine question without deadline' });
    const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 10);
    const pastDeadline = await ask(asker, {
      urgency: 'this_week',
      deadline: yesterday,
      title: 'Needed by yesterday',
    });
    const overdueIds = async (member: Member) =>
      (await member.client.call(precedentRoutes.list, { query: { view: 'overdue' } })).body.items.map(
        (item) => item.id,
      );
    expect(await overdueIds(moderator)).toEqual([pastDeadline.id]);
    expect((await get(moderator, pastDeadline.id)).body.overdue).toBe(true);

    // Two days on, the urgent hearing's window has passed too (new sessions: the old ones idled out).
    offsetMs = 49 * 3600_000;
    const laterModerator = await signIn(app, { role: 'moderator', country: 'SG' });
    const listed = await overdueIds(laterModerator);
    expect(listed.sort()).toEqual([urgent.id, pastDeadline.id].sort());
    expect(listed).not.toContain(routine.id);
    expect((await get(laterModerator, urgent.id)).body.overdue).toBe(true);

    // Resolving it takes it off the list.
    const laterPeer = await signIn(app, { country: 'MY' });
    const reply = await answer(laterPeer, urgent.id);
    await accept(laterModerator, urgent.id, reply.id);
    expect(await overdueIds(laterModerator)).toEqual([pastDeadline.id]);
  });
});
