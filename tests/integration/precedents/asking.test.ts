import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import {
  PERSONAL_DATA_REPLACEMENT,
  adminRoutes,
  auditRoutes,
  notificationRoutes,
  precedentRoutes,
  type NotificationCreatedEvent,
} from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { closeSockets, collect, signIn, sleep, waitFor, type Member } from '../../helpers/channels';
import { answer, ask, buildQuestion } from '../../helpers/precedents';
import { emitAck, type TestSocket } from '../../helpers/socket';

/**
 * Asking on the precedent desk: exactly the audience is told, live and in the notifications panel;
 * anonymity holds for members and not for moderators or the audit trail; marked personal data never
 * reaches the database.
 */
describe('precedent desk: asking', () => {
  let app: TestApp;
  let asker: Member;
  let moderator: Member;
  let admin: Member;
  let malaysian: Member;
  let thai: Member;
  let filipinoExpert: Member;
  let vietnamese: Member;
  let observer: Member;
  const inbox = new Map<string, NotificationCreatedEvent[]>();
  const sockets = new Map<string, TestSocket>();

  beforeAll(async () => {
    app = await startApp();
    asker = await signIn(app, { country: 'PH', displayName: 'Asker Santos' });
    moderator = await signIn(app, { role: 'moderator', country: 'SG', displayName: 'Mod Lim' });
    admin = await signIn(app, { role: 'admin', country: 'ID', displayName: 'Admin Rahman' });
    malaysian = await signIn(app, { country: 'MY', displayName: 'Faizal' });
    thai = await signIn(app, { country: 'TH', displayName: 'Somsak' });
    filipinoExpert = await signIn(app, {
      country: 'KH',
      displayName: 'Sokha',
      expertise: ['forced-labour', 'digital-evidence'],
    });
    vietnamese = await signIn(app, { country: 'VN', displayName: 'Lan', expertise: ['extradition'] });
    observer = await signIn(app, { role: 'observer', country: 'UNODC', displayName: 'Hannah' });
    for (const member of [asker, moderator, admin, malaysian, thai, filipinoExpert, vietnamese, observer]) {
      const socket = await member.socket();
      sockets.set(member.id, socket);
      inbox.set(member.id, collect<NotificationCreatedEvent>(socket, 'notification:created'));
    }
  });

  afterAll(async () => {
    closeSockets(asker, moderator, admin, malaysian, thai, filipinoExpert, vietnamese, observer);
    await app?.close();
  });

  const askedOf = (questionId: string) =>
    [...inbox.entries()]
      .filter(([, events]) =>
        events.some(
          (event) =>
            event.notification.kind === 'precedent_question' &&
            event.notification.container?.id === questionId,
        ),
      )
      .map(([id]) => id)
      .sort();

  async function settle(questionId: string, expected: Member[]): Promise<void> {
    await waitFor(() => askedOf(questionId).length >= expected.length, 3_000, 'audience notifications');
    // Long enough for a wrong recipient's notification to arrive too.
    await sleep(300);
  }

  it('a network question reaches every contributor but the asker, and not observers', async () => {
    const question = await ask(asker, { audience: { kind: 'network' } });
    const expected = [moderator, admin, malaysian, thai, filipinoExpert, vietnamese];
    await settle(question.id, expected);
    expect(askedOf(question.id)).toEqual(expected.map((member) => member.id).sort());
  });

  it('a question for chosen countries reaches only their members; others cannot even read it', async () => {
    const question = await ask(asker, { audience: { kind: 'countries', countries: ['MY', 'TH'] } });
    await settle(question.id, [malaysian, thai]);
    expect(askedOf(question.id)).toEqual([malaysian.id, thai.id].sort());
    for (const outsider of [vietnamese, filipinoExpert, observer]) {
      const read = await outsider.client.call(precedentRoutes.get, { params: { id: question.id } });
      expect(read.status).toBe(404);
      const watch = await emitAck(sockets.get(outsider.id) as TestSocket, 'precedent:watch', {
        questionId: question.id,
      });
      expect(watch).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    // Moderators run the desk: they read it although they were not asked.
    expect((await moderator.client.call(precedentRoutes.get, { params: { id: question.id } })).status).toBe(
      200,
    );
  });

  it('an experts question reaches members whose expertise matches a topic', async () => {
    const question = await ask(asker, {
      topics: ['digital-evidence', 'extradition'],
      audience: { kind: 'experts' },
    });
    await settle(question.id, [filipinoExpert, vietnamese]);
    expect(askedOf(question.id)).toEqual([filipinoExpert.id, vietnamese.id].sort());
    // The notifications panel has it too, not only the live event.
    const panel = await vietnamese.client.call(notificationRoutes.list, { query: {} });
    expect(panel.body.items.some((item) => item.container?.id === question.id)).toBe(true);
  });

  it('anonymous: members see no author anywhere, moderators and the audit trail do', async () => {
    const question = await ask(asker, {
      anonymous: true,
      title: 'Anonymous: non-punishment for forced scammers',
    });
    expect(question.author).toMatchObject({ id: asker.id });
    expect(question.askedByMe).toBe(true);
    await settle(question.id, [moderator, admin, malaysian, thai, filipinoExpert, vietnamese]);

    const seenByMember = await malaysian.client.call(precedentRoutes.get, { params: { id: question.id } });
    expect(seenByMember.body).toMatchObject({ anonymous: true, author: null, askedByMe: false });
    expect(JSON.stringify(seenByMember.body)).not.toContain(asker.id);
    expect(JSON.stringify(seenByMember.body)).not.toContain('Asker Santos');
    const listed = await malaysian.client.call(precedentRoutes.list, { query: { view: 'open' } });
    const item = listed.body.items.find((entry) => entry.id === question.id);
    expect(item).toMatchObject({ author: null });
    const notified = inbox
      .get(malaysian.id)
      ?.find((event) => event.notification.container?.id === question.id)?.notification;
    expect(notified?.actor).toBeNull();
    expect(notified?.title).not.toContain('Asker Santos');

    // The asker's follow-up under an answer stays anonymous to members too.
    const reply = await answer(thai, question.id);
    const comment = await asker.client.call(precedentRoutes.comment, {
      params: { id: question.id, answerId: reply.id },
      body: { clientRequestId: 'followup-0001', body: 'Thank you: was the debt found unlawful?' },
    });
    expect(comment.status).toBe(201);
    const thread = await thai.client.call(precedentRoutes.get, { params: { id: question.id } });
    expect(thread.body.answers[0]?.comments[0]).toMatchObject({ author: null, byAsker: true });
    expect(JSON.stringify(thread.body)).not.toContain(asker.id);

    const seenByModerator = await moderator.client.call(precedentRoutes.get, { params: { id: question.id } });
    expect(seenByModerator.body.author).toMatchObject({ id: asker.id, displayName: 'Asker Santos' });
    expect(seenByModerator.body.answers[0]?.comments[0]?.author).toMatchObject({ id: asker.id });

    const trail = await admin.client.call(auditRoutes.list, {
      query: { action: 'precedent.question_asked', targetId: question.id },
    });
    expect(trail.body.items[0]).toMatchObject({ actorId: asker.id, details: { anonymous: true } });
  });

  it('marked personal data is removed before anything is stored', async () => {
    const question = await ask(asker, {
      situation:
        'The victim [[personal: Maria Dela Cruz, passport P1234567]] was recruited in Cebu by an agency promising hotel work.',
    });
    expect(question.situation).toContain(PERSONAL_DATA_REPLACEMENT);
    expect(question.personalDataRemoved).toBe(1);
    const stored = await app.database.db
      .collection('precedent_questions')
      .findOne({ title: question.title, personalDataRemoved: 1 });
    expect(JSON.stringify(stored)).not.toContain('Maria Dela Cruz');
    expect(JSON.stringify(stored)).not.toContain('P1234567');
  });

  it('a retried ask with the same request id is stored once', async () => {
    const body = buildQuestion({ title: 'Retried question about venue' });
    const first = await asker.client.call(precedentRoutes.ask, { body });
    const second = await asker.client.call(precedentRoutes.ask, { body });
    expect(first.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(
      await app.database.db
        .collection('precedent_questions')
        .countDocuments({ title: 'Retried question about venue' }),
    ).toBe(1);
  });

  it('observers may not ask unless the network allows it, and the desk tells them which', async () => {
    expect((await observer.client.call(precedentRoutes.access)).body).toEqual({
      contribute: false,
      moderate: false,
    });
    const refused = await observer.client.call(precedentRoutes.ask, { body: buildQuestion() });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'FORBIDDEN' } });

    await admin.client.call(adminRoutes.updateSettings, { body: { observersMayContribute: true } });
    try {
      expect((await observer.client.call(precedentRoutes.access)).body).toEqual({
        contribute: true,
        moderate: false,
      });
      expect((await observer.client.call(precedentRoutes.ask, { body: buildQuestion() })).status).toBe(201);
    } finally {
      await admin.client.call(adminRoutes.updateSettings, { body: { observersMayContribute: false } });
    }
    expect((await moderator.client.call(precedentRoutes.access)).body).toEqual({
      contribute: true,
      moderate: true,
    });
  });

  it('bad input gets a clear 400 and stores nothing', async () => {
    const before = await app.database.db.collection('precedent_questions').countDocuments();
    const cases: unknown[] = [
      { ...buildQuestion(), title: { $gt: '' } },
      { ...buildQuestion(), audience: { kind: 'countries', countries: [] } },
      { ...buildQuestion(), topics: ['not-a-topic'] },
      { ...buildQuestion(), topics: ['forced-labour', 'forced-labour'] },
      { ...buildQuestion(), situation: 'too short' },
      { ...buildQuestion(), deadline: '2001-01-01' },
      { ...buildQuestion(), extra: true },
    ];
    for (const body of cases) {
      const result = await asker.client.request('POST', precedentRoutes.ask.path, { body });
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.body).toMatchObject({
        error: { code: 'VALIDATION_FAILED', message: expect.any(String) },
      });
    }
    expect(await app.database.db.collection('precedent_questions').countDocuments()).toBe(before);
  });

  it('editing the deadline moves the due time; clearing it falls back to the urgency window', async () => {
    const stored = async (id: string) =>
      (await app.database.db
        .collection<{ deadline: string | null; dueAt: Date | null }>('precedent_questions')
        .findOne({ _id: new ObjectId(id) }))!;
    const inAWeek = new Date(Date.now() + 7 * 24 * 3600_000).toISOString().slice(0, 10);
    const inAMonth = new Date(Date.now() + 30 * 24 * 3600_000).toISOString().slice(0, 10);
    const question = await ask(asker, { urgency: 'routine', deadline: inAWeek });
    expect((await stored(question.id)).dueAt).toEqual(new Date(`${inAWeek}T23:59:59.999Z`));

    const edit = (body: Record<string, unknown>) =>
      asker.client.call(precedentRoutes.update, { params: { id: question.id }, body });
    expect((await edit({ deadline: inAMonth })).body.deadline).toBe(inAMonth);
    expect((await stored(question.id)).dueAt).toEqual(new Date(`${inAMonth}T23:59:59.999Z`));

    // A routine question without a deadline is never due.
    expect((await edit({ deadline: null })).body.deadline).toBeNull();
    expect(await stored(question.id)).toMatchObject({ deadline: null, dueAt: null });

    // Editing something else keeps the stored deadline (here: none) and applies the new urgency.
    const created = (await stored(question.id)) as unknown as { createdAt: Date };
    await edit({ urgency: 'this_week' });
    expect((await stored(question.id)).dueAt).toEqual(
      new Date(created.createdAt.getTime() + 7 * 24 * 3600_000),
    );
  });
});
