import { Binary, ObjectId, type Db } from 'mongodb';
import type { CollectionIndexes } from '../db/database';
import { isDuplicateKeyError } from '../http/errors';

/**
 * Durable Yjs storage: a document is its latest snapshot plus every update stored after it.
 *
 * - `doc_updates` is append-only: each accepted update is inserted (and acknowledged by the
 *   database) before anyone else sees it.
 * - `doc_snapshots` holds compacted states (Yjs update format v1, so a cold load can send the bytes
 *   to a client without decoding them first), one generation after another.
 *
 * Yjs updates are idempotent and commute, so a snapshot may overlap the updates still stored after
 * it (a crash between "write snapshot" and "delete covered updates" is harmless): loading applies
 * both. Compaction deletes an update only after a snapshot containing it is durable.
 */
export interface UpdateDoc {
  _id: ObjectId;
  documentId: ObjectId;
  update: Binary;
  size: number;
  at: Date;
  userId: ObjectId | null;
}

export interface SnapshotDoc {
  _id: ObjectId;
  documentId: ObjectId;
  /** Generation: strictly increasing per document; the highest is the current one. */
  gen: number;
  state: Binary;
  size: number;
  at: Date;
}

/** A compaction lease: only one process compacts a document at a time (no transactions needed). */
interface LeaseDoc {
  _id: ObjectId;
  until: Date;
  holder: string;
}

/** Updates that could not be applied when a document was loaded, kept for investigation. */
interface RejectedUpdateDoc extends UpdateDoc {
  rejectedAt: Date;
  reason: string;
}

export const docStoreIndexes: CollectionIndexes[] = [
  { collection: 'doc_updates', indexes: [{ key: { documentId: 1, _id: 1 }, name: 'by_document' }] },
  {
    collection: 'doc_snapshots',
    indexes: [{ key: { documentId: 1, gen: -1 }, name: 'document_gen_unique', unique: true }],
  },
];

export interface StoredUpdate {
  id: ObjectId;
  update: Uint8Array;
}

export interface RawDocumentState {
  snapshot: { gen: number; state: Uint8Array } | null;
  updates: StoredUpdate[];
  /** Snapshot bytes plus update bytes: what the size limit is measured against. */
  storedBytes: number;
}

export interface NewUpdate {
  update: Uint8Array;
  userId: string | null;
}

const LEASE_MS = 60_000;
const DELETE_BATCH = 100;

