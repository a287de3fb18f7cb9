import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  COLLAB_CLOSE_CODES,
  precedentRoutes,
  type PrecedentChangedEvent,
  type PrecedentFile,
} from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { closeSockets, collect, signIn, waitFor, type Member } from '../../helpers/channels';
import { appendParagraph, connectDoc, eventually, withTimeout } from '../../helpers/collab';
import { accept, answer, ask, buildCitation } from '../../helpers/precedents';
import { emitAck } from '../../helpers/socket';

describe('precedent desk: answering', () => {
  let app: TestApp;
  let asker: Member;
  let peer: Member;
  let other: Member;
  let moderator: Member;
  let observer: Member;

  beforeAll(async () => {
    app = await startApp({ collab: { unloadAfterMs: 100 } });
    asker = await signIn(app, { country: 'PH', displayName: 'Asker' });
    peer = await signIn(app, { country: 'MY', displayName: 'Peer' });
    other = await signIn(app, { country: 'TH', displayName: 'Other' });
    moderator = await signIn(app, { role: 'moderator', country: 'SG', displayName: 'Moderator' });
    observer = await signIn(app, { role: 'observer', country: 'UNODC', displayName: 'Observer' });
  });

  afterAll(async () => {
    closeSockets(asker, peer, other, moderator, observer);
    await app?.close();
  });

  it('a first answer moves the question to answered; accepting resolves it; withdrawing the acceptance goes back', async () => {
    const question = await ask(asker);
    expect(question.status).toBe('open');
    const reply = await answer(peer, question.id);
    expect(reply.citations[0]).toMatchObject({
      caseName: 'Public Prosecutor v. Tan Ah Kow',
      key: 'my-2019-2019-5-mlj-123',
    });
    const answered = await asker.client.call(precedentRoutes.get, { params: { id: question.id } });
    expect(answered.body).toMatchObject({
      status: 'answered',
      answerCount: 1,
      answeredAt: expect.any(String),
    });

    const resolved = await accept(asker, question.id, reply.id);
    expect(resolved).toMatchObject({ status: 'resolved', acceptedCount: 1, resolvedAt: expect.any(String) });
    expect(resolved.answers[0]?.accepted).toMatchObject({ byAsker: true });

    const withdrawn = await asker.client.call(precedentRoutes.setAccepted, {
      params: { id: question.id, answerId: reply.id },
      body: { accepted: false },
    });
    expect(withdrawn.body).toMatchObject({ status: 'answered', acceptedCount: 0, resolvedAt: null });
  });

  it('only the asker or a moderator accepts, and more than one answer may be accepted', async () => {
    const question = await ask(asker);
    const first = await answer(peer, question.id);
    const second = await answer(other, question.id);
    for (const stranger of [peer, other]) {
      const refused = await stranger.client.call(precedentRoutes.setAccepted, {
        params: { id: question.id, answerId: first.id },
        body: { accepted: true },
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        error: { code: 'FORBIDDEN', message: expect.stringMatching(/asker or a moderator/) },
      });
    }
    await accept(asker, question.id, first.id);
    const both = await accept(moderator, question.id, second.id);
    expect(both.acceptedCount).toBe(2);
    expect(both.answers.find((entry) => entry.id === second.id)?.accepted).toMatchObject({ byAsker: false });
  });

  it('the asker cannot answer their own question', async () => {
    const question = await ask(asker);
    const refused = await asker.client.call(precedentRoutes.answer, {
      params: { id: question.id },
      body: { clientRequestId: randomUUID(), body: 'Answering myself would unmask me.' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { message: expect.stringMatching(/follow-ups/) } });
  });

  it('helpful: one mark per member, never on one’s own answer, and it can be taken back', async () => {
    const question = await ask(asker);
    const reply = await answer(peer, question.id);
    const mark = (member: Member, helpful: boolean) =>
      member.client.call(precedentRoutes.setHelpful, {
        params: { id: question.id, answerId: reply.id },
        body: { helpful },
      });
    expect((await mark(other, true)).body).toMatchObject({ helpfulCount: 1, markedHelpfulByMe: true });
    // Marking twice is still one mark.
    expect((await mark(other, true)).body).toMatchObject({ helpfulCount: 1 });
    expect((await mark(asker, true)).body).toMatchObject({ helpfulCount: 2 });
    const own = await mark(peer, true);
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ error: { message: 'You cannot mark your own answer helpful' } });
    expect((await mark(other, false)).body).toMatchObject({ helpfulCount: 1, markedHelpfulByMe: false });
    expect(await app.database.db.collection('precedent_helpful').countDocuments({})).toBeGreaterThanOrEqual(
      1,
    );
    const seenByAsker = await asker.client.call(precedentRoutes.get, { params: { id: question.id } });
    expect(seenByAsker.body.answers[0]).toMatchObject({ helpfulCount: 1, markedHelpfulByMe: true });
  });

  it('citations are validated field by field with clear errors, and nothing is stored', async () => {
    const question = await ask(asker);
    const nextYear = new Date().getUTCFullYear() + 1;
    const { caseName: _caseName, ...withoutCaseName } = buildCitation();
    const bad: [unknown, string, RegExp][] = [
      [buildCitation({ year: 1850 }), 'citations.0.year', /1900 or later/],
      [buildCitation({ year: nextYear }), 'citations.0.year', /future/],
      [buildCitation({ year: 2019.5 }), 'citations.0.year', /whole year/],
      [withoutCaseName, 'citations.0.caseName', /./],
      [buildCitation({ court: '' }), 'citations.0.court', /./],
      [buildCitation({ outcome: 'won' as never }), 'citations.0.outcome', /./],
      [buildCitation({ url: 'javascript:alert(1)' }), 'citations.0.url', /http or https/],
      [{ ...buildCitation(), court: { $ne: null } }, 'citations.0.court', /./],
    ];
    for (const [citation, path, message] of bad) {
      const result = await peer.client.request<{
        error: { code: string; details: { path: string; message: string }[] };
      }>('POST', `/api/precedents/questions/${question.id}/answers`, {
        body: { clientRequestId: randomUUID(), body: 'An answer with a citation.', citations: [citation] },
      });
      expect(result.status, JSON.stringify(citation)).toBe(400);
      expect(result.body.error.code).toBe('VALIDATION_FAILED');
      const detail = result.body.error.details.find((entry) => entry.path === `body.${path}`);
      expect(detail, `${path} in ${JSON.stringify(result.body.error.details)}`).toBeDefined();
      expect(detail?.message ?? '').toMatch(message);
    }
    expect(
      await app.database.db.collection('precedent_answers').countDocuments({ questionId: question.id }),
    ).toBe(0);
    const unchanged = await asker.client.call(precedentRoutes.get, { params: { id: question.id } });
    expect(unchanged.body.answers).toEqual([]);
  });

  it('a judgment excerpt is uploaded, cited and downloadable only by those who can read the answer', async () => {
    const question = await ask(asker, { audience: { kind: 'countries', countries: ['MY', 'PH'] } });
    const upload = await peer.client.request<PrecedentFile>(
      'POST',
      '/api/precedents/files?fileName=excerpt.txt',
      {
        rawBody: 'Paragraph 41: the accused exploited the workers’ debts.',
        headers: { 'content-type': 'application/octet-stream', 'x-file-type': 'text/plain' },
      },
    );
    expect(upload.status).toBe(201);
    // Until cited, only the uploader can fetch it.
    expect((await other.client.request('GET', `/api/precedents/files/${upload.body.id}`)).status).toBe(404);
    // Someone else cannot cite another member's upload.
    const stolen = await moderator.client.call(precedentRoutes.answer, {
      params: { id: question.id },
      body: {
        clientRequestId: randomUUID(),
        body: 'Citing a file I did not upload.',
        citations: [buildCitation({ attachmentId: upload.body.id })],
      },
    });
    expect(stolen.status).toBe(400);
    expect(stolen.body).toMatchObject({
      error: { details: [{ path: 'body.citations.0.attachmentId', message: 'upload the file first' }] },
    });
    const reply = await answer(peer, question.id, {
      citations: [buildCitation({ attachmentId: upload.body.id })],
    });
    expect(reply.citations[0]?.attachment).toMatchObject({ id: upload.body.id, filename: 'excerpt.txt' });
    const download = await asker.client.request<string>('GET', `/api/precedents/files/${upload.body.id}`);
    expect(download.status).toBe(200);
    expect(download.body).toContain('Paragraph 41');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    // Thailand is not among the question's countries: no question, no file.
    expect((await other.client.request('GET', `/api/precedents/files/${upload.body.id}`)).status).toBe(404);

    const script = await peer.client.request('POST', '/api/precedents/files?fileName=excerpt.pdf', {
      rawBody: '<script>alert(1)</script>',
      headers: { 'content-type': 'application/octet-stream', 'x-file-type': 'application/pdf' },
    });
    expect(script.status).toBe(415);
  });

  it('follow-up comments sit under their answer; a locked question takes none', async () => {
    const question = await ask(asker);
    const reply = await answer(peer, question.id);
    const posted = await other.client.call(precedentRoutes.comment, {
      params: { id: question.id, answerId: reply.id },
      body: { clientRequestId: randomUUID(), body: 'Was the appeal heard on the same facts?' },
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({
      answerId: reply.id,
      author: { displayName: 'Other' },
      byAsker: false,
    });
    await moderator.client.call(precedentRoutes.lock, {
      params: { id: question.id },
      body: { locked: true, reason: 'Enough has been said' },
    });
    const refused = await other.client.call(precedentRoutes.comment, {
      params: { id: question.id, answerId: reply.id },
      body: { clientRequestId: randomUUID(), body: 'One more thing' },
    });
    expect(refused.status).toBe(423);
    expect(refused.body).toMatchObject({ error: { code: 'LOCKED' } });
    const fetched = await asker.client.call(precedentRoutes.get, { params: { id: question.id } });
    expect(fetched.body.answers[0]?.comments.map((comment) => comment.body)).toEqual([
      'Was the appeal heard on the same facts?',
    ]);
  });

  it('watchers hear of new answers live; a reader who may not read cannot watch', async () => {
    const question = await ask(asker, { audience: { kind: 'countries', countries: ['PH', 'MY'] } });
    const askerSocket = await asker.socket();
    const changes = collect<PrecedentChangedEvent>(askerSocket, 'precedent:changed');
    expect(await emitAck(askerSocket, 'precedent:watch', { questionId: question.id })).toEqual({ ok: true });
    const outsiderSocket = await other.socket();
    const outsiderChanges = collect<PrecedentChangedEvent>(outsiderSocket, 'precedent:changed');
    expect(await emitAck(outsiderSocket, 'precedent:watch', { questionId: question.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await emitAck(outsiderSocket, 'precedent:watch', { questionId: { $ne: '' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    await answer(peer, question.id);
    await waitFor(() =>
      changes.some((event) => event.questionId === question.id && event.scope === 'answers'),
    );
    expect(outsiderChanges).toEqual([]);
  });

  it('the co-edited summary: contributors edit it, observers read it, outsiders cannot open it', async () => {
    const question = await ask(asker);
    const reply = await answer(peer, question.id);
    await accept(asker, question.id, reply.id);
    const started = await peer.client.call(precedentRoutes.startSummary, { params: { id: question.id } });
    expect(started.status).toBe(200);
    const documentId = started.body.summaryDocumentId;
    if (!documentId) throw new Error('no summary document');

    const editor = connectDoc(app.url, peer.client, documentId);
    await withTimeout(editor.synced, 5_000, 'editor sync');
    appendParagraph(editor.doc, 'Consolidated advice: debt bondage can be the means.');
    const reader = connectDoc(app.url, observer.client, documentId);
    await withTimeout(reader.synced, 5_000, 'observer sync');
    await eventually(() => expect(reader.text()).toContain('Consolidated advice'), 5_000);
    // The observer's own edit is refused: it never reaches the editor.
    appendParagraph(reader.doc, 'Observer scribble');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(editor.text()).not.toContain('Observer scribble');

    const closedQuestion = await ask(asker, { audience: { kind: 'countries', countries: ['PH'] } });
    const summary = await asker.client.call(precedentRoutes.startSummary, {
      params: { id: closedQuestion.id },
    });
    const hiddenDoc = summary.body.summaryDocumentId ?? '';
    const outsider = connectDoc(app.url, peer.client, hiddenDoc, { doc: new Y.Doc() });
    const closed = await withTimeout(outsider.closed, 5_000, 'outsider refused');
    expect(closed.code).toBe(COLLAB_CLOSE_CODES.forbidden);
    expect(outsider.received).toHaveLength(0);
    for (const client of [editor, reader, outsider]) client.destroy();
  });
});
