import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger';
import { createLocalBus } from '../realtime/bus';
import { createDocumentHub, type HubOptions } from './hub';
import type { DocStore, NewUpdate, RawDocumentState } from './store';

const OPTIONS: HubOptions = {
  maxDocumentBytes: 1024 * 1024,
  compactAfterUpdates: 500,
  unloadAfterMs: 10,
  autoVersionIntervalMs: 0,
};

/**
 * Storage held in memory, with the same contract as the MongoDB store (append is durable when it
 * resolves; compaction writes a snapshot, then deletes what it covers). Hooks let a test slow or
 * fail one step.
 */
function memoryStore(hooks: { beforeAppend?: () => Promise<void>; compact?: () => Promise<void> } = {}) {
  let snapshot: { gen: number; state: Uint8Array } | null = null;
  const updates: { id: ObjectId; update: Uint8Array }[] = [];
  const store = {
    async load(): Promise<RawDocumentState> {
      const bytes =
        (snapshot?.state.byteLength ?? 0) + updates.reduce((sum, u) => sum + u.update.byteLength, 0);
      return { snapshot, updates: [...updates], storedBytes: bytes };
    },
    async append(_documentId: ObjectId, batch: readonly NewUpdate[]): Promise<ObjectId[]> {
      await hooks.beforeAppend?.();
      const stored = batch.map((entry) => ({ id: new ObjectId(), update: entry.update }));
      updates.push(...stored);
      return stored.map((entry) => entry.id);
    },
    async compact(
      _documentId: ObjectId,
      _knownGen: number,
      build: (newer: Uint8Array | null) => { state: Uint8Array; covered: readonly ObjectId[] },
    ) {
      await hooks.compact?.();
      const { state, covered } = build(null);
      snapshot = { gen: (snapshot?.gen ?? 0) + 1, state };
      const gone = new Set(covered.map((id) => id.toHexString()));
      for (let index = updates.length - 1; index >= 0; index -= 1) {
        if (gone.has(updates[index]?.id.toHexString() ?? '')) updates.splice(index, 1);
      }
      return { gen: snapshot.gen, storedBytes: state.byteLength, covered: covered.length };
    },
    async reject(): Promise<void> {},
    async countUpdates(): Promise<number> {
      return updates.length;
    },
    /** The stored text, as a fresh load would see it. */
    text(): string {
      const doc = new Y.Doc();
      if (snapshot) Y.applyUpdate(doc, snapshot.state);
      for (const stored of updates) Y.applyUpdate(doc, stored.update);
      return doc.getText('t').toString();
    },
  };
  return store;
}

function edit(base: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(base);
  base.getText('t').insert(base.getText('t').length, text);
  return Y.encodeStateAsUpdate(base, before);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function hubWith(store: ReturnType<typeof memoryStore>) {
  return createDocumentHub({
    store: store as unknown as DocStore,
    bus: createLocalBus(),
    logger: createLogger('silent', false),
    options: OPTIONS,
  });
}

describe('document hub unloading', () => {
  it('unloads an idle document even when compaction fails, keeping every update stored', async () => {
    const store = memoryStore({
      compact: async () => {
        throw new Error('database unavailable');
      },
    });
    const hub = hubWith(store);
    const id = new ObjectId();
    const doc = hub.open(id.toHexString(), id);
    const writer = new Y.Doc();
    await doc.submit(edit(writer, 'kept'), null, 'test');
    doc.releaseIfIdle();
    await sleep(100);
    expect(hub.loadedCount()).toBe(0);
    expect(store.text()).toBe('kept');
  });

  it('does not unload under a change that is still being written', async () => {
    let slowAppend = false;
    const store = memoryStore({
      beforeAppend: async () => {
        if (slowAppend) await sleep(150);
      },
    });
    const hub = hubWith(store);
    const id = new ObjectId();
    const doc = hub.open(id.toHexString(), id);
    const writer = new Y.Doc();
    await doc.submit(edit(writer, 'first '), null, 'test');
    // While the unload saves its version, a server-side change (e.g. a restore) comes in.
    hub.deps.saveAutoVersion = async () => {
      if (slowAppend) return;
      slowAppend = true;
      void doc.submit(edit(writer, 'second'), null, 'test');
      await sleep(0);
    };
    doc.releaseIfIdle();
    await sleep(60);
    // The second write is still in flight: the document must still be the one holding it.
    expect(doc.state).toBe('ready');
    expect(hub.get(id.toHexString())).toBe(doc);
    await sleep(300);
    expect(hub.loadedCount()).toBe(0);
    expect(store.text()).toBe('first second');
  });

  it('compacts when the size limit refuses a change, so deleted text stops counting against it', async () => {
    const store = memoryStore();
    const hub = createDocumentHub({
      store: store as unknown as DocStore,
      bus: createLocalBus(),
      logger: createLogger('silent', false),
      options: { ...OPTIONS, maxDocumentBytes: 30_000, unloadAfterMs: 60_000 },
    });
    const id = new ObjectId();
    const doc = hub.open(id.toHexString(), id);
    const writer = new Y.Doc();
    const text = writer.getText('t');
    // 20 KB pasted, then deleted: stored as an insert plus a deletion, though the text is empty.
    await doc.submit(edit(writer, 'x'.repeat(20_000)), null, 'test');
    const before = Y.encodeStateVector(writer);
    text.delete(0, text.length);
    await doc.submit(Y.encodeStateAsUpdate(writer, before), null, 'test');
    const next = edit(writer, 'y'.repeat(12_000));
    await expect(doc.submit(next, null, 'test')).rejects.toMatchObject({ reason: 'document_too_large' });
    await sleep(50);
    expect(doc.storedBytes).toBeLessThan(1_000);
    await doc.submit(next, null, 'test');
    expect(store.text()).toBe('y'.repeat(12_000));
    await doc.unload();
  });

  it('writes a change submitted right after the previous one resolved, without waiting for a third', async () => {
    const store = memoryStore();
    const hub = hubWith(store);
    const id = new ObjectId();
    const doc = hub.open(id.toHexString(), id);
    const writer = new Y.Doc();
    // Awaiting each write in turn, as a server-side change does: the second is queued in the very
    // tick the first resolves.
    await doc.submit(edit(writer, 'one '), null, 'test');
    const second = doc.submit(edit(writer, 'two'), null, 'test');
    const outcome = await Promise.race([second.then(() => 'stored'), sleep(2_000).then(() => 'stuck')]);
    expect(outcome).toBe('stored');
    expect(store.text()).toBe('one two');
    await doc.unload();
  });
});