export function createDocStore(db: Db) {
  const updates = db.collection<UpdateDoc>('doc_updates');
  const snapshots = db.collection<SnapshotDoc>('doc_snapshots');
  const leases = db.collection<LeaseDoc>('doc_compaction_leases');
  const rejected = db.collection<RejectedUpdateDoc>('doc_updates_rejected');
  const holder = new ObjectId().toHexString();

  async function latestSnapshot(documentId: ObjectId): Promise<SnapshotDoc | null> {
    return snapshots.find({ documentId }, { sort: { gen: -1 }, limit: 1 }).next();
  }

  return {
    /** Reads everything a document is made of, without decoding it. */
    async load(documentId: ObjectId): Promise<RawDocumentState> {
      // Updates first, then the snapshot: a compaction elsewhere writes its snapshot before deleting
      // the updates it covers, so whatever disappears from the update read is in the snapshot read
      // after it. (Read the other way round, or at once, a load could miss both.) An update that is
      // in both is harmless: Yjs applies it once.
      const stored = await updates.find({ documentId }, { sort: { _id: 1 } }).toArray();
      const snapshot = await latestSnapshot(documentId);
      let storedBytes = snapshot?.size ?? 0;
      const list: StoredUpdate[] = stored.map((doc) => {
        storedBytes += doc.size;
        return { id: doc._id, update: bytesOf(doc.update) };
      });
      return {
        snapshot: snapshot ? { gen: snapshot.gen, state: bytesOf(snapshot.state) } : null,
        updates: list,
        storedBytes,
      };
    },

    /**
     * Appends updates in one ordered write and resolves once the database has acknowledged them
     * (the embedded server fsyncs its journal before acknowledging). Ids are generated here so the
     * caller knows which stored rows its in-memory document contains.
     */
    async append(documentId: ObjectId, batch: readonly NewUpdate[]): Promise<ObjectId[]> {
      if (batch.length === 0) return [];
      const at = new Date();
      const docs: UpdateDoc[] = batch.map((entry) => ({
        _id: new ObjectId(),
        documentId,
        update: new Binary(entry.update),
        size: entry.update.byteLength,
        at,
        userId: entry.userId ? new ObjectId(entry.userId) : null,
      }));
      await updates.insertMany(docs, { ordered: true });
      return docs.map((doc) => doc._id);
    },

    /** The first snapshot of a new document (its template), written before its metadata exists. */
    async writeInitialSnapshot(documentId: ObjectId, state: Uint8Array): Promise<void> {
      await snapshots.insertOne({
        _id: new ObjectId(),
        documentId,
        gen: 1,
        state: new Binary(state),
        size: state.byteLength,
        at: new Date(),
      });
    },

    /**
     * Replaces updates with a snapshot. Under a lease (one compactor per document at a time) it reads
     * the newest snapshot; if that is not the generation the caller built on (another process
     * compacted meanwhile), `build` receives its state to fold in first — so every snapshot contains
     * every earlier one, and an update is deleted only by the writer of a snapshot containing it.
     * Returns null when another process holds the lease.
     */
    async compact(
      documentId: ObjectId,
      knownGen: number,
      build: (newerSnapshot: Uint8Array | null) => { state: Uint8Array; covered: readonly ObjectId[] },
    ): Promise<{ gen: number; storedBytes: number; covered: number } | null> {
      const now = new Date();
      try {
        // Upsert on an expired (or absent) lease; a live lease makes the upsert collide on _id.
        await leases.updateOne(
          { _id: documentId, until: { $lt: now } },
          { $set: { until: new Date(now.getTime() + LEASE_MS), holder } },
          { upsert: true },
        );
      } catch (error) {
        if (isDuplicateKeyError(error)) return null;
        throw error;
      }
      try {
        const latest = await latestSnapshot(documentId);
        const latestGen = latest?.gen ?? 0;
        const { state, covered } = build(latest && latestGen !== knownGen ? bytesOf(latest.state) : null);
        const gen = latestGen + 1;
        try {
          await snapshots.insertOne({
            _id: new ObjectId(),
            documentId,
            gen,
            state: new Binary(state),
            size: state.byteLength,
            at: new Date(),
          });
        } catch (error) {
          if (isDuplicateKeyError(error)) return null;
          throw error;
        }
        // Only now that the snapshot is durable may the updates it contains go. One delete per id
        // (exact _id matches are the fast path) in small batches, so concurrent appends interleave.
        for (let start = 0; start < covered.length; start += DELETE_BATCH) {
          await updates.bulkWrite(
            covered.slice(start, start + DELETE_BATCH).map((id) => ({ deleteOne: { filter: { _id: id } } })),
            { ordered: false },
          );
        }
        await snapshots.deleteMany({ documentId, gen: { $lt: gen } });
        const remaining = await updates
          .aggregate<{ bytes: number }>([
            { $match: { documentId } },
            { $group: { _id: null, bytes: { $sum: '$size' } } },
          ])
          .toArray();
        return { gen, storedBytes: state.byteLength + (remaining[0]?.bytes ?? 0), covered: covered.length };
      } finally {
        await leases.deleteOne({ _id: documentId, holder }).catch(() => undefined);
      }
    },

    /** Moves an update that cannot be applied out of the document (kept for investigation). */
    async reject(documentId: ObjectId, id: ObjectId, reason: string): Promise<void> {
      const doc = await updates.findOne({ _id: id, documentId });
      if (!doc) return;
      await rejected
        .insertOne({ ...doc, rejectedAt: new Date(), reason: reason.slice(0, 300) })
        .catch((error) => {
          if (!isDuplicateKeyError(error)) throw error;
        });
      await updates.deleteOne({ _id: id });
    },

    async countUpdates(documentId: ObjectId): Promise<number> {
      return updates.countDocuments({ documentId });
    },
  };
}

export type DocStore = ReturnType<typeof createDocStore>;

/** The bytes of a stored Binary (its buffer may be larger than its content). */
export function bytesOf(binary: Binary): Uint8Array {
  return binary.buffer.subarray(0, binary.position);
}
