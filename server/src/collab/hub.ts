import { ObjectId } from 'mongodb';
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { MessageBus } from '../realtime/bus';
import { encodeAwareness, encodeSyncStep2, encodeUpdate } from './protocol';
import type { DocStore, RawDocumentState } from './store';

/** One open collab connection, as the hub sees it. */
export interface HubConnection {
  readonly userId: string;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface HubOptions {
  /** Stored size past which a document refuses to grow. */
  maxDocumentBytes: number;
  /** Compact in the background once this many updates are stored after the snapshot. */
  compactAfterUpdates: number;
  /** Unload a document this long after its last connection left (after persisting and compacting). */
  unloadAfterMs: number;
  /** Take an automatic version when a document has been edited and the last one is this old. */
  autoVersionIntervalMs: number;
}

export interface HubDeps {
  store: DocStore;
  bus: MessageBus;
  logger: Logger;
  options: HubOptions;
  /** Saves an automatic version (set by the documents service once it exists). */
  saveAutoVersion?: (documentId: string, state: Uint8Array) => Promise<void>;
}

/** Why a write was refused; the endpoint maps these to close codes. */
export class WriteRefused extends Error {
  override name = 'WriteRefused';
  constructor(
    readonly reason: 'document_too_large' | 'storage_failed' | 'rejected_update' | 'unloaded',
    message: string,
  ) {
    super(message);
  }
}

/** Origin of updates that came from another process over the bus. */
const REMOTE = Symbol('remote');
/** Origin of updates replayed while loading (nobody needs to hear about them). */
const LOAD = Symbol('load');
/** Longest a loaded document waits before decoding when nobody asked for it yet. */
const LAZY_DECODE_MS = 1_000;
/** A Yjs update that changes nothing: what an empty document's sync step 2 carries. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

interface PendingWrite {
  update: Uint8Array;
  userId: string | null;
  origin: unknown;
  resolve(): void;
  reject(error: Error): void;
}

interface BusUpdate {
  p: string;
  i: string;
  u: string;
}

interface BusAwareness {
  p: string;
  u: string;
}

/**
 * One document held in memory while anyone works on it. Its Y.Doc only ever contains updates that
 * are already durable: a client's update is stored, then applied, and the Y.Doc's `update` event
 * (which fires only on application) broadcasts it. So whatever any client receives — live or in a
 * later sync step 2 — survives a crash.
 */
export class LoadedDocument {
  ydoc = new Y.Doc();
  awareness = new awarenessProtocol.Awareness(this.ydoc);
  readonly connections = new Set<HubConnection>();
  state: 'loading' | 'ready' | 'failed' | 'unloaded' = 'loading';
  /** The stored bytes, kept only while loading so the first clients can be answered at once. */
  raw: RawDocumentState | null = null;
  readonly rawReady: Promise<RawDocumentState>;
  readonly ready: Promise<void>;
  storedBytes = 0;
  /** Bytes of the batch being written: not stored yet, but no longer queued either. */
  private inFlightBytes = 0;
  /** Ids of stored updates contained in the Y.Doc but not yet in a snapshot. */
  private appliedIds: ObjectId[] = [];
  private knownGen = 0;
  private pending: PendingWrite[] = [];
  private flushing: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;
  private busBacklog: BusUpdate[] = [];
  private unsubscribers: (() => Promise<void>)[] = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private lastVersionAt = Date.now();
  private changedSinceVersion = false;
  private resolveRaw: (raw: RawDocumentState) => void = () => undefined;
  private wantDecode: () => void = () => undefined;
  private readonly decodeWanted = new Promise<void>((resolve) => {
    this.wantDecode = resolve;
  });
  /** Which connection speaks for each awareness client id (one client cannot overwrite another's). */
  readonly awarenessOwners = new Map<number, HubConnection>();

  constructor(
    readonly id: string,
    readonly objectId: ObjectId,
    private readonly deps: HubDeps,
    private readonly processId: string,
    private readonly onUnloaded: (doc: LoadedDocument) => void,
  ) {
    // The server speaks for nobody: it relays other clients' awareness but has no state of its own.
    this.awareness.setLocalState(null);
    let rejectRaw: (error: Error) => void = () => undefined;
    this.rawReady = new Promise<RawDocumentState>((resolve, reject) => {
      this.resolveRaw = resolve;
      rejectRaw = reject;
    });
    // Avoid unhandled rejections when nobody waits on the raw state.
    this.rawReady.catch(() => undefined);
    this.ready = this.load().catch((error: unknown) => {
      this.state = 'failed';
      rejectRaw(error instanceof Error ? error : new Error(String(error)));
      throw error;
    });
    this.ready.catch(() => undefined);
  }

