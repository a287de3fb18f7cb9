import fc from 'fast-check';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COLLAB_CLOSE_CODES, COLLAB_FRAGMENT_FIELD, documentRoutes } from '@serantau/shared';
import { createDocStore } from '@serantau/server/collab/store';
import { startApp, type TestApp } from '../../helpers/app';
import {
  appendParagraph,
  connectDoc,
  eventually,
  fragmentText,
  rawCollabSocket,
  socketOutcome,
  withTimeout,
  type DocClient,
} from '../../helpers/collab';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';

/** Bytes of a y-websocket frame: message type, sync sub-type, length-prefixed payload. */
function frame(type: number, subType: number | null, payload: Uint8Array): Buffer {
  const header = subType === null ? [type] : [type, subType];
  return Buffer.from([...header, ...varUint(payload.length), ...payload]);
}

function varUint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest > 127) {
    out.push((rest & 127) | 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

function paragraphUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  appendParagraph(doc, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('collab endpoint under bad input', () => {
  let app: TestApp;
  let editor: TestClient;
  const roomId = new ObjectId().toHexString();
  const open: DocClient[] = [];

  async function newDocument(): Promise<string> {
    const doc = await app.built.services.documents.createDocument({
      kind: 'case_note',
      owner: { type: 'test_room', id: roomId },
      title: 'Fuzzed',
      createdBy: { id: new ObjectId().toHexString(), name: 'Test' },
    });
    return doc._id.toHexString();
  }

  async function storedText(documentId: string): Promise<string> {
    const raw = await createDocStore(app.database.db).load(new ObjectId(documentId));
    const doc = new Y.Doc();
    if (raw.snapshot) Y.applyUpdate(doc, raw.snapshot.state);
    for (const stored of raw.updates) Y.applyUpdate(doc, stored.update);
    return fragmentText(doc);
  }

  /** Opens a raw socket, waits for it to open, sends the frames, and reports how it ended. */
  async function sendRaw(documentId: string, frames: Buffer[], options: { text?: boolean } = {}) {
    const socket = rawCollabSocket(app.url, editor, documentId);
    const outcome = socketOutcome(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    for (const data of frames) socket.send(data, { binary: !options.text });
    return outcome;
  }

  beforeAll(async () => {
    app = await startApp({ collab: { maxDocumentBytes: 48 * 1024, unloadAfterMs: 100 } });
    app.built.services.collab.registerDocumentOwner('test_room', { access: async () => 'edit' });
    const user = await buildUser(app.built.services, { displayName: 'Fuzz Editor' });
    editor = new TestClient(app.url);
    await editor.login(user.email, TEST_PASSWORD);
  });

  afterAll(async () => {
    for (const client of open) client.destroy();
    await app?.close();
  });

  it('closes only the offending connection, with a reason, and keeps the document intact', async () => {
    const documentId = await newDocument();
    const watcher = connectDoc(app.url, editor, documentId);
    open.push(watcher);
    await withTimeout(watcher.synced, 5_000, 'sync');
    appendParagraph(watcher.doc, 'Baseline paragraph');
    await eventually(async () => expect(await storedText(documentId)).toContain('Baseline paragraph'));

    const valid = paragraphUpdate('Valid but truncated');
    const oversize = paragraphUpdate('x'.repeat(1_200_000));
    const attempts: { name: string; frames: Buffer[]; text?: boolean; code: number }[] = [
      {
        name: 'garbage',
        frames: [Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37])],
        code: COLLAB_CLOSE_CODES.malformedMessage,
      },
      {
        name: 'truncated sync',
        frames: [frame(0, 2, valid).subarray(0, 9)],
        code: COLLAB_CLOSE_CODES.malformedMessage,
      },
      {
        name: 'length past the end',
        frames: [Buffer.from([0, 2, ...varUint(5000), 1, 2, 3])],
        code: COLLAB_CLOSE_CODES.malformedMessage,
      },
      {
        name: 'undecodable update',
        frames: [frame(0, 2, valid.subarray(0, valid.length - 4))],
        code: COLLAB_CLOSE_CODES.malformedMessage,
      },
      { name: 'unknown sync type', frames: [frame(0, 9, valid)], code: COLLAB_CLOSE_CODES.malformedMessage },
      {
        name: 'garbage awareness',
        frames: [frame(1, null, Buffer.from([5, 1, 2, 3]))],
        code: COLLAB_CLOSE_CODES.malformedMessage,
      },
      {
        name: 'text frame',
        frames: [Buffer.from('hello')],
        text: true,
        code: COLLAB_CLOSE_CODES.malformedMessage,
      },
      { name: 'oversize update', frames: [frame(0, 2, oversize)], code: COLLAB_CLOSE_CODES.updateTooLarge },
      {
        // Past the socket layer's own cap: refused while the frame is still being read.
        name: 'frame past the socket limit',
        frames: [frame(0, 2, new Uint8Array(5 * 1024 * 1024))],
        code: COLLAB_CLOSE_CODES.updateTooLarge,
      },
    ];
    for (const attempt of attempts) {
      const outcome = await sendRaw(documentId, attempt.frames, attempt.text ? { text: true } : {});
      expect({ name: attempt.name, code: outcome.code }).toEqual({ name: attempt.name, code: attempt.code });
      expect(outcome.reason.length).toBeGreaterThan(0);
    }
    // The watcher never dropped, still edits, and the stored document is exactly what it sees.
    appendParagraph(watcher.doc, 'Still working');
    await eventually(async () => expect(await storedText(documentId)).toBe(watcher.text()));
    expect(watcher.closes).toHaveLength(0);
    expect(watcher.text()).not.toContain('Valid but truncated');
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    const refusals = await app.built.services.audit.list(
      { action: 'document.connection_refused', targetId: documentId },
      undefined,
      100,
    );
    expect(refusals.length).toBe(attempts.length - 1); // text frames are refused by the socket layer itself
  });

  it('refuses growth past the document size limit with a clear reason', async () => {
    const documentId = await newDocument();
    const writer = connectDoc(app.url, editor, documentId);
    open.push(writer);
    await withTimeout(writer.synced, 5_000, 'sync');
    // A version with ~16 KB of text that is then deleted: restoring it later needs that much room.
    for (let index = 0; index < 2; index += 1)
      appendParagraph(writer.doc, `early ${index}:${'e'.repeat(8_000)}`);
    await eventually(async () => expect(await storedText(documentId)).toContain('early 1:'));
    const early = await editor.call(documentRoutes.createVersion, {
      params: { id: documentId },
      body: { name: 'Early draft' },
    });
    expect(early.status).toBe(201);
    const fragment = writer.doc.getXmlFragment(COLLAB_FRAGMENT_FIELD);
    fragment.delete(0, fragment.length);
    await eventually(async () => expect(await storedText(documentId)).not.toContain('early'));
    // Each paragraph is ~8 KB: the 48 KB limit is reached after a handful.
    for (let index = 0; index < 10; index += 1) appendParagraph(writer.doc, `${index}:${'y'.repeat(8_000)}`);
    const closed = await withTimeout(writer.closed, 5_000, 'size limit close');
    expect(closed.code).toBe(COLLAB_CLOSE_CODES.documentTooLarge);
    expect(closed.reason).toMatch(/size limit/);
    // The refusal compacts in the background; while it deletes the updates its snapshot covers, a
    // load sees both (never neither), so the size is read once that settles.
    await eventually(async () => {
      const raw = await createDocStore(app.database.db).load(new ObjectId(documentId));
      expect(raw.storedBytes).toBeLessThanOrEqual(48 * 1024);
    });
    // What was accepted is readable by a fresh client.
    const reader = connectDoc(app.url, editor, documentId);
    open.push(reader);
    await withTimeout(reader.synced, 5_000, 'reader sync');
    expect(reader.text()).toBe(await storedText(documentId));
    // The refusal compacted the document: the deleted early text no longer counts, so a new writer
    // has room again, until the live text itself reaches the limit.
    const filler = connectDoc(app.url, editor, documentId);
    open.push(filler);
    await withTimeout(filler.synced, 5_000, 'filler sync');
    appendParagraph(filler.doc, `more:${'m'.repeat(8_000)}`);
    await eventually(async () => expect(await storedText(documentId)).toContain('more:mmm'));
    for (let index = 0; index < 10; index += 1) appendParagraph(filler.doc, `${index}:${'f'.repeat(8_000)}`);
    expect((await withTimeout(filler.closed, 5_000, 'second size limit close')).code).toBe(
      COLLAB_CLOSE_CODES.documentTooLarge,
    );
    // A restore that would push it past the limit is refused with a clear error, not a server error,
    // and leaves no "before restoring" entry for a restore that did not happen.
    const restore = await editor.call(documentRoutes.restoreVersion, {
      params: { id: documentId, versionId: (early.body as { id: string }).id },
    });
    expect(restore.status).toBe(422);
    expect(restore.body).toMatchObject({ error: { code: 'LIMIT_EXCEEDED' } });
    await eventually(() => expect(reader.text()).toContain('more:mmm'));
    expect(await storedText(documentId)).toBe(reader.text());
    const versions = await editor.call(documentRoutes.versions, { params: { id: documentId } });
    expect(versions.body.items.map((version) => version.kind)).not.toContain('before_restore');
  });

  it('counts a write still in flight against the size limit', async () => {
    const documentId = await newDocument();
    // Sent back to back: later frames are checked while earlier ones are still being written.
    const frames = Array.from({ length: 6 }, (_, index) =>
      frame(0, 2, paragraphUpdate(`${index}:${'z'.repeat(20_000)}`)),
    );
    const outcome = await sendRaw(documentId, frames);
    expect(outcome.code).toBe(COLLAB_CLOSE_CODES.documentTooLarge);
    await app.built.services.collab.currentState(new ObjectId(documentId));
    const raw = await createDocStore(app.database.db).load(new ObjectId(documentId));
    expect(raw.storedBytes).toBeLessThanOrEqual(48 * 1024);
    const text = await storedText(documentId);
    expect(text).toContain('1:zzz');
    expect(text).not.toContain('2:zzz');
  });

  it('closes a connection that sends more than it may queue while its open is being confirmed', async () => {
    const documentId = await newDocument();
    const audit = app.built.services.audit;
    const record = audit.record.bind(audit);
    // The open's audit record is slow to become durable: frames wait in the connection's queue.
    audit.record = async (entry) => {
      if (entry.action === 'document.open') await new Promise((resolve) => setTimeout(resolve, 400));
      return record(entry);
    };
    try {
      const big = frame(0, 2, new Uint8Array(3 * 1024 * 1024));
      const outcome = await sendRaw(documentId, [big, big, big]);
      expect(outcome.code).toBe(COLLAB_CLOSE_CODES.tooMuchQueued);
      expect(outcome.reason.length).toBeGreaterThan(0);
    } finally {
      audit.record = record;
    }
    await eventually(async () => {
      const refusals = await audit.list(
        { action: 'document.connection_refused', targetId: documentId },
        undefined,
        10,
      );
      expect(refusals.map((entry) => entry.details)).toEqual([
        expect.objectContaining({ reason: 'too_much_queued' }),
      ]);
    });
    expect(await storedText(documentId)).toBe('');
  });

  it('survives a seeded fuzz of collab frames', async () => {
    const documentId = await newDocument();
    const watcher = connectDoc(app.url, editor, documentId);
    open.push(watcher);
    await withTimeout(watcher.synced, 5_000, 'sync');
    appendParagraph(watcher.doc, 'Before the fuzz');
    await eventually(async () => expect(await storedText(documentId)).toContain('Before the fuzz'));

    const seeds = [
      frame(0, 0, Y.encodeStateVector(new Y.Doc())),
      frame(0, 2, paragraphUpdate('seed')),
      frame(1, null, Buffer.from([0])),
    ];
    const mutated = fc
      .tuple(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(),
      )
      .map(([index, flips, cut]) => {
        const bytes = Buffer.from(seeds[index] ?? Buffer.alloc(0));
        for (const [position, value] of flips) if (bytes.length > 0) bytes[position % bytes.length] = value;
        return cut % 3 === 0 ? bytes.subarray(0, cut % (bytes.length + 1)) : bytes;
      });
    const random = fc.uint8Array({ minLength: 0, maxLength: 64 }).map((bytes) => Buffer.from(bytes));
    const frames = fc.sample(fc.oneof(mutated, random), { seed: 20_240_517, numRuns: 150 });

    // Several frames per connection; a refused connection is replaced by a new one.
    for (let start = 0; start < frames.length; start += 10) {
      await sendRaw(documentId, frames.slice(start, start + 10)).catch(() => undefined);
    }
    appendParagraph(watcher.doc, 'After the fuzz');
    await eventually(async () => {
      const stored = await storedText(documentId);
      expect(stored).toContain('Before the fuzz');
      expect(stored).toContain('After the fuzz');
    });
    expect(watcher.closes).toHaveLength(0);
    // A fresh client loads the document (so every stored update applies) and agrees with the watcher.
    const fresh = connectDoc(app.url, editor, documentId);
    open.push(fresh);
    await withTimeout(fresh.synced, 5_000, 'fresh sync');
    await eventually(() => expect(fresh.text()).toBe(watcher.text()));
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    expect(JSON.stringify(fresh.doc.getXmlFragment(COLLAB_FRAGMENT_FIELD).toJSON())).toContain(
      'After the fuzz',
    );
  });
});
