import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  COLLAB_CLOSE_CODES,
  COLLAB_PATH_PREFIX,
  COLLAB_SAVED_ACK,
  isPermanentCollabClose,
} from '@serantau/shared';

/**
 * `connecting`: opening (or reopening) the connection; `online`: connected and synced;
 * `offline`: the link dropped, edits stay local and reconnecting is automatic;
 * `closed`: the server refused or ended access for good (see `closeCode`).
 */
export type CollabConnection = 'connecting' | 'online' | 'offline' | 'closed';

export interface CollabSnapshot {
  connection: CollabConnection;
  /**
   * The local copy (IndexedDB) has been loaded, so the document can be shown even offline; also
   * set when there is no usable copy (IndexedDB failed or too slow) and the session went online.
   */
  loaded: boolean;
  /** The first sync with the server completed at least once. */
  synced: boolean;
  /** Local changes the server has not yet confirmed as stored. */
  unsavedChanges: number;
  closeCode: number | null;
  closeReason: string | null;
}

/** Prefix of the IndexedDB databases holding offline copies (per user, per document). */
export const OFFLINE_DB_PREFIX = 'serantau-doc:';

export function offlineDatabaseName(userId: string, documentId: string): string {
  return `${OFFLINE_DB_PREFIX}${userId}:${documentId}`;
}

/** Reads lib0 varUints and length-prefixed byte arrays, as y-websocket frames are built. */
export function byteReader(bytes: Uint8Array) {
  let position = 0;
  const varUint = (): number => {
    let value = 0;
    let multiplier = 1;
    for (;;) {
      if (position >= bytes.length) throw new RangeError('truncated');
      const byte = bytes[position++] ?? 0;
      value += (byte & 127) * multiplier;
      if (byte < 128) return value;
      multiplier *= 128;
    }
  };
  const varBytes = (): Uint8Array => {
    const length = varUint();
    if (position + length > bytes.length) throw new RangeError('truncated');
    const slice = bytes.subarray(position, position + length);
    position += length;
    return slice;
  };
  return { varUint, varBytes };
}

/** Decodes a y-websocket "stored" acknowledgement: `[sub-type][varUint8Array sv][varUint count]`. */
export function readSavedAck(bytes: Uint8Array): { stateVector: Map<number, number>; stored: number } | null {
  const read = byteReader(bytes);
  try {
    if (read.varUint() !== COLLAB_SAVED_ACK) return null;
    const stateVector = Y.decodeStateVector(read.varBytes());
    return { stateVector, stored: read.varUint() };
  } catch {
    return null;
  }
}

/** The state vector of a sync step 1 (`[0][varUint8Array sv]`, after the message type), else null. */
export function readSyncStep1(bytes: Uint8Array): Map<number, number> | null {
  const read = byteReader(bytes);
  try {
    if (read.varUint() !== 0) return null;
    return Y.decodeStateVector(read.varBytes());
  } catch {
    return null;
  }
}

/**
 * What the session uses of the offline copy: y-indexeddb's `IndexeddbPersistence` (or a stand-in).
 * `whenSynced` never settles when IndexedDB cannot be opened; only `_db` rejects then.
 */
export interface OfflineCopy {
  readonly whenSynced: Promise<unknown>;
  readonly _db: Promise<unknown>;
  get(key: string): Promise<unknown>;
  set(key: string, value: ArrayBuffer): Promise<unknown>;
  destroy(): Promise<void>;
  clearData(): Promise<void>;
}

/** Key, in the offline copy's custom store, of the state vector the server is known to have stored. */
export const SERVER_STATE_KEY = 'serantau:server-state-vector';

/** How long to wait for the offline copy before going online without it (IndexedDB can hang). */
export const OFFLINE_LOAD_TIMEOUT_MS = 3_000;

