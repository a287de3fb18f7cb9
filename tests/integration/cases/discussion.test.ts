import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import {
  COLLAB_CLOSE_CODES,
  caseRoutes,
  threadRoutes,
  type Case,
  type ContainerRef,
  type Message,
  type ThreadDetail,
} from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import {
  clientId,
  closeSockets,
  collect,
  send,
  signIn,
  sleep,
  waitFor,
  type Member,
} from '../../helpers/channels';
import { appendParagraph, connectDoc, eventually, withTimeout, type DocClient } from '../../helpers/collab';
import { emitAck, nextEvent } from '../../helpers/socket';

/**
 * The case discussion thread: one per case, opened by the case; the team reads it, leads and
 * members write while the case is open, nobody else sees anything of it, by REST or by socket.
 */
describe('case discussion thread', () => {
  let app: TestApp;
  let lead: Member;
  let member: Member;
  let viewer: Member;
  let outsider: Member;
  let admin: Member;
  let caseId = '';
  let threadId = '';
  const docs: DocClient[] = [];

  beforeAll(async () => {
    app = await startApp();
    lead = await signIn(app, { country: 'PH', displayName: 'Maria Santos' });
    member = await signIn(app, { country: 'MY', displayName: 'Faizal Rahman' });
    viewer = await signIn(app, { role: 'observer', country: 'UNODC', displayName: 'Hannah Weber' });
    outsider = await signIn(app, { country: 'PH', displayName: 'Outsider Same Country' });
    admin = await signIn(app, { role: 'admin', country: 'MY', displayName: 'Network Admin' });
    const created = await lead.client.call(caseRoutes.create, {
      body: { title: 'Operation Coral', sensitivity: 'CONFIDENTIAL', countries: ['PH', 'MY'] },
    });
    expect(created.status).toBe(201);
    caseId = (created.body as Case).id;
    threadId = (created.body as Case).threadId ?? '';
    for (const [who, role] of [
      [member, 'member'],
      [viewer, 'viewer'],
    ] as const) {
      const added = await lead.client.call(caseRoutes.addMember, {
        params: { id: caseId },
        body: { userId: who.id, role },
      });
      expect(added.status).toBe(201);
    }
  });

  afterAll(async () => {
    for (const doc of docs) doc.destroy();
    closeSockets(lead, member, viewer, outsider, admin);
    await app?.close();
  });

  const container = (): ContainerRef => ({ type: 'case', id: caseId });

  it('opens exactly one discussion thread with the case; members cannot start others', async () => {
    expect(threadId).toMatch(/^[a-f0-9]{24}$/);
    const thread = await lead.client.call(threadRoutes.get, { params: { id: threadId } });
    expect(thread.status).toBe(200);
    expect(thread.body).toMatchObject({
      container: container(),
      title: 'Operation Coral',
      lastSeq: 0,
      containerName: 'Operation Coral',
      access: { read: true, startThread: false, post: true, moderate: true },
    });
    const listed = await member.client.call(threadRoutes.list, { params: container(), query: {} });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item) => item.id)).toEqual([threadId]);
    const second = await member.client.call(threadRoutes.create, {
      params: container(),
      body: { title: 'A second thread', body: 'Should not exist', tags: [], clientMessageId: clientId() },
    });
    expect(second.status).toBe(403);
    // Opening again, even concurrently, finds the same thread.
    const opener = { id: lead.id, displayName: 'Maria Santos', country: 'PH' as const };
    const again = await Promise.all(
      [1, 2, 3].map(() =>
        app.built.services.threads.threads.openContainerThread(container(), {
          title: 'Operation Coral',
          openedBy: opener,
        }),
      ),
    );
    expect(again.map((entry) => entry.id)).toEqual([threadId, threadId, threadId]);
    const relisted = await lead.client.call(threadRoutes.list, { params: container(), query: {} });
    expect(relisted.body.items).toHaveLength(1);
    // The discussion belongs to the case: it cannot be moved away, and is titled after the case.
    const moved = await lead.client.call(threadRoutes.move, {
      params: { id: threadId },
      body: { to: { type: 'case', id: new ObjectId().toHexString() }, reason: 'tidy up' },
    });
    expect(moved.status).toBe(400);
    const retitled = await lead.client.call(threadRoutes.update, {
      params: { id: threadId },
      body: { title: 'Something else' },
    });
    expect(retitled.status).toBe(400);
  });

  it('a case whose opening was cut short gets its thread on the next read, still only one', async () => {
    const cases = app.database.db.collection('cases');
    // Crash after the thread but before the case recorded it: the stored thread is adopted.
    await cases.updateOne({ _id: new ObjectId(caseId) }, { $set: { threadId: null } });
    const adopted = await viewer.client.call(caseRoutes.get, { params: { id: caseId } });
    expect(adopted.body.threadId).toBe(threadId);

    // Crash before the thread existed at all: the first read opens it.
    const other = await lead.client.call(caseRoutes.create, {
      body: { title: 'Operation Driftnet', sensitivity: 'RESTRICTED', countries: ['PH'] },
    });
    const otherId = (other.body as Case).id;
    const otherThread = (other.body as Case).threadId ?? '';
    await app.database.db.collection('threads').deleteOne({ _id: new ObjectId(otherThread) });
    await cases.updateOne({ _id: new ObjectId(otherId) }, { $set: { threadId: null } });
    const [first, second] = await Promise.all([
      lead.client.call(caseRoutes.get, { params: { id: otherId } }),
      lead.client.call(caseRoutes.get, { params: { id: otherId } }),
    ]);
    expect(first.body.threadId).toMatch(/^[a-f0-9]{24}$/);
    expect(first.body.threadId).not.toBe(otherThread);
    expect(second.body.threadId).toBe(first.body.threadId);
    const listed = await lead.client.call(threadRoutes.list, {
      params: { type: 'case', id: otherId },
      query: {},
    });
    expect(listed.body.items.map((item) => item.id)).toEqual([first.body.threadId]);
  });

  it('team members post and see each other live; the viewer reads but cannot post', async () => {
    const leadSocket = await lead.socket();
    const memberSocket = await member.socket();
    const viewerSocket = await viewer.socket();
    for (const socket of [leadSocket, memberSocket, viewerSocket]) {
      const ack = await emitAck<{ thread: ThreadDetail }>(socket, 'thread:subscribe', { threadId });
      expect(ack.ok).toBe(true);
    }
    const atLead = nextEvent<{ message: Message }>(leadSocket, 'message:created');
    const atViewer = nextEvent<{ message: Message }>(viewerSocket, 'message:created');
    const sent = await send(memberSocket, threadId, 'MY can share the vessel monitoring data by Friday');
    expect(sent.seq).toBe(1);
    expect((await atLead).message).toMatchObject({ id: sent.id, body: sent.body });
    expect((await atViewer).message.id).toBe(sent.id);

    const atMember = nextEvent<{ message: Message }>(memberSocket, 'message:created');
    const reply = await send(leadSocket, threadId, 'Thank you, PH will prepare the MLA request');
    expect((await atMember).message).toMatchObject({ id: reply.id, seq: 2 });

    const refused = await emitAck(viewerSocket, 'message:send', {
      threadId,
      clientMessageId: clientId(),
      body: 'A viewer trying to post',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const react = await emitAck(viewerSocket, 'message:react', {
      messageId: sent.id,
      emoji: '👍',
      on: true,
    });
    expect(react.ok).toBe(false);

    const history = await viewer.client.call(threadRoutes.messages, {
      params: { id: threadId },
      query: {},
    });
    expect(history.status).toBe(200);
    expect(history.body.items.map((message) => message.body)).toEqual([sent.body, reply.body]);
    const viewerDetail = await viewer.client.call(threadRoutes.get, { params: { id: threadId } });
    expect(viewerDetail.body.access).toMatchObject({ read: true, post: false, react: false });
  });

  it('outsiders and admins see nothing of it, by REST or by socket', async () => {
    const memberSocket = await member.socket();
    await emitAck(memberSocket, 'thread:subscribe', { threadId });
    for (const stranger of [outsider, admin]) {
      expect((await stranger.client.call(threadRoutes.get, { params: { id: threadId } })).status).toBe(404);
      expect(
        (await stranger.client.call(threadRoutes.messages, { params: { id: threadId }, query: {} })).status,
      ).toBe(404);
      expect((await stranger.client.call(threadRoutes.list, { params: container(), query: {} })).status).toBe(
        404,
      );
      const socket = await stranger.socket();
      const seen = collect<{ message: Message }>(socket, 'message:created');
      const subscribe = await emitAck(socket, 'thread:subscribe', { threadId });
      expect(subscribe).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const joinCase = await emitAck(socket, 'container:subscribe', { container: container() });
      expect(joinCase).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const post = await emitAck(socket, 'message:send', {
        threadId,
        clientMessageId: clientId(),
        body: 'Let me in',
      });
      expect(post).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const sync = await emitAck(socket, 'thread:sync', { threadId, afterSeq: 0 });
      expect(sync.ok).toBe(false);
      await send(memberSocket, threadId, `Not for ${stranger.user.displayName}`);
      await sleep(300);
      expect(seen).toEqual([]);
    }
  });

  it('every read of the discussion, allowed or refused, is in the case’s audit trail with its address', async () => {
    const trail = async () =>
      (
        await app.database.db
          .collection<{
            action: string;
            actorId: string;
            outcome: string;
            caseId: string;
            ip: string | null;
          }>('audit_log')
          .find({
            targetId: threadId,
            action: { $in: ['thread.read', 'thread.history_read', 'thread.synced'] },
          })
          .toArray()
      ).map(
        (entry) =>
          `${entry.actorId === member.id ? 'member' : entry.actorId === outsider.id ? 'outsider' : 'other'}:${entry.action}:${entry.outcome}:${entry.caseId === caseId}:${entry.ip !== null}`,
      );
    const before = (await trail()).length;
    expect((await member.client.call(threadRoutes.get, { params: { id: threadId } })).status).toBe(200);
    expect(
      (await member.client.call(threadRoutes.messages, { params: { id: threadId }, query: {} })).status,
    ).toBe(200);
    const socket = await member.socket();
    const synced = await emitAck(socket, 'thread:sync', { threadId, afterSeq: 0 });
    expect(synced.ok).toBe(true);
    expect(
      (await outsider.client.call(threadRoutes.messages, { params: { id: threadId }, query: {} })).status,
    ).toBe(404);
    expect((await trail()).slice(before)).toEqual([
      'member:thread.read:allowed:true:true',
      'member:thread.history_read:allowed:true:true',
      'member:thread.synced:allowed:true:true',
      'outsider:thread.history_read:denied:true:true',
    ]);
  });

  it('removal from the team: no further events within 1 s, REST refused, summary editor closed', async () => {
    const removed = await signIn(app, { country: 'MY', displayName: 'Soon Removed' });
    await lead.client.call(caseRoutes.addMember, {
      params: { id: caseId },
      body: { userId: removed.id, role: 'member' },
    });
    const summary = await removed.client.call(threadRoutes.startSummary, { params: { id: threadId } });
    expect(summary.status).toBe(200);
    const editor = connectDoc(app.url, removed.client, summary.body.summaryDocumentId ?? '');
    docs.push(editor);
    await withTimeout(editor.synced, 5_000, 'summary sync');

    const socket = await removed.socket();
    expect((await emitAck(socket, 'thread:subscribe', { threadId })).ok).toBe(true);
    expect((await emitAck(socket, 'container:subscribe', { container: container() })).ok).toBe(true);
    expect((await emitAck(socket, 'cases:watch', { caseId })).ok).toBe(true);
    const leadSocket = await lead.socket();
    const before = nextEvent<{ message: Message }>(socket, 'message:created');
    await send(leadSocket, threadId, 'Still here?');
    await before;

    const seen = collect<{ message: Message }>(socket, 'message:created');
    const revoked = nextEvent<{ container: ContainerRef }>(socket, 'container:revoked');
    const started = Date.now();
    const removal = await lead.client.call(caseRoutes.removeMember, {
      params: { id: caseId, userId: removed.id },
    });
    expect(removal.status).toBe(200);
    expect((await revoked).container).toEqual(container());
    const closed = await withTimeout(editor.closed, 1_000, 'summary editor closed');
    expect(closed.code).toBe(COLLAB_CLOSE_CODES.accessRevoked);
    expect(Date.now() - started).toBeLessThan(1_000);
    await send(leadSocket, threadId, 'After the removal');
    await sleep(1_000);
    expect(seen).toEqual([]);
    expect((await removed.client.call(threadRoutes.get, { params: { id: threadId } })).status).toBe(404);
    const rejoin = await emitAck(socket, 'thread:subscribe', { threadId });
    expect(rejoin).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a closed case keeps its discussion readable but read-only; reopening writes again', async () => {
    const memberSocket = await member.socket();
    await emitAck(memberSocket, 'thread:subscribe', { threadId });
    const summaryId =
      (await lead.client.call(threadRoutes.startSummary, { params: { id: threadId } })).body
        .summaryDocumentId ?? '';
    const editor = connectDoc(app.url, member.client, summaryId);
    const watcher = connectDoc(app.url, lead.client, summaryId);
    docs.push(editor, watcher);
    await withTimeout(Promise.all([editor.synced, watcher.synced]), 5_000, 'summary sync');

    const closing = await lead.client.call(caseRoutes.changeStatus, {
      params: { id: caseId },
      body: { status: 'closed' },
    });
    expect(closing.status).toBe(200);
    const refused = await emitAck(memberSocket, 'message:send', {
      threadId,
      clientMessageId: clientId(),
      body: 'Posting into a closed case',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ARCHIVED' } });
    const detail = await member.client.call(threadRoutes.get, { params: { id: threadId } });
    expect(detail.status).toBe(200);
    expect(detail.body.access).toMatchObject({ read: true, post: false, moderate: false });
    const leadDetail = await lead.client.call(threadRoutes.get, { params: { id: threadId } });
    expect(leadDetail.body.access.post).toBe(false);
    const history = await member.client.call(threadRoutes.messages, {
      params: { id: threadId },
      query: {},
    });
    expect(history.body.items.length).toBeGreaterThan(0);
    // The summary editor was demoted: its edits no longer reach anyone.
    await sleep(200);
    appendParagraph(editor.doc, 'Edited after closing');
    await sleep(400);
    expect(watcher.text()).not.toContain('Edited after closing');

    await lead.client.call(caseRoutes.changeStatus, { params: { id: caseId }, body: { status: 'open' } });
    const reopened = await send(memberSocket, threadId, 'Back to work');
    expect(reopened.body).toBe('Back to work');
  });

  it('renaming the case renames its discussion', async () => {
    const socket = await member.socket();
    await emitAck(socket, 'thread:subscribe', { threadId });
    const updated: { thread: { id: string; title: string } }[] = collect(socket, 'thread:updated');
    const renamed = await lead.client.call(caseRoutes.update, {
      params: { id: caseId },
      body: { title: 'Operation Coral Reef' },
    });
    expect(renamed.status).toBe(200);
    const thread = await member.client.call(threadRoutes.get, { params: { id: threadId } });
    expect(thread.body.title).toBe('Operation Coral Reef');
    await waitFor(() => updated.some((entry) => entry.thread.title === 'Operation Coral Reef'));
    await eventually(() => expect(updated.at(-1)?.thread.id).toBe(threadId));
  });
});
