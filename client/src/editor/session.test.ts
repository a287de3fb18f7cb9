import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { byteReader, CollabSession, OFFLINE_LOAD_TIMEOUT_MS, type OfflineCopy } from './session';

// ---- a collab server on a fake WebSocket (the y-websocket wire format, as server/src/collab speaks it)

function varUint(value: number): number[] {
  const bytes: number[] = [];
  while (value > 127) {
    bytes.push((value & 127) | 128);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return bytes;
}

function frame(...parts: (number | Uint8Array)[]): Uint8Array {
  const bytes: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') bytes.push(...varUint(part));
    else bytes.push(...varUint(part.length), ...part);
  }
  return new Uint8Array(bytes);
}

/** The server's copy of one document: stores client updates and acknowledges them. */
class FakeServer {
  readonly doc = new Y.Doc();
  readonly sockets: FakeSocket[] = [];

  accept(socket: FakeSocket): void {
    if (socket.readyState !== 0) throw new Error('not a connecting socket');
    socket.readyState = FakeSocket.OPEN;
    socket.onopen?.();
    // As the real server does once the document is decoded: ask for what the client has.
    socket.deliver(frame(0, 0, Y.encodeStateVector(this.doc)));
  }

  receive(socket: FakeSocket, bytes: Uint8Array): void {
    const read = byteReader(bytes);
    if (read.varUint() !== 0) return; // awareness: not modelled
    const kind = read.varUint();
    const payload = read.varBytes();
    if (kind === 0) {
      socket.deliver(frame(0, 1, Y.encodeStateAsUpdate(this.doc, payload)));
      return;
    }
    const before = Y.encodeStateVector(this.doc);
    Y.applyUpdate(this.doc, payload);
    // A reconnecting client's step 2 that adds nothing is not stored, so not acknowledged.
    if (kind === 1 && before.join() === Y.encodeStateVector(this.doc).join()) return;
    socket.edits += 1;
    socket.deliver(frame(2, 1, Y.encodeStateVector(this.doc), socket.edits));
  }
}

let server: FakeServer;

class FakeSocket {
  static readonly OPEN = 1;
  readonly OPEN = 1;
  binaryType = 'arraybuffer';
  readyState = 0;
  edits = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    server.sockets.push(this);
  }

  /** Messages arrive in a later task, as over a network. */
  deliver(bytes: Uint8Array): void {
    const data = bytes.slice().buffer;
    setTimeout(() => {
      if (this.readyState === FakeSocket.OPEN) this.onmessage?.({ data });
    });
  }

  send(bytes: Uint8Array): void {
    server.receive(this, bytes);
  }

  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }
}

// ---- an offline copy kept in memory, behaving like y-indexeddb's IndexeddbPersistence

interface MemoryDatabase {
  updates: Uint8Array[];
  custom: Map<string, unknown>;
}

class MemoryCopy implements OfflineCopy {
  readonly _db: Promise<MemoryDatabase>;
  readonly whenSynced: Promise<unknown>;
  private readonly store = (update: Uint8Array, origin: unknown) => {
    if (origin !== this) this.database.updates.push(update);
  };

  constructor(
    private readonly database: MemoryDatabase,
    private readonly doc: Y.Doc,
    /** Resolves when the database opens (slow disks, a blocked upgrade in another tab). */
    opened: Promise<void> = Promise.resolve(),
  ) {
    this._db = opened.then(() => database);
    this.whenSynced = this._db.then(() => {
      Y.transact(doc, () => database.updates.forEach((update) => Y.applyUpdate(doc, update)), this, false);
      return this;
    });
    doc.on('update', this.store);
  }

  get(key: string): Promise<unknown> {
    return this._db.then((database) => database.custom.get(key));
  }

  set(key: string, value: ArrayBuffer): Promise<unknown> {
    return this._db.then((database) => database.custom.set(key, value));
  }

  destroy(): Promise<void> {
    this.doc.off('update', this.store);
    return Promise.resolve();
  }

  clearData(): Promise<void> {
    this.database.updates = [];
    this.database.custom.clear();
    return this.destroy();
  }
}