/** Raises each client's clock in `target` to at least the one in `source`; true when any rose. */
function raiseClocks(target: Map<number, number>, source: Map<number, number>): boolean {
  let raised = false;
  for (const [client, clock] of source) {
    if (clock > (target.get(client) ?? 0)) {
      target.set(client, clock);
      raised = true;
    }
  }
  return raised;
}

export interface CollabSessionOptions {
  documentId: string;
  userId: string;
  /** ws(s)://host — the page's own origin in the browser. */
  serverUrl?: string;
  /** Keep an offline copy in IndexedDB (off in tests without IndexedDB). */
  offline?: boolean;
  /** Opens the offline copy; y-indexeddb by default. */
  openOfflineCopy?: (name: string, doc: Y.Doc) => OfflineCopy;
}

/**
 * One open document: a Y.Doc kept in IndexedDB (so work continues without a connection) and synced
 * through the unmodified y-websocket provider. It tracks what the user needs to see: connection
 * state and whether every local change is stored on the server.
 */
export class CollabSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** Null when there is none, or once it failed or was cleared (the session carries on online-only). */
  private persistence: OfflineCopy | null;
  /** The offline copy's transaction origin, kept after `persistence` is dropped. */
  private readonly persistenceOrigin: OfflineCopy | null;
  private snapshot: CollabSnapshot = {
    connection: 'connecting',
    loaded: false,
    synced: false,
    unsavedChanges: 0,
    closeCode: null,
    closeReason: null,
  };
  private readonly listeners = new Set<() => void>();
  /** Local updates sent over the current connection (the server acknowledges a count of them). */
  private sentOnConnection = 0;
  /** Edits made in this session (this client id) that the server has not acknowledged. */
  private localEdits = 0;
  /** Clocks the offline copy brought in (edits of earlier sessions, or of other tabs). */
  private readonly loadedVector = new Map<number, number>();
  /** Of those, what the server has not been seen to store: they count as one unsaved change. */
  private readonly unconfirmed = new Map<number, number>();
  /** A lower bound of what the server has stored (its step 1, its acks, what it sent us). */
  private readonly serverVector = new Map<number, number>();
  /** The remembered server vector was read and the offline copy checked against it. */
  private offlineChecked = false;
  private receivingFromServer = false;
  private started = false;
  private loadTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  constructor(readonly options: CollabSessionOptions) {
    const serverUrl =
      options.serverUrl ??
      `${location.origin.replace(/^http/, 'ws')}${COLLAB_PATH_PREFIX.replace(/\/$/, '')}`;
    this.provider = new WebsocketProvider(serverUrl, options.documentId, this.doc, {
      connect: false,
      maxBackoffTime: 5_000,
    });
    this.persistence = this.openOfflineCopy(options);
    this.persistenceOrigin = this.persistence;

    // Stored acknowledgements arrive on the auth channel; everything else there goes to the provider.
    const authHandler = this.provider.messageHandlers[2];
    this.provider.messageHandlers[2] = (encoder, decoder, provider, emitSynced, messageType) => {
      const ack = readSavedAck(decoder.arr.subarray(decoder.pos));
      if (ack) {
        this.onSaved(ack.stateVector, ack.stored);
        return;
      }
      authHandler?.(encoder, decoder, provider, emitSynced, messageType);
    };
    // The server's doc holds only stored updates, so its step 1 confirms what it has. `emitSynced`
    // is false for messages from other tabs (BroadcastChannel), whose copies prove nothing.
    const syncHandler = this.provider.messageHandlers[0];
    this.provider.messageHandlers[0] = (encoder, decoder, provider, emitSynced, messageType) => {
      const serverState = emitSynced ? readSyncStep1(decoder.arr.subarray(decoder.pos)) : null;
      this.receivingFromServer = emitSynced;
      try {
        syncHandler?.(encoder, decoder, provider, emitSynced, messageType);
      } finally {
        this.receivingFromServer = false;
      }
      if (serverState) this.onServerState(serverState);
    };

    this.doc.on('update', this.onLocalUpdate);
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') this.sentOnConnection = 0;
      if (this.snapshot.connection === 'closed') return;
      this.update({
        connection:
          status === 'connected'
            ? this.provider.synced
              ? 'online'
              : 'connecting'
            : status === 'connecting'
              ? 'connecting'
              : 'offline',
      });
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.update({ synced: true, connection: 'online' });
    });
    this.provider.on('closed', (event: { code: number; reason: string }) => {
      this.update({ connection: 'closed', closeCode: event.code, closeReason: event.reason || null });
      // Access withdrawn or refused: the offline copy must not outlive the right to read it.
      if (event.code === COLLAB_CLOSE_CODES.accessRevoked || event.code === COLLAB_CLOSE_CODES.forbidden) {
        const persistence = this.persistence;
        this.persistence = null;
        void persistence?.clearData().catch(() => undefined);
      }
    });
    this.provider.on('connection-close', (event) => {
      if (event && isPermanentCollabClose(event.code)) return; // `closed` follows
      if (this.snapshot.connection !== 'closed') this.update({ connection: 'offline' });
    });

    // The browser knows at once when the network goes: stop waiting for a dead socket to time out
    // (y-websocket notices only after 30 s of silence) and stop retrying until it is back.
    if (typeof window !== 'undefined') {
      window.addEventListener('offline', this.onOffline);
      window.addEventListener('online', this.onOnline);
    }
    const persistence = this.persistence;
    if (persistence) {
      // Connect once the local copy is in the Y.Doc, so offline edits travel in the first sync; but
      // never wait on a copy that failed (y-indexeddb's whenSynced then never settles) or hangs.
      void persistence.whenSynced.then(() => this.onOfflineCopyLoaded(persistence));
      void persistence._db.catch(() => this.onOfflineCopyFailed(persistence));
      this.loadTimer = setTimeout(this.start, OFFLINE_LOAD_TIMEOUT_MS);
    } else {
      this.start();
    }
  }

  getSnapshot = (): CollabSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Tries again after a permanent close (e.g. after the user was given access back). */
  reconnect(): void {
    this.update({ connection: 'connecting', closeCode: null, closeReason: null });
    this.provider.connect();
  }

  destroy(): void {
    this.destroyed = true;
    if (this.loadTimer !== null) clearTimeout(this.loadTimer);
    if (typeof window !== 'undefined') {
      window.removeEventListener('offline', this.onOffline);
      window.removeEventListener('online', this.onOnline);
    }
    this.doc.off('update', this.onLocalUpdate);
    this.provider.destroy();
    // Rejects when the database never opened.
    void this.persistence?.destroy().catch(() => undefined);
    this.doc.destroy();
    this.listeners.clear();
  }

  private openOfflineCopy(options: CollabSessionOptions): OfflineCopy | null {
    if (options.offline === false) return null;
    const name = offlineDatabaseName(options.userId, options.documentId);
    if (options.openOfflineCopy) return options.openOfflineCopy(name, this.doc);
    try {
      // Reading `indexedDB` itself throws where storage is blocked (e.g. sandboxed frames).
      return typeof indexedDB === 'undefined' ? null : new IndexeddbPersistence(name, this.doc);
    } catch {
      return null;
    }
  }

  /** Goes online (once), after the offline copy loaded, failed or took too long. */
  private start = (): void => {
    if (this.destroyed || this.started) return;
    this.started = true;
    if (this.loadTimer !== null) clearTimeout(this.loadTimer);
    this.loadTimer = null;
    this.update({ loaded: true });
    if (typeof navigator === 'undefined' || navigator.onLine !== false) this.provider.connect();
    else this.update({ connection: 'offline' });
  };

  private async onOfflineCopyLoaded(persistence: OfflineCopy): Promise<void> {
    let remembered: Map<number, number> | null = null;
    try {
      const stored: unknown = await persistence.get(SERVER_STATE_KEY);
      if (stored instanceof ArrayBuffer) remembered = Y.decodeStateVector(new Uint8Array(stored));
      else if (ArrayBuffer.isView(stored)) {
        remembered = Y.decodeStateVector(new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength));
      }
    } catch {
      // Unreadable: treat as never confirmed.
    }
    if (this.destroyed) return;
    if (remembered) raiseClocks(this.serverVector, remembered);
    // Edits an earlier session made offline (or whose acknowledgement it never saw) are still
    // unsaved until the server shows it has them; without a record, everything loaded is suspect.
    for (const [client, clock] of this.loadedVector) {
      if (clock > (this.serverVector.get(client) ?? 0)) this.unconfirmed.set(client, clock);
    }
    this.offlineChecked = true;
    this.refreshUnsaved();
    this.rememberServerState();
    this.start();
  }

  private onOfflineCopyFailed(persistence: OfflineCopy): void {
    if (this.persistence === persistence) this.persistence = null;
    void persistence.destroy().catch(() => undefined);
    this.start();
  }

  private onOffline = (): void => {
    if (this.snapshot.connection === 'closed') return;
    this.provider.disconnect();
    this.update({ connection: 'offline' });
  };

  private onOnline = (): void => {
    if (this.destroyed || this.snapshot.connection === 'closed' || !this.snapshot.loaded) return;
    this.update({ connection: 'connecting' });
    this.provider.connect();
  };

  private onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    // Remote changes (the provider) and the offline copy loading (persistence) are not local edits.
    if (this.persistenceOrigin !== null && origin === this.persistenceOrigin) {
      raiseClocks(this.loadedVector, Y.parseUpdateMeta(update).to);
      return;
    }
    if (origin === this.provider) {
      // The server stores before it broadcasts: what it sends us is stored.
      if (this.receivingFromServer) this.onServerState(Y.parseUpdateMeta(update).to);
      return;
    }
    if (this.provider.wsconnected) this.sentOnConnection += 1;
    this.localEdits += 1;
    this.refreshUnsaved();
  };

  private onSaved(serverVector: Map<number, number>, stored: number): void {
    const ownClock = Y.decodeStateVector(Y.encodeStateVector(this.doc)).get(this.doc.clientID) ?? 0;
    const structsStored = (serverVector.get(this.doc.clientID) ?? 0) >= ownClock;
    if (structsStored && stored >= this.sentOnConnection) this.localEdits = 0;
    this.onServerState(serverVector);
    this.refreshUnsaved();
  }

  private onServerState(vector: Map<number, number>): void {
    if (!raiseClocks(this.serverVector, vector)) return;
    for (const [client, clock] of this.unconfirmed) {
      if ((this.serverVector.get(client) ?? 0) >= clock) this.unconfirmed.delete(client);
    }
    this.refreshUnsaved();
    this.rememberServerState();
  }

  /** Kept for the next session; only after the check, so it cannot vouch for what was loaded. */
  private rememberServerState(): void {
    if (!this.persistence || !this.offlineChecked || this.serverVector.size === 0) return;
    const encoded = Y.encodeStateVector(this.serverVector).slice().buffer;
    void this.persistence.set(SERVER_STATE_KEY, encoded).catch(() => undefined);
  }

  private refreshUnsaved(): void {
    const unsavedChanges = this.localEdits + (this.unconfirmed.size > 0 ? 1 : 0);
    if (unsavedChanges !== this.snapshot.unsavedChanges) this.update({ unsavedChanges });
  }

  private update(next: Partial<CollabSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...next };
    for (const listener of this.listeners) listener();
  }
}

/**
 * Removes every offline copy of this browser (sign-out): case material does not stay on a shared
 * machine. Chromium and Firefox list databases; elsewhere the copies expire with the profile.
 */
export async function clearOfflineCopies(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .filter((entry) => entry.name?.startsWith(OFFLINE_DB_PREFIX))
      .map(
        (entry) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(entry.name ?? '');
            request.onsuccess = () => resolve();
            request.onerror = () => resolve();
            request.onblocked = () => resolve();
          }),
      ),
  );
}