  private get log(): Logger {
    return this.deps.logger;
  }

  private async load(): Promise<void> {
    // Subscribe before reading storage: an update another process stores in between is not missed.
    this.unsubscribers.push(
      await this.deps.bus.subscribe(`collab:update:${this.id}`, (payload) => this.onBusUpdate(payload)),
      await this.deps.bus.subscribe(`collab:awareness:${this.id}`, (payload) => this.onBusAwareness(payload)),
    );
    const raw = await this.deps.store.load(this.objectId);
    this.raw = raw;
    this.storedBytes = raw.storedBytes;
    this.knownGen = raw.snapshot?.gen ?? 0;
    this.resolveRaw(raw);
    // Decoding blocks the event loop (tens of ms for a large document). Clients that only need the
    // stored bytes get them first; decoding starts once their answer has left, once something needs
    // the decoded document (an edit, presence, an export), or after a short grace period.
    await Promise.race([
      this.decodeWanted,
      new Promise((resolve) => setTimeout(resolve, LAZY_DECODE_MS).unref()),
    ]);
    await this.decode(raw);
    this.raw = null;
    this.state = 'ready';
    this.ydoc.on('update', (update: Uint8Array, origin: unknown) => this.broadcastUpdate(update, origin));
    this.awareness.on('update', (changes: AwarenessChanges, origin: unknown) =>
      this.broadcastAwareness(changes, origin),
    );
    // An update stored before our read is in `raw` already: its bytes are counted once.
    const loadedIds = new Set(raw.updates.map((stored) => stored.id.toHexString()));
    for (const message of this.busBacklog.splice(0)) this.applyBusUpdate(message, !loadedIds.has(message.i));
    if (this.appliedIds.length >= this.deps.options.compactAfterUpdates) this.scheduleCompaction();
  }

  /** Applies snapshot + updates; an update that cannot be applied is set aside and the doc rebuilt without it. */
  private async decode(raw: RawDocumentState): Promise<void> {
    const skipped = new Set<string>();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const doc = this.ydoc;
      if (raw.snapshot) Y.applyUpdate(doc, raw.snapshot.state, LOAD);
      let failed: { id: ObjectId; error: unknown } | null = null;
      const applied: ObjectId[] = [];
      for (const stored of raw.updates) {
        if (skipped.has(stored.id.toHexString())) continue;
        try {
          Y.applyUpdate(doc, stored.update, LOAD);
          applied.push(stored.id);
        } catch (error) {
          failed = { id: stored.id, error };
          break;
        }
      }
      if (!failed) {
        this.appliedIds = applied;
        return;
      }
      this.log.error(
        { err: failed.error, documentId: this.id },
        'stored update could not be applied; set aside',
      );
      skipped.add(failed.id.toHexString());
      await this.deps.store.reject(this.objectId, failed.id, String(failed.error));
      // The Y.Doc may hold part of the failed update: start again from a fresh one without it.
      this.awareness.destroy();
      this.ydoc.destroy();
      this.ydoc = new Y.Doc();
      this.awareness = new awarenessProtocol.Awareness(this.ydoc);
      this.awareness.setLocalState(null);
    }
    throw new Error(`document ${this.id} has too many updates that cannot be applied`);
  }

  // ---- reading ----

  /** Sync step 2 for a client's state vector, from memory or (while loading) straight from storage. */
  syncStep2Frames(stateVector: Uint8Array): Uint8Array[] {
    if (this.state === 'ready') return [encodeSyncStep2(Y.encodeStateAsUpdate(this.ydoc, stateVector))];
    const raw = this.raw;
    if (!raw) throw new Error('document is not loaded');
    // Cold load: send what is stored without decoding it (Yjs skips what the client already has).
    // Updates go first so that the client counts itself synced only once it has everything.
    return [
      ...raw.updates.map((stored) => encodeUpdate(stored.update)),
      encodeSyncStep2(raw.snapshot?.state ?? EMPTY_UPDATE),
    ];
  }

  /**
   * Whether an update would change nothing here: no structs beyond what we have and no deletion we
   * have not applied. y-websocket clients send such updates on every (re)connect — their sync step 2
   * always repeats the whole delete set — and they are neither edits nor worth storing.
   */
  isRedundant(update: Uint8Array): boolean {
    if (this.state !== 'ready') return false;
    const ours = Y.decodeStateVector(Y.encodeStateVector(this.ydoc));
    const meta = Y.parseUpdateMeta(update);
    for (const [client, clock] of meta.to) {
      if (clock > (ours.get(client) ?? 0)) return false;
    }
    // Only deletions remain: each deleted range must already be deleted here (looked up in the
    // struct store by binary search, not by rebuilding our delete set, which is O(document)).
    for (const [client, ranges] of Y.decodeUpdate(update).ds.clients) {
      const structs = this.ydoc.store.clients.get(client) ?? [];
      for (const range of ranges) {
        if (range.len > 0 && !allDeleted(structs, range.clock, range.clock + range.len)) return false;
      }
    }
    return true;
  }