/** An offline copy whose database never opens: y-indexeddb's `whenSynced` then never settles. */
function brokenCopy(db: Promise<never>): OfflineCopy {
  return {
    _db: db,
    whenSynced: new Promise(() => undefined),
    get: () => db,
    set: () => db,
    destroy: () => db.then(() => undefined),
    clearData: () => db.then(() => undefined),
  };
}

const sessions: CollabSession[] = [];
let documentCount = 0;

function open(documentId: string, openOfflineCopy?: CollabSessionOpener): CollabSession {
  const session = new CollabSession({
    documentId,
    userId: 'u1',
    serverUrl: 'ws://collab.test',
    openOfflineCopy,
  });
  sessions.push(session);
  return session;
}

type CollabSessionOpener = (name: string, doc: Y.Doc) => OfflineCopy;

/** Lets every message in flight arrive. */
async function settle(): Promise<void> {
  for (let round = 0; round < 5; round += 1) await new Promise((resolve) => setTimeout(resolve));
}

interface UnhandledRejections {
  listeners(event: 'unhandledRejection'): ((reason: unknown) => void)[];
  removeAllListeners(event: 'unhandledRejection'): void;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): void;
}

/**
 * y-indexeddb leaves one promise of its own unhandled when the database cannot open (a console
 * error in browsers). Collects such rejections instead of letting Vitest fail the run on them.
 */
async function collectingUnhandledRejections(run: (seen: unknown[]) => Promise<void>): Promise<void> {
  const events = (globalThis as unknown as { process: UnhandledRejections }).process;
  const previous = events.listeners('unhandledRejection');
  const seen: unknown[] = [];
  events.removeAllListeners('unhandledRejection');
  events.on('unhandledRejection', (reason) => seen.push(reason));
  try {
    await run(seen);
  } finally {
    events.removeAllListeners('unhandledRejection');
    for (const listener of previous) events.on('unhandledRejection', listener);
  }
}

function lastSocket(): FakeSocket {
  const socket = server.sockets.at(-1);
  if (!socket) throw new Error('the session never connected');
  return socket;
}

beforeEach(() => {
  server = new FakeServer();
  vi.stubGlobal('WebSocket', FakeSocket);
  documentCount += 1;
});

afterEach(() => {
  for (const session of sessions.splice(0)) session.destroy();
  vi.useRealTimers();
});

describe('connecting without a usable offline copy', () => {
  it('connects when IndexedDB refuses to open', async () => {
    // What browsers do with site data blocked: the open request fails.
    vi.stubGlobal('indexedDB', {
      open: () => {
        const request: { error: Error; onerror?: (event: unknown) => void } = {
          error: new DOMException('blocked', 'SecurityError'),
        };
        setTimeout(() => request.onerror?.({ target: request }));
        return request;
      },
    });
    await collectingUnhandledRejections(async (seen) => {
      const session = open(`doc-${documentCount}`);
      await vi.waitFor(() => expect(server.sockets).toHaveLength(1));
      server.accept(lastSocket());
      await settle();
      expect(session.getSnapshot()).toMatchObject({ loaded: true, synced: true, connection: 'online' });

      // Online-only still saves.
      session.doc.getText('t').insert(0, 'typed');
      expect(session.getSnapshot().unsavedChanges).toBe(1);
      await settle();
      expect(session.getSnapshot().unsavedChanges).toBe(0);
      expect(server.doc.getText('t').toString()).toBe('typed');
      expect(seen).toEqual([expect.objectContaining({ message: expect.stringContaining('blocked') })]);
    });
  });

  it('connects when the offline copy fails, and only once', async () => {
    const session = open(`doc-${documentCount}`, () => brokenCopy(Promise.reject(new Error('blocked'))));
    await vi.waitFor(() => expect(session.getSnapshot().loaded).toBe(true));
    expect(server.sockets).toHaveLength(1);
    expect(session.provider.shouldConnect).toBe(true);
  });

  it('connects after a while when the offline copy hangs, and not again when it loads', async () => {
    vi.useFakeTimers();
    let finishLoading = (): void => undefined;
    const database: MemoryDatabase = { updates: [], custom: new Map() };
    const opened = new Promise<void>((resolve) => (finishLoading = resolve));
    const session = open(`doc-${documentCount}`, (_name, doc) => new MemoryCopy(database, doc, opened));
    await vi.advanceTimersByTimeAsync(OFFLINE_LOAD_TIMEOUT_MS - 100);
    expect(server.sockets).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(server.sockets).toHaveLength(1);
    expect(session.getSnapshot().loaded).toBe(true);

    finishLoading();
    await vi.advanceTimersByTimeAsync(OFFLINE_LOAD_TIMEOUT_MS);
    expect(server.sockets).toHaveLength(1);
  });
});

