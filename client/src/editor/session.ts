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
  /** The local copy (IndexedDB) has been loaded: the document can be shown even offline. */
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

/** Decodes a y-websocket "stored" acknowledgement: `[sub-type][varUint8Array sv][varUint count]`. */
export function readSavedAck(bytes: Uint8Array): { stateVector: Map<number, number>; stored: number } | null {
  let position = 0;
  const next = (): number => {
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
  try {
    if (next() !== COLLAB_SAVED_ACK) return null;
    const length = next();
    const stateVector = bytes.subarray(position, position + length);
    position += length;
    return { stateVector: Y.decodeStateVector(stateVector), stored: next() };
  } catch {
    return null;
  }
}

export interface CollabSessionOptions {
  documentId: string;
  userId: string;
  /** ws(s)://host — the page's own origin in the browser. */
  serverUrl?: string;
  /** Keep an offline copy in IndexedDB (off in tests without IndexedDB). */
  offline?: boolean;
}

/**
 * One open document: a Y.Doc kept in IndexedDB (so work continues without a connection) and synced
 * through the unmodified y-websocket provider. It tracks what the user needs to see: connection
 * state and whether every local change is stored on the server.
 */
export class CollabSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private readonly persistence: IndexeddbPersistence | null;
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
  private destroyed = false;

  constructor(readonly options: CollabSessionOptions) {
    const serverUrl =
      options.serverUrl ??
      `${location.origin.replace(/^http/, 'ws')}${COLLAB_PATH_PREFIX.replace(/\/$/, '')}`;
    this.provider = new WebsocketProvider(serverUrl, options.documentId, this.doc, {
      connect: false,
      maxBackoffTime: 5_000,
    });
    this.persistence =
      options.offline === false || typeof indexedDB === 'undefined'
        ? null
        : new IndexeddbPersistence(offlineDatabaseName(options.userId, options.documentId), this.doc);

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
        void this.persistence?.clearData();
      }
    });
    this.provider.on('connection-close', (event) => {
      if (event && isPermanentCollabClose(event.code)) return; // `closed` follows
      if (this.snapshot.connection !== 'closed') this.update({ connection: 'offline' });
    });

    const connect = () => {
      if (this.destroyed) return;
      this.update({ loaded: true });
      // Connect once the local copy is in the Y.Doc, so offline edits travel in the first sync.
      if (typeof navigator === 'undefined' || navigator.onLine !== false) this.provider.connect();
      else this.update({ connection: 'offline' });
    };
    // The browser knows at once when the network goes: stop waiting for a dead socket to time out
    // (y-websocket notices only after 30 s of silence) and stop retrying until it is back.
    if (typeof window !== 'undefined') {
      window.addEventListener('offline', this.onOffline);
      window.addEventListener('online', this.onOnline);
    }
    if (this.persistence) void this.persistence.whenSynced.then(connect, connect);
    else connect();
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
    if (typeof window !== 'undefined') {
      window.removeEventListener('offline', this.onOffline);
      window.removeEventListener('online', this.onOnline);
    }
    this.doc.off('update', this.onLocalUpdate);
    this.provider.destroy();
    void this.persistence?.destroy();
    this.doc.destroy();
    this.listeners.clear();
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

  private onLocalUpdate = (_update: Uint8Array, origin: unknown): void => {
    // Remote changes (the provider) and the offline copy loading (persistence) are not local edits.
    if (origin === this.provider || origin === this.persistence) return;
    if (this.provider.wsconnected) this.sentOnConnection += 1;
    this.update({ unsavedChanges: this.snapshot.unsavedChanges + 1 });
  };

  private onSaved(serverVector: Map<number, number>, stored: number): void {
    const ownClock = Y.decodeStateVector(Y.encodeStateVector(this.doc)).get(this.doc.clientID) ?? 0;
    const structsStored = (serverVector.get(this.doc.clientID) ?? 0) >= ownClock;
    if (structsStored && stored >= this.sentOnConnection) this.update({ unsavedChanges: 0 });
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