  /** A raw (cold-load) answer is being written: decode once it has left. */
  awaitRawFlush(flushed: Promise<void>): void {
    void flushed.then(() => this.wantDecode());
  }

  /** The decoded document, decoding now if it is still waiting (edits, presence, exports need it). */
  whenReady(): Promise<void> {
    this.wantDecode();
    return this.ready;
  }

  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.ydoc);
  }

  /** Full state of what is durable now (waits for queued writes first). */
  async currentState(): Promise<Uint8Array> {
    await this.whenReady();
    await this.drain();
    return Y.encodeStateAsUpdate(this.ydoc);
  }

  awarenessFrame(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length === 0) return null;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  // ---- writing ----

  /**
   * Stores an update, then applies and broadcasts it. Resolves once it is durable and applied;
   * rejects with WriteRefused when it cannot be accepted (nothing of it was stored or sent then).
   */
  submit(update: Uint8Array, userId: string | null, origin: unknown): Promise<void> {
    if (this.state === 'unloaded' || this.state === 'failed') {
      return Promise.reject(new WriteRefused('unloaded', 'The document is not open'));
    }
    const queuedBytes = this.inFlightBytes + totalBytes(this.pending);
    if (this.storedBytes + queuedBytes + update.byteLength > this.deps.options.maxDocumentBytes) {
      // Stored updates still hold text that was deleted since; a snapshot drops it, so the limit
      // may have room again afterwards (the next attempt is measured against the compacted size).
      if (this.appliedIds.length > 0) this.scheduleCompaction();
      return Promise.reject(
        new WriteRefused('document_too_large', 'This document has reached its size limit'),
      );
    }
    this.touch();
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ update, userId, origin, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Waits until every queued write is stored and applied. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /**
   * Writes everything queued. `flushing` is cleared by this function's own `finally`, in the same
   * synchronous step that finds the queue empty. Cleared any later (after an `await`, or in a
   * `.finally` on the promise), a write queued in between would find a flush still "running" and
   * wait for the next write to start one — for ever, if none came.
   */
  private async flush(): Promise<void> {
    try {
      try {
        await this.whenReady();
      } catch {
        for (const entry of this.pending.splice(0)) {
          entry.reject(new WriteRefused('unloaded', 'The document could not be loaded'));
        }
        return;
      }
      while (this.pending.length > 0) {
        // Group commit: everything queued while the previous write was in flight goes in one insert.
        const batch = this.pending.splice(0, 500);
        this.inFlightBytes = totalBytes(batch);
        let ids: ObjectId[];
        try {
          ids = await this.deps.store.append(
            this.objectId,
            batch.map((entry) => ({ update: entry.update, userId: entry.userId })),
          );
        } catch (error) {
          this.inFlightBytes = 0;
          this.log.error({ err: error, documentId: this.id }, 'could not store document updates');
          for (const entry of batch)
            entry.reject(new WriteRefused('storage_failed', 'Could not save the change'));
          continue;
        }
        // From here each stored entry counts in storedBytes instead.
        this.inFlightBytes = 0;
        for (const [index, entry] of batch.entries()) {
          const id = ids[index];
          if (!id) continue;
          this.storedBytes += entry.update.byteLength;
          try {
            Y.applyUpdate(this.ydoc, entry.update, entry.origin);
          } catch (error) {
            this.log.error({ err: error, documentId: this.id }, 'stored update failed to apply; reloading');
            await this.deps.store.reject(this.objectId, id, String(error)).catch(() => undefined);
            entry.reject(new WriteRefused('rejected_update', 'The change could not be applied'));
            // The in-memory document may hold part of it: drop it and let clients reload from storage.
            for (const later of batch.slice(index + 1)) later.resolve();
            for (const waiting of this.pending.splice(0)) {
              waiting.reject(new WriteRefused('unloaded', 'The document is reloading'));
            }
            this.evict(1011, 'The document is reloading after a rejected change');
            return;
          }
          this.appliedIds.push(id);
          this.changedSinceVersion = true;
          void this.deps.bus
            .publish(
              `collab:update:${this.id}`,
              JSON.stringify({
                p: this.processId,
                i: id.toHexString(),
                u: Buffer.from(entry.update).toString('base64'),
              }),
            )
            .catch((error: unknown) => this.log.warn({ err: error }, 'collab bus publish failed'));
          entry.resolve();
        }
        this.maybeAutoVersion();
        if (this.appliedIds.length >= this.deps.options.compactAfterUpdates) this.scheduleCompaction();
      }
    } finally {
      this.flushing = null;
    }
  }

  // ---- fan-out ----

  private broadcastUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === LOAD) return;
    const frame = encodeUpdate(update);
    for (const connection of this.connections) {
      if (connection !== origin) connection.send(frame);
    }
  }

  private broadcastAwareness(changes: AwarenessChanges, origin: unknown): void {
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    if (changed.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const frame = encodeAwareness(update);
    for (const connection of this.connections) connection.send(frame);
    if (origin !== REMOTE && origin !== null && origin !== 'timeout') {
      void this.deps.bus
        .publish(
          `collab:awareness:${this.id}`,
          JSON.stringify({ p: this.processId, u: Buffer.from(update).toString('base64') }),
        )
        .catch(() => undefined);
    }
  }

  private onBusUpdate(payload: string): void {
    let message: BusUpdate;
    try {
      message = JSON.parse(payload) as BusUpdate;
    } catch {
      return;
    }
    if (message.p === this.processId) return;
    if (this.state === 'loading') {
      this.busBacklog.push(message);
      return;
    }
    if (this.state === 'ready') this.applyBusUpdate(message);
  }

  private applyBusUpdate(message: BusUpdate, countBytes = true): void {
    const update = Buffer.from(message.u, 'base64');
    try {
      Y.applyUpdate(this.ydoc, update, REMOTE);
    } catch (error) {
      this.log.warn({ err: error, documentId: this.id }, 'update from another process failed to apply');
      return;
    }
    // Stored by the other process, so it counts against the size limit here too.
    if (countBytes) this.storedBytes += update.byteLength;
    // Stored by the other process; our snapshot will contain it, so compaction may delete it.
    if (/^[a-f0-9]{24}$/.test(message.i)) this.appliedIds.push(new ObjectId(message.i));
    this.changedSinceVersion = true;
  }

  private onBusAwareness(payload: string): void {
    if (this.state !== 'ready') return;
    try {
      const message = JSON.parse(payload) as BusAwareness;
      if (message.p === this.processId) return;
      awarenessProtocol.applyAwarenessUpdate(this.awareness, Buffer.from(message.u, 'base64'), REMOTE);
    } catch {
      // A malformed bus message is ignored: it came from our own processes, never from a client.
    }
  }

  // ---- connections and lifecycle ----

  attach(connection: HubConnection): void {
    this.connections.add(connection);
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
  }

  detach(connection: HubConnection, awarenessClients: readonly number[]): void {
    if (!this.connections.delete(connection)) return;
    for (const clientId of awarenessClients) {
      if (this.awarenessOwners.get(clientId) === connection) this.awarenessOwners.delete(clientId);
    }
    if (awarenessClients.length > 0 && this.state === 'ready') {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...awarenessClients], connection);
    }
    if (this.connections.size === 0) this.scheduleUnload();
  }

  /** After a server-side operation on a document nobody has open, let it unload in due course. */
  releaseIfIdle(): void {
    if (this.connections.size === 0 && !this.idleTimer && this.state !== 'unloaded') this.scheduleUnload();
  }

  private touch(): void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
  }

  private scheduleUnload(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      void this.unload().catch((error: unknown) =>
        this.log.error({ err: error, documentId: this.id }, 'could not unload document'),
      );
    }, this.deps.options.unloadAfterMs);
    this.idleTimer.unref();
  }

  /** Persist what is queued, take a version and compact if anything changed, then free memory. */
  async unload(): Promise<void> {
    await this.ready.catch(() => undefined);
    if (this.state === 'unloaded') return;
    if (this.state === 'ready') {
      await this.drain();
      if (this.changedSinceVersion) await this.saveVersion();
      // Every update is stored already: a failed compaction costs load time later, never data.
      if (this.appliedIds.length > 0) {
        await this.compact().catch((error: unknown) =>
          this.log.warn({ err: error, documentId: this.id }, 'compaction before unload failed'),
        );
      }
      await this.compacting;
    }
    // Someone may have come back while we were persisting.
    if (this.connections.size > 0) return;
    // A change arrived meanwhile without a connection (a restore, a server-side edit): it is being
    // written now; unloading under it could let a fresh load read storage before it lands.
    if (this.pending.length > 0 || this.flushing) {
      this.scheduleUnload();
      return;
    }
    this.dispose();
  }

  /** Drops the document at once (after a rejected update or on shutdown), closing its connections. */
  evict(code: number, reason: string): void {
    for (const connection of [...this.connections]) connection.close(code, reason);
    this.connections.clear();
    this.dispose();
  }

  private dispose(): void {
    if (this.state === 'unloaded') return;
    this.state = 'unloaded';
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const unsubscribe of this.unsubscribers.splice(0)) void unsubscribe().catch(() => undefined);
    this.awareness.destroy();
    this.ydoc.destroy();
    this.onUnloaded(this);
  }

  private maybeAutoVersion(): void {
    if (!this.changedSinceVersion) return;
    if (Date.now() - this.lastVersionAt < this.deps.options.autoVersionIntervalMs) return;
    void this.saveVersion();
  }

  private async saveVersion(): Promise<void> {
    const save = this.deps.saveAutoVersion;
    if (!save) return;
    this.lastVersionAt = Date.now();
    this.changedSinceVersion = false;
    try {
      await save(this.id, Y.encodeStateAsUpdate(this.ydoc));
    } catch (error) {
      this.changedSinceVersion = true;
      this.log.warn({ err: error, documentId: this.id }, 'automatic version failed');
    }
  }

  private scheduleCompaction(): void {
    if (this.compacting) return;
    this.compacting = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.compact())
      .catch((error: unknown) => this.log.warn({ err: error, documentId: this.id }, 'compaction failed'))
      .finally(() => {
        this.compacting = null;
      });
  }

  /** Snapshot the in-memory document (apply-and-encode, never mergeUpdates) and drop covered updates. */
  private async compact(): Promise<void> {
    if (this.state !== 'ready' || this.appliedIds.length === 0) return;
    const result = await this.deps.store.compact(this.objectId, this.knownGen, (newerSnapshot) => {
      // Another process compacted since we loaded: fold its snapshot in so ours contains it.
      if (newerSnapshot) Y.applyUpdate(this.ydoc, newerSnapshot, REMOTE);
      // State and covered ids are taken in the same synchronous step, so they match exactly.
      return { state: Y.encodeStateAsUpdate(this.ydoc), covered: this.appliedIds.slice() };
    });
    if (!result) return;
    this.appliedIds.splice(0, result.covered);
    this.knownGen = result.gen;
    this.storedBytes = result.storedBytes;
  }
}

