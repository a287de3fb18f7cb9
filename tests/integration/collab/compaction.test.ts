import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COLLAB_FRAGMENT_FIELD } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import {
  appendParagraph,
  connectDoc,
  eventually,
  fragmentText,
  withTimeout,
  type DocClient,
} from '../../helpers/collab';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';

/** Compaction after this many stored updates (production: 500). */
const COMPACT_AFTER = 20;

/**
 * When updates pile up while people keep editing, the hub folds them into a new snapshot and
 * deletes exactly the updates it covers — without closing or disturbing the open editors.
 */
describe('collab compaction when updates pile up', () => {
  let app: TestApp;
  const roomId = new ObjectId().toHexString();
  const clients: DocClient[] = [];
  const people: TestClient[] = [];

  beforeAll(async () => {
    // Idle unloading (which also compacts) is pushed far away: only the update count can trigger it here.
    app = await startApp({
      collab: { compactAfterUpdates: COMPACT_AFTER, unloadAfterMs: 600_000, autoVersionIntervalMs: 0 },
    });
    app.built.services.collab.registerDocumentOwner('test_compaction', { access: async () => 'edit' });
    for (const name of ['Editor One', 'Editor Two', 'Late Reader']) {
      const user = await buildUser(app.built.services, { displayName: name });
      const client = new TestClient(app.url);
      await client.login(user.email, TEST_PASSWORD);
      people.push(client);
    }
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await app?.close();
  });

  function open(client: TestClient | undefined, documentId: string): DocClient {
    const doc = connectDoc(app.url, client ?? null, documentId);
    clients.push(doc);
    return doc;
  }

  const updates = () => app.database.db.collection('doc_updates');
  const snapshots = () => app.database.db.collection('doc_snapshots');

  /**
   * One update per paragraph, paced: the next goes out once the other editor has the last one, which
   * the hub only broadcasts after storing it.
   */
  async function typeParagraphs(
    client: DocClient,
    other: DocClient,
    prefix: string,
    numbers: { from: number; to: number },
  ): Promise<void> {
    for (let index = numbers.from; index <= numbers.to; index += 1) {
      const text = `${prefix} ${index}`;
      appendParagraph(client.doc, text);
      await eventually(() => expect(other.text().split('\n')).toContain(text));
    }
  }

  async function latestGen(documentId: ObjectId): Promise<number> {
    const latest = await snapshots().findOne({ documentId }, { sort: { gen: -1 } });
    return (latest?.gen as number | undefined) ?? 0;
  }

  it('snapshots past the threshold, deletes the covered updates, keeps clients converged', async () => {
    const created = await app.built.services.documents.createDocument({
      kind: 'case_note',
      owner: { type: 'test_compaction', id: roomId },
      title: 'Compaction',
      createdBy: { id: new ObjectId().toHexString(), name: 'Test' },
    });
    const documentId = created._id;
    const id = documentId.toHexString();
    const a = open(people[0], id);
    const b = open(people[1], id);
    await withTimeout(Promise.all([a.synced, b.synced]), 5_000, 'sync');
    const genAtStart = await latestGen(documentId);
    // The blank template's own (empty) paragraph.
    const baseline = a.doc.getXmlFragment(COLLAB_FRAGMENT_FIELD).length;

    // Below the threshold: everything is still a stored update.
    await typeParagraphs(a, b, 'Manila', { from: 1, to: 10 });
    const early = await updates()
      .find({ documentId }, { projection: { _id: 1 } })
      .toArray();
    expect(early).toHaveLength(10);
    expect(await latestGen(documentId)).toBe(genAtStart);

    // Both keep typing, past the threshold twice over.
    await Promise.all([
      typeParagraphs(a, b, 'Manila', { from: 11, to: 35 }),
      typeParagraphs(b, a, 'Hanoi', { from: 1, to: 25 }),
    ]);
    const total = 10 + 25 + 25;
    expect(total).toBeGreaterThan(2 * COMPACT_AFTER);

    await eventually(async () => {
      expect(await latestGen(documentId)).toBeGreaterThanOrEqual(genAtStart + 2);
      expect(await updates().countDocuments({ documentId })).toBeLessThan(COMPACT_AFTER);
      // The older snapshots go last, after the covered updates: only the newest is kept.
      expect(await snapshots().countDocuments({ documentId })).toBe(1);
    }, 10_000);
    // The covered updates are gone.
    expect(await updates().countDocuments({ _id: { $in: early.map((entry) => entry._id) } })).toBe(0);

    // The editors converged on everything, undisturbed (no reconnection).
    await eventually(() => {
      expect(a.text()).toBe(b.text());
      expect(a.text()).toContain('Manila 35');
      expect(a.text()).toContain('Hanoi 25');
    });
    expect(a.closes).toEqual([]);
    expect(b.closes).toEqual([]);
    const paragraphs = a
      .text()
      .split('\n')
      .filter((line) => line !== '');
    expect(paragraphs).toHaveLength(total);
    expect(new Set(paragraphs).size).toBe(total);

    // What is stored (snapshot + what came after it) is the same document.
    const snapshot = await snapshots().findOne({ documentId }, { sort: { gen: -1 } });
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (snapshot?.state as { buffer: Uint8Array }).buffer);
    const snapshotOnly = fragmentText(stored);
    expect(snapshotOnly).toContain('Manila 1');
    for (const rest of await updates().find({ documentId }).toArray())
      Y.applyUpdate(stored, (rest.update as { buffer: Uint8Array }).buffer);
    expect(fragmentText(stored)).toBe(a.text());
    expect(stored.getXmlFragment(COLLAB_FRAGMENT_FIELD).length).toBe(baseline + total);

    // A fresh client loads the same text.
    const late = open(people[2], id);
    await withTimeout(late.synced, 5_000, 'late sync');
    await eventually(() => expect(late.text()).toBe(a.text()));

    // Editing goes on normally after compaction, for everyone.
    appendParagraph(late.doc, 'After compaction');
    await eventually(() => {
      expect(a.text()).toContain('After compaction');
      expect(b.text()).toBe(a.text());
    });
  });
});
