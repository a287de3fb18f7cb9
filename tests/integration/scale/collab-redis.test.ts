import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLAB_CLOSE_CODES, caseRoutes, type DocumentMeta } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { appendParagraph, connectDoc, eventually, withTimeout, type DocClient } from '../../helpers/collab';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';
import { startRedis, type RedisProcess } from '../../helpers/redis';

/**
 * Two app processes behind Redis: editors connected to different instances see each other's text
 * and carets, and removing someone from the team on one instance closes their document on the other.
 */
describe('collab across two instances (REDIS_URL)', () => {
  let redis: RedisProcess;
  let first: TestApp;
  let second: TestApp;
  const open: DocClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const collab = { unloadAfterMs: 200, maxDocumentBytes: 48 * 1024 };
    first = await startApp({ env: { REDIS_URL: redis.url }, collab });
    second = await startApp({
      env: { REDIS_URL: redis.url, MONGODB_URL: first.database.url, MONGODB_DB: first.config.mongodbDb },
      collab,
    });
  });

  afterAll(async () => {
    for (const client of open) client.destroy();
    await second?.close();
    await first?.close();
    await redis?.stop();
  });

  it('fans out updates and presence, and revocation reaches the other instance', async () => {
    const leadUser = await buildUser(first.built.services, { displayName: 'Lead On First', country: 'PH' });
    const memberUser = await buildUser(first.built.services, {
      displayName: 'Member On Second',
      country: 'MY',
    });
    const lead = new TestClient(first.url);
    await lead.login(leadUser.email, TEST_PASSWORD);
    const member = new TestClient(second.url);
    await member.login(memberUser.email, TEST_PASSWORD);
    const created = await lead.call(caseRoutes.create, {
      body: { title: 'Cross-instance case', sensitivity: 'RESTRICTED', countries: ['PH', 'MY'] },
    });
    const caseId = (created.body as { id: string }).id;
    await lead.call(caseRoutes.addMember, {
      params: { id: caseId },
      body: { userId: memberUser._id.toHexString(), role: 'member' },
    });
    const doc = await lead.call(caseRoutes.createDocument, {
      params: { id: caseId },
      body: { title: 'Shared note' },
    });
    const documentId = (doc.body as DocumentMeta).id;

    const onFirst = connectDoc(first.url, lead, documentId);
    const onSecond = connectDoc(second.url, member, documentId);
    open.push(onFirst, onSecond);
    await withTimeout(Promise.all([onFirst.synced, onSecond.synced]), 10_000, 'sync');
    appendParagraph(onFirst.doc, 'Written on the first instance');
    appendParagraph(onSecond.doc, 'Written on the second instance');
    await eventually(() => {
      expect(onFirst.text()).toContain('Written on the second instance');
      expect(onSecond.text()).toContain('Written on the first instance');
    }, 10_000);
    onFirst.provider.awareness.setLocalStateField('user', { name: 'x', color: '#000000' });
    await eventually(() => {
      const names = [...onSecond.provider.awareness.getStates().values()].map(
        (state) => (state as { user?: { name?: string } }).user?.name,
      );
      expect(names).toContain('Lead On First');
    }, 10_000);

    const started = Date.now();
    await lead.call(caseRoutes.removeMember, {
      params: { id: caseId, userId: memberUser._id.toHexString() },
    });
    const closed = await withTimeout(onSecond.closed, 1_500, 'cross-instance revocation');
    expect(closed.code).toBe(COLLAB_CLOSE_CODES.accessRevoked);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('holds the document size limit across instances', async () => {
    const people = await Promise.all(
      ['Writer On First', 'Writer On Second'].map(async (displayName, index) => {
        const user = await buildUser(first.built.services, { displayName, country: index ? 'MY' : 'PH' });
        const client = new TestClient(index ? second.url : first.url);
        await client.login(user.email, TEST_PASSWORD);
        return { user, client };
      }),
    );
    const [writerA, writerB] = people;
    if (!writerA || !writerB) throw new Error('no writers');
    const created = await writerA.client.call(caseRoutes.create, {
      body: { title: 'Size limit case', sensitivity: 'RESTRICTED', countries: ['PH', 'MY'] },
    });
    const caseId = (created.body as { id: string }).id;
    await writerA.client.call(caseRoutes.addMember, {
      params: { id: caseId },
      body: { userId: writerB.user._id.toHexString(), role: 'member' },
    });
    const doc = await writerA.client.call(caseRoutes.createDocument, {
      params: { id: caseId },
      body: { title: 'Growing note' },
    });
    const documentId = (doc.body as DocumentMeta).id;
    const onFirst = connectDoc(first.url, writerA.client, documentId);
    const onSecond = connectDoc(second.url, writerB.client, documentId);
    open.push(onFirst, onSecond);
    await withTimeout(Promise.all([onFirst.synced, onSecond.synced]), 10_000, 'sync');
    // ~40 KB stored through the first instance; the second learns of it over the bus only.
    for (let index = 0; index < 5; index += 1) appendParagraph(onFirst.doc, `a${index}:${'a'.repeat(8_000)}`);
    await eventually(() => expect(onSecond.text()).toContain('a4:aaa'), 10_000);
    for (let index = 0; index < 2; index += 1)
      appendParagraph(onSecond.doc, `b${index}:${'b'.repeat(8_000)}`);
    const closed = await withTimeout(onSecond.closed, 5_000, 'size limit close on the second instance');
    expect(closed.code).toBe(COLLAB_CLOSE_CODES.documentTooLarge);
  });
});
