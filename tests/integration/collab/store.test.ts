import { ObjectId, type Collection, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocStore, type RawDocumentState } from '@serantau/server/collab/store';
import { startApp, type TestApp } from '../../helpers/app';
import { appendParagraph, fragmentText } from '../../helpers/collab';

function textOf(raw: RawDocumentState): string {
  const doc = new Y.Doc();
  if (raw.snapshot) Y.applyUpdate(doc, raw.snapshot.state);
  for (const stored of raw.updates) Y.applyUpdate(doc, stored.update);
  return fragmentText(doc);
}

/** The same database, but the first read of `doc_updates` lets `before` run first. */
function withHookBeforeUpdateRead(db: Db, before: () => Promise<void>): Db {
  let pending: (() => Promise<void>) | null = before;
  const hookedUpdates = (collection: Collection) =>
    new Proxy(collection, {
      get(target, property, receiver) {
        if (property !== 'find') return Reflect.get(target, property, receiver) as unknown;
        return (...args: Parameters<Collection['find']>) => {
          const cursor = target.find(...args);
          const hook = pending;
          pending = null;
          if (!hook) return cursor;
          return new Proxy(cursor, {
            get(cursorTarget, name, cursorReceiver) {
              if (name !== 'toArray') return Reflect.get(cursorTarget, name, cursorReceiver) as unknown;
              return async () => {
                await hook();
                return cursorTarget.toArray();
              };
            },
          });
        };
      },
    });
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'collection') return Reflect.get(target, property, receiver) as unknown;
      return (name: string) => {
        const collection = target.collection(name);
        return name === 'doc_updates' ? hookedUpdates(collection) : collection;
      };
    },
  });
}

describe('document store', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('loads every update even when another process compacts them away in the middle of the load', async () => {
    const db = app.database.db;
    const compactor = createDocStore(db);
    const documentId = new ObjectId();
    const writer = new Y.Doc();
    appendParagraph(writer, 'Template heading');
    await compactor.writeInitialSnapshot(documentId, Y.encodeStateAsUpdate(writer));
    const updates: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => updates.push(update));
    for (const text of ['First edit', 'Second edit', 'Third edit']) appendParagraph(writer, text);
    await compactor.append(
      documentId,
      updates.map((update) => ({ update, userId: null })),
    );
    const expected = fragmentText(writer);

    // Another process folds the three updates into generation 2 and deletes them, between this
    // process starting its load and reading the updates.
    const loader = createDocStore(
      withHookBeforeUpdateRead(db, async () => {
        const covered = (await db.collection('doc_updates').find({ documentId }).toArray()).map(
          (doc) => doc._id as ObjectId,
        );
        const result = await compactor.compact(documentId, 1, () => ({
          state: Y.encodeStateAsUpdate(writer),
          covered,
        }));
        expect(result).toMatchObject({ gen: 2, covered: 3 });
      }),
    );
    const loaded = await loader.load(documentId);
    expect(textOf(loaded)).toBe(expected);
    expect(loaded.snapshot?.gen).toBe(2);
  });
});