function totalBytes(entries: readonly { update: Uint8Array }[]): number {
  return entries.reduce((sum, entry) => sum + entry.update.byteLength, 0);
}

/** Whether every struct of one client overlapping [start, end) exists and is deleted. */
function allDeleted(structs: readonly (Y.Item | Y.GC)[], start: number, end: number): boolean {
  let low = 0;
  let high = structs.length - 1;
  let index = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const struct = structs[middle];
    if (!struct) return false;
    if (struct.id.clock + struct.length <= start) low = middle + 1;
    else if (struct.id.clock > start) high = middle - 1;
    else {
      index = middle;
      break;
    }
  }
  if (index === -1) return false;
  for (let clock = start; clock < end;) {
    const struct = structs[index];
    if (!struct || struct.id.clock > clock || !struct.deleted) return false;
    clock = struct.id.clock + struct.length;
    index += 1;
  }
  return true;
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/** The documents loaded in this process. */
export function createDocumentHub(deps: HubDeps) {
  const loaded = new Map<string, LoadedDocument>();
  const processId = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

  return {
    deps,
    /** The loaded document, loading it if needed (callers await `doc.rawReady` or `doc.ready`). */
    open(id: string, objectId: ObjectId): LoadedDocument {
      const existing = loaded.get(id);
      if (existing && existing.state !== 'unloaded' && existing.state !== 'failed') return existing;
      const doc = new LoadedDocument(id, objectId, deps, processId, (gone) => {
        if (loaded.get(gone.id) === gone) loaded.delete(gone.id);
      });
      loaded.set(id, doc);
      doc.ready.catch(() => {
        if (loaded.get(id) === doc) loaded.delete(id);
      });
      return doc;
    },

    get(id: string): LoadedDocument | undefined {
      return loaded.get(id);
    },

    /** Number of documents held in memory (SECURITY row 18: returns to 0 once everyone leaves). */
    loadedCount(): number {
      return loaded.size;
    },

    /** Unloads every idle document now (persisting first); used at shutdown. */
    async unloadAll(): Promise<void> {
      await Promise.all([...loaded.values()].map((doc) => doc.unload().catch(() => undefined)));
    },
  };
}

export type DocumentHub = ReturnType<typeof createDocumentHub>;
