import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLAB_CLOSE_CODES, channelRoutes, threadRoutes } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { closeSockets, createChannel, signIn, startThread, type Member } from '../../helpers/channels';
import { appendParagraph, connectDoc, eventually, withTimeout, type DocClient } from '../../helpers/collab';
import { emitAck } from '../../helpers/socket';

describe('channels: co-edited thread summaries', () => {
  let app: TestApp;
  let owner: Member;
  let writer: Member;
  let colleague: Member;
  let observer: Member;
  let outsider: Member;
  const docs: DocClient[] = [];

  beforeAll(async () => {
    app = await startApp();
    owner = await signIn(app, { role: 'moderator', country: 'SG' });
    writer = await signIn(app, { country: 'TH' });
    colleague = await signIn(app, { country: 'PH' });
    observer = await signIn(app, { role: 'observer', country: 'IOM' });
    outsider = await signIn(app, { country: 'VN' });
  });
  afterAll(async () => {
    for (const doc of docs) doc.destroy();
    closeSockets(owner, writer, colleague, observer, outsider);
    await app?.close();
  });

  function open(member: Member, documentId: string): DocClient {
    const doc = connectDoc(app.url, member.client, documentId);
    docs.push(doc);
    return doc;
  }

  it('participants co-edit the summary; readers see it; others cannot open it', async () => {
    const channel = await createChannel(owner, { name: 'summaries-public' });
    const thread = await startThread(writer, channel.id, { title: 'Shared conclusions' });
    expect(thread.summaryDocumentId).toBeNull();
    // An observer may read but not write here, so may not start the summary either.
    expect(
      (await observer.client.call(threadRoutes.startSummary, { params: { id: thread.id } })).status,
    ).toBe(403);
    const started = await writer.client.call(threadRoutes.startSummary, { params: { id: thread.id } });
    expect(started.status).toBe(200);
    const documentId = started.body.summaryDocumentId!;
    expect(documentId).toMatch(/^[a-f0-9]{24}$/);
    // Starting again returns the same document.
    const again = await colleague.client.call(threadRoutes.startSummary, { params: { id: thread.id } });
    expect(again.body.summaryDocumentId).toBe(documentId);

    const a = open(writer, documentId);
    const b = open(colleague, documentId);
    const reader = open(observer, documentId);
    await withTimeout(Promise.all([a.synced, b.synced, reader.synced]), 5_000, 'sync');
    appendParagraph(a.doc, 'Agreed: VMS data is admissible in TH');
    appendParagraph(b.doc, 'PH to confirm by Friday');
    await eventually(() => {
      expect(a.text()).toContain('PH to confirm');
      expect(b.text()).toContain('VMS data');
      expect(reader.text()).toBe(a.text());
    });
    // The observer's own edits are dropped.
    appendParagraph(reader.doc, 'Observer edit');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(a.text()).not.toContain('Observer edit');

    const privateChannel = await createChannel(owner, { kind: 'private' });
    const secret = await startThread(owner, privateChannel.id);
    const secretSummary = await owner.client.call(threadRoutes.startSummary, { params: { id: secret.id } });
    const refused = open(outsider, secretSummary.body.summaryDocumentId!);
    const closed = await withTimeout(refused.closed, 5_000, 'refusal');
    expect([COLLAB_CLOSE_CODES.forbidden, COLLAB_CLOSE_CODES.notFound]).toContain(closed.code);
    expect(refused.text()).toBe('');
  });

  it('removal from a private channel closes the summary editor within 1 s; locking makes it read-only', async () => {
    const channel = await createChannel(owner, { kind: 'private' });
    await owner.client.call(channelRoutes.addMember, {
      params: { id: channel.id },
      body: { userId: writer.id },
    });
    await owner.client.call(channelRoutes.addMember, {
      params: { id: channel.id },
      body: { userId: colleague.id },
    });
    const thread = await startThread(writer, channel.id);
    const documentId = (await writer.client.call(threadRoutes.startSummary, { params: { id: thread.id } }))
      .body.summaryDocumentId!;
    const removed = open(colleague, documentId);
    const stays = open(writer, documentId);
    await withTimeout(Promise.all([removed.synced, stays.synced]), 5_000, 'sync');
    const started = Date.now();
    await owner.client.call(channelRoutes.removeMember, { params: { id: channel.id, userId: colleague.id } });
    const closed = await withTimeout(removed.closed, 1_000, 'revocation close');
    expect(closed.code).toBe(COLLAB_CLOSE_CODES.accessRevoked);
    expect(Date.now() - started).toBeLessThan(1_000);

    // Locking: the writer (subscribed to the thread) keeps reading but can no longer change it.
    const socket = await writer.socket();
    await emitAck(socket, 'thread:subscribe', { threadId: thread.id });
    appendParagraph(stays.doc, 'Before the lock');
    const watcher = open(owner, documentId);
    await withTimeout(watcher.synced, 5_000, 'sync');
    await eventually(() => expect(watcher.text()).toContain('Before the lock'));
    await owner.client.call(threadRoutes.lock, { params: { id: thread.id }, body: { value: true } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    appendParagraph(stays.doc, 'After the lock');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(watcher.text()).not.toContain('After the lock');
  });
});
