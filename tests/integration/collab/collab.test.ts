import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  COLLAB_CLOSE_CODES,
  COLLAB_FRAGMENT_FIELD,
  COLLAB_SAVED_ACK,
  collabColourFor,
} from '@serantau/shared';
import type { OwnerAccess } from '@serantau/server/collab/owners';
import { createDocStore } from '@serantau/server/collab/store';
import { startApp, type TestApp } from '../../helpers/app';
import {
  appendParagraph,
  connectDoc,
  eventually,
  rawCollabSocket,
  socketOutcome,
  withTimeout,
  type DocClient,
} from '../../helpers/collab';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';

/**
 * The collab endpoint with real y-websocket providers. A test owner type stands in for a case so
 * the seam (owner registry → access) is exercised exactly as features use it.
 */
describe('collab endpoint', () => {
  let app: TestApp;
  const access = new Map<string, OwnerAccess>();
  const roomId = new ObjectId().toHexString();
  const clients: DocClient[] = [];
  let editor: TestClient;
  let editor2: TestClient;
  let viewer: TestClient;
  let outsider: TestClient;
  const ids: Record<string, string> = {};

  async function signIn(name: string, grant: OwnerAccess): Promise<TestClient> {
    const user = await buildUser(app.built.services, { displayName: name });
    ids[name] = user._id.toHexString();
    access.set(`${user._id.toHexString()}:${roomId}`, grant);
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    return client;
  }

  async function newDocument(title = 'Strategy'): Promise<string> {
    const doc = await app.built.services.documents.createDocument({
      kind: 'case_note',
      owner: { type: 'test_room', id: roomId },
      title,
      createdBy: { id: new ObjectId().toHexString(), name: 'Test' },
    });
    return doc._id.toHexString();
  }

  function open(
    client: TestClient | null,
    documentId: string,
    options: Parameters<typeof connectDoc>[3] = {},
  ): DocClient {
    const connected = connectDoc(app.url, client, documentId, options);
    clients.push(connected);
    return connected;
  }

  async function storedDoc(documentId: string): Promise<Y.Doc> {
    const raw = await createDocStore(app.database.db).load(new ObjectId(documentId));
    const doc = new Y.Doc();
    if (raw.snapshot) Y.applyUpdate(doc, raw.snapshot.state);
    for (const stored of raw.updates) Y.applyUpdate(doc, stored.update);
    return doc;
  }

  async function auditActions(
    documentId: string,
  ): Promise<{ action: string; outcome: string; actorId: string | null }[]> {
    const entries = await app.built.services.audit.list(
      { targetType: 'document', targetId: documentId },
      undefined,
      200,
    );
    return entries.map((entry) => ({ action: entry.action, outcome: entry.outcome, actorId: entry.actorId }));
  }

  beforeAll(async () => {
    app = await startApp({ collab: { unloadAfterMs: 150 } });
    app.built.services.collab.registerDocumentOwner('test_room', {
      access: async (actor, ownerId) => access.get(`${actor.userId}:${ownerId}`) ?? 'none',
    });
    editor = await signIn('Editor One', 'edit');
    editor2 = await signIn('Editor Two', 'edit');
    viewer = await signIn('Viewer', 'view');
    outsider = await signIn('Outsider', 'none');
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await app?.close();
  });

  it('two clients converge, a late third receives everything, and it is stored', async () => {
    const documentId = await newDocument();
    const a = open(editor, documentId);
    const b = open(editor2, documentId);
    await withTimeout(Promise.all([a.synced, b.synced]), 5_000, 'sync');
    appendParagraph(a.doc, 'From Manila');
    appendParagraph(b.doc, 'From Hanoi');
    await eventually(() => {
      expect(a.text()).toContain('From Hanoi');
      expect(b.text()).toContain('From Manila');
      expect(a.text()).toBe(b.text());
    });
    const c = open(viewer, documentId);
    await withTimeout(c.synced, 5_000, 'late sync');
    await eventually(() => expect(c.text()).toBe(a.text()));
    const stored = await storedDoc(documentId);
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(a.doc));
    const actions = await auditActions(documentId);
    expect(
      actions.filter((entry) => entry.action === 'document.open' && entry.outcome === 'allowed'),
    ).toHaveLength(3);
    expect(actions.some((entry) => entry.action === 'document.edit_session')).toBe(true);
  });

  it("refuses a viewer's update: not applied, not broadcast, not stored", async () => {
    const documentId = await newDocument();
    const a = open(editor, documentId);
    const v = open(viewer, documentId);
    await withTimeout(Promise.all([a.synced, v.synced]), 5_000, 'sync');
    appendParagraph(a.doc, 'Agreed text');
    await eventually(() => expect(v.text()).toContain('Agreed text'));
    const before = Y.encodeStateVector(await storedDoc(documentId));
    appendParagraph(v.doc, 'Viewer tampering');
    // A later edit by the editor proves the channel is live while the viewer's change stays out.
    appendParagraph(a.doc, 'Editor continues');
    await eventually(() => expect(v.text()).toContain('Editor continues'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(a.text()).not.toContain('Viewer tampering');
    const stored = await storedDoc(documentId);
    expect(JSON.stringify(stored.getXmlFragment(COLLAB_FRAGMENT_FIELD).toJSON())).not.toContain(
      'Viewer tampering',
    );
    const viewerClient = v.doc.clientID;
    expect(Y.decodeStateVector(Y.encodeStateVector(stored)).has(viewerClient)).toBe(false);
    expect(Y.decodeStateVector(before).has(viewerClient)).toBe(false);
    const actions = await auditActions(documentId);
    expect(actions).toContainEqual({
      action: 'document.write_denied',
      outcome: 'denied',
      actorId: ids.Viewer,
    });
  });

  it("drops a viewer's awareness and stamps editors' names and colours from the session", async () => {
    const documentId = await newDocument();
    const a = open(editor, documentId);
    const v = open(viewer, documentId);
    await withTimeout(Promise.all([a.synced, v.synced]), 5_000, 'sync');
    a.provider.awareness.setLocalStateField('user', { name: 'Someone Else', color: '#000000' });
    v.provider.awareness.setLocalStateField('user', { name: 'Viewer', color: '#ffffff' });
    await eventually(() => {
      const seen = [...v.provider.awareness.getStates().entries()].filter(
        ([client]) => client !== v.doc.clientID,
      );
      expect(seen).toHaveLength(1);
      expect(seen[0]?.[1].user).toEqual({
        id: ids['Editor One'],
        name: 'Editor One',
        color: collabColourFor(ids['Editor One'] ?? ''),
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(a.provider.awareness.getStates().has(v.doc.clientID)).toBe(false);
  });

  it('refuses outsiders, anonymous users, unknown documents and foreign origins before any byte', async () => {
    const documentId = await newDocument();
    const a = open(editor, documentId);
    await withTimeout(a.synced, 5_000, 'sync');
    appendParagraph(a.doc, 'Secret plan');
    await eventually(async () =>
      expect(
        JSON.stringify((await storedDoc(documentId)).getXmlFragment(COLLAB_FRAGMENT_FIELD).toJSON()),
      ).toContain('Secret plan'),
    );
    const stateBefore = Y.encodeStateAsUpdate(await storedDoc(documentId));

    const cases = [
      { client: outsider, id: documentId, origin: undefined, expected: COLLAB_CLOSE_CODES.forbidden },
      { client: null, id: documentId, origin: undefined, expected: COLLAB_CLOSE_CODES.unauthenticated },
      {
        client: editor,
        id: new ObjectId().toHexString(),
        origin: undefined,
        expected: COLLAB_CLOSE_CODES.notFound,
      },
    ];
    for (const entry of cases) {
      const socket = rawCollabSocket(app.url, entry.client, entry.id);
      // A client that talks first (sync step 1 + a forged update) must get nothing back and change nothing.
      socket.on('open', () => socket.send(forgedUpdateFrame('Forged')));
      const outcome = await socketOutcome(socket);
      expect(outcome.code).toBe(entry.expected);
      expect(outcome.messages).toHaveLength(0);
    }
    const foreign = rawCollabSocket(app.url, editor, documentId, 'https://evil.example');
    const foreignOutcome = await socketOutcome(foreign);
    expect(foreignOutcome.httpStatus).toBe(403);
    expect(foreignOutcome.messages).toHaveLength(0);

    expect(Y.encodeStateAsUpdate(await storedDoc(documentId))).toEqual(stateBefore);
    const denied = (await auditActions(documentId)).filter(
      (entry) => entry.action === 'document.open' && entry.outcome === 'denied',
    );
    expect(denied.map((entry) => entry.actorId)).toEqual(expect.arrayContaining([ids.Outsider, null]));
    expect(denied.length).toBeGreaterThanOrEqual(3);
  });

  it('sends nothing and applies nothing when the open cannot be audited, then opens once it can', async () => {
    const documentId = await newDocument();
    const seeded = open(editor, documentId);
    await withTimeout(seeded.synced, 5_000, 'sync');
    appendParagraph(seeded.doc, 'Before the audit outage');
    await eventually(async () =>
      expect(
        JSON.stringify((await storedDoc(documentId)).getXmlFragment(COLLAB_FRAGMENT_FIELD).toJSON()),
      ).toContain('Before the audit outage'),
    );
    const stateBefore = Y.encodeStateAsUpdate(await storedDoc(documentId));

    const audit = app.built.services.audit;
    const realRecord = audit.record.bind(audit);
    const failing = vi
      .spyOn(audit, 'record')
      .mockImplementation((event) =>
        event.action === 'document.open' && event.outcome === 'allowed' && event.target.id === documentId
          ? Promise.reject(new Error('audit store unavailable'))
          : realRecord(event),
      );
    try {
      const socket = rawCollabSocket(app.url, editor2, documentId);
      socket.on('open', () => {
        socket.send(Buffer.from([0, 0, 0]));
        socket.send(forgedUpdateFrame('Written during the outage'));
      });
      const outcome = await socketOutcome(socket);
      expect(outcome.code).toBe(1011);
      expect(outcome.reason).toMatch(/could not be recorded/);
      expect(outcome.messages).toHaveLength(0);
    } finally {
      failing.mockRestore();
    }
    expect(Y.encodeStateAsUpdate(await storedDoc(documentId))).toEqual(stateBefore);
    const opensByEditorTwo = (await auditActions(documentId)).filter(
      (entry) => entry.action === 'document.open' && entry.actorId === ids['Editor Two'],
    );
    expect(opensByEditorTwo).toHaveLength(0);

    const later = open(editor2, documentId);
    await withTimeout(later.synced, 5_000, 'sync after the outage');
    await eventually(() => expect(later.text()).toContain('Before the audit outage'));
    const allowed = (await auditActions(documentId)).filter(
      (entry) =>
        entry.action === 'document.open' &&
        entry.actorId === ids['Editor Two'] &&
        entry.outcome === 'allowed',
    );
    expect(allowed).toHaveLength(1);
  });

  it('closes a connection within 1 s of revocation, and on logout', async () => {
    const documentId = await newDocument();
    const extra = await signIn('Revoked Member', 'edit');
    const a = open(extra, documentId);
    await withTimeout(a.synced, 5_000, 'sync');
    access.set(`${ids['Revoked Member']}:${roomId}`, 'none');
    const started = Date.now();
    await app.built.services.collab.revalidate(ids['Revoked Member'] ?? '', {
      type: 'test_room',
      id: roomId,
    });
    const closed = await withTimeout(a.closed, 1_000, 'revocation close');
    expect(closed.code).toBe(COLLAB_CLOSE_CODES.accessRevoked);
    expect(Date.now() - started).toBeLessThan(1_000);

    const b = open(editor2, documentId);
    await withTimeout(b.synced, 5_000, 'sync');
    const logout = await editor2.request('POST', '/api/auth/logout');
    expect(logout.status).toBeLessThan(300);
    const loggedOut = await withTimeout(b.closed, 1_000, 'logout close');
    expect(loggedOut.code).toBe(COLLAB_CLOSE_CODES.unauthenticated);
    editor2 = await signInAgain('Editor Two');
  });

  async function signInAgain(name: string): Promise<TestClient> {
    const user = await app.built.services.usersRepo.findById(new ObjectId(ids[name]));
    const client = new TestClient(app.url);
    await client.login(user?.email ?? '', TEST_PASSWORD);
    return client;
  }

  it('demotes an editor to read-only without closing', async () => {
    const documentId = await newDocument();
    const member = await signIn('Demoted Member', 'edit');
    const a = open(member, documentId);
    const b = open(editor, documentId);
    await withTimeout(Promise.all([a.synced, b.synced]), 5_000, 'sync');
    access.set(`${ids['Demoted Member']}:${roomId}`, 'view');
    await app.built.services.collab.revalidate(ids['Demoted Member'] ?? '');
    await new Promise((resolve) => setTimeout(resolve, 100));
    appendParagraph(a.doc, 'After demotion');
    appendParagraph(b.doc, 'Editor still writes');
    await eventually(() => expect(a.text()).toContain('Editor still writes'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(b.text()).not.toContain('After demotion');
    expect(a.provider.wsconnected).toBe(true);
  });

  it('merges offline edits on reconnect', async () => {
    const documentId = await newDocument();
    const a = open(editor, documentId);
    const b = open(editor2, documentId);
    await withTimeout(Promise.all([a.synced, b.synced]), 5_000, 'sync');
    appendParagraph(a.doc, 'Shared start');
    await eventually(() => expect(b.text()).toContain('Shared start'));
    a.provider.disconnect();
    appendParagraph(a.doc, 'Written on the plane');
    appendParagraph(b.doc, 'Written in the office');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(b.text()).not.toContain('Written on the plane');
    a.provider.connect();
    await eventually(() => {
      expect(a.text()).toContain('Written in the office');
      expect(b.text()).toContain('Written on the plane');
      expect(a.text()).toBe(b.text());
    });
    const stored = await storedDoc(documentId);
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(b.doc));
  });

  it('acknowledges stored updates to their sender (state vector + stored count)', async () => {
    const documentId = await newDocument();
    const a = open(editor, documentId);
    const acks: { stateVector: Map<number, number>; stored: number }[] = [];
    const original = a.provider.messageHandlers[2];
    a.provider.messageHandlers[2] = (encoder, decoder, provider, emitSynced, messageType) => {
      // The decoder is positioned after the message type: [sub-type, varUint8Array(sv), varUint(count)].
      const bytes = decoder.arr.subarray(decoder.pos);
      const reader = varUintReader(bytes);
      if (reader.next() === COLLAB_SAVED_ACK) {
        const length = reader.next();
        const stateVector = bytes.subarray(reader.offset(), reader.offset() + length);
        reader.skip(length);
        acks.push({ stateVector: Y.decodeStateVector(stateVector), stored: reader.next() });
        return;
      }
      original?.(encoder, decoder, provider, emitSynced, messageType);
    };
    await withTimeout(a.synced, 5_000, 'sync');
    appendParagraph(a.doc, 'First');
    appendParagraph(a.doc, 'Second');
    await eventually(() => {
      const last = acks.at(-1);
      expect(last?.stored).toBe(2);
      expect(last?.stateVector.get(a.doc.clientID)).toBe(
        Y.decodeStateVector(Y.encodeStateVector(a.doc)).get(a.doc.clientID),
      );
    });
  });

  it('unloads documents from memory once everyone has left (after persisting)', async () => {
    const documentIds = await Promise.all([newDocument('One'), newDocument('Two'), newDocument('Three')]);
    const opened = documentIds.map((id) => open(editor, id));
    await withTimeout(Promise.all(opened.map((entry) => entry.synced)), 5_000, 'sync');
    opened.forEach((entry, index) => appendParagraph(entry.doc, `Text ${index}`));
    await eventually(async () => {
      for (const [index, id] of documentIds.entries()) {
        expect(
          JSON.stringify((await storedDoc(id)).getXmlFragment(COLLAB_FRAGMENT_FIELD).toJSON()),
        ).toContain(`Text ${index}`);
      }
    });
    for (const entry of clients.splice(0)) entry.destroy();
    await eventually(
      () => expect(app.built.services.collab.stats()).toEqual({ loadedDocuments: 0, connections: 0 }),
      5_000,
    );
    // Reopening after unload serves the persisted (and now compacted) text.
    const again = open(editor, documentIds[0] ?? '');
    await withTimeout(again.synced, 5_000, 'resync');
    await eventually(() => expect(again.text()).toContain('Text 0'));
  });
});

function varUintReader(bytes: Uint8Array) {
  let position = 0;
  return {
    next(): number {
      let value = 0;
      let multiplier = 1;
      for (;;) {
        const byte = bytes[position++] ?? 0;
        value += (byte & 127) * multiplier;
        if (byte < 128) return value;
        multiplier *= 128;
      }
    },
    offset: () => position,
    skip(count: number) {
      position += count;
    },
  };
}

/** A sync-protocol update frame adding one paragraph, as a client would send it unasked. */
function forgedUpdateFrame(text: string): Buffer {
  const forged = new Y.Doc();
  appendParagraph(forged, text);
  return Buffer.from([0, 2, ...encodeVarBytes(Y.encodeStateAsUpdate(forged))]);
}

function encodeVarBytes(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let length = bytes.length;
  while (length > 127) {
    out.push((length & 127) | 128);
    length = Math.floor(length / 128);
  }
  out.push(length);
  return [...out, ...bytes];
}