describe('unsaved changes across sessions', () => {
  it('shows offline edits from an earlier session as unsaved until the server stores them', async () => {
    const documentId = `doc-${documentCount}`;
    const database: MemoryDatabase = { updates: [], custom: new Map() };
    const copy = (_name: string, doc: Y.Doc) => new MemoryCopy(database, doc);
    server.doc.getText('t').insert(0, 'Shared');

    const first = open(documentId, copy);
    await vi.waitFor(() => expect(server.sockets).toHaveLength(1));
    server.accept(lastSocket());
    await settle();
    expect(first.doc.getText('t').toString()).toBe('Shared');
    lastSocket().close();
    first.doc.getText('t').insert(0, 'Offline ');
    expect(first.getSnapshot().unsavedChanges).toBe(1);
    first.destroy();

    // Reopened, still without a network: the edit is loaded but not on the server.
    const second = open(documentId, copy);
    await vi.waitFor(() => expect(second.getSnapshot().loaded).toBe(true));
    expect(second.doc.getText('t').toString()).toBe('Offline Shared');
    expect(second.getSnapshot().unsavedChanges).toBe(1);

    server.accept(lastSocket());
    await settle();
    expect(server.doc.getText('t').toString()).toBe('Offline Shared');
    expect(second.getSnapshot().unsavedChanges).toBe(0);
    second.destroy();

    // Confirmed once: the next session opens as saved, before any connection.
    const third = open(documentId, copy);
    await vi.waitFor(() => expect(third.getSnapshot().loaded).toBe(true));
    expect(third.getSnapshot().unsavedChanges).toBe(0);
  });

  it('treats a copy never confirmed by the server as unsaved until the server shows it has it', async () => {
    const documentId = `doc-${documentCount}`;
    // A copy from before anything was remembered; the server happens to hold all of it already.
    const earlier = new Y.Doc();
    earlier.getText('t').insert(0, 'Draft');
    Y.applyUpdate(server.doc, Y.encodeStateAsUpdate(earlier));
    const database: MemoryDatabase = { updates: [Y.encodeStateAsUpdate(earlier)], custom: new Map() };

    const session = open(documentId, (_name, doc) => new MemoryCopy(database, doc));
    await vi.waitFor(() => expect(session.getSnapshot().loaded).toBe(true));
    expect(session.getSnapshot().unsavedChanges).toBe(1);

    // Nothing new to store (so no acknowledgement): the server's own state vector confirms it.
    server.accept(lastSocket());
    await settle();
    expect(lastSocket().edits).toBe(0);
    expect(session.getSnapshot().unsavedChanges).toBe(0);
  });

  it('does not count what collaborators wrote, received from the server, as unsaved after reopening', async () => {
    const documentId = `doc-${documentCount}`;
    const database: MemoryDatabase = { updates: [], custom: new Map() };
    const copy = (_name: string, doc: Y.Doc) => new MemoryCopy(database, doc);
    const first = open(documentId, copy);
    await vi.waitFor(() => expect(server.sockets).toHaveLength(1));
    server.accept(lastSocket());
    await settle();

    // A collaborator's edit, stored by the server and broadcast.
    const collaborator = new Y.Doc();
    collaborator.getText('t').insert(0, 'From a colleague');
    const update = Y.encodeStateAsUpdate(collaborator);
    Y.applyUpdate(server.doc, update);
    lastSocket().deliver(frame(0, 2, update));
    await settle();
    expect(first.doc.getText('t').toString()).toBe('From a colleague');
    first.destroy();

    const second = open(documentId, copy);
    await vi.waitFor(() => expect(second.getSnapshot().loaded).toBe(true));
    expect(second.doc.getText('t').toString()).toBe('From a colleague');
    expect(second.getSnapshot().unsavedChanges).toBe(0);
  });
});
