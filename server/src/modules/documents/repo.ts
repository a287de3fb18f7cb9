import { ObjectId, type Binary, type Db, type Filter } from 'mongodb';
import { z } from 'zod';
import type { DocumentKind, DocumentTemplate, VersionKind } from '@serantau/shared';
import type { CollectionIndexes } from '../../db/database';
import { decodeCursor, encodeCursor } from '../../db/ids';
import type { HandlingDoc } from './handling';

export interface PersonRefDoc {
  id: ObjectId;
  name: string;
}

/** A document's metadata; its content lives in the collab store (`doc_updates` / `doc_snapshots`). */
export interface DocumentDoc {
  _id: ObjectId;
  kind: DocumentKind;
  owner: { type: string; id: ObjectId };
  title: string;
  template: DocumentTemplate;
  handling: HandlingDoc | null;
  caseId: ObjectId | null;
  requestId: ObjectId | null;
  createdBy: PersonRefDoc;
  createdAt: Date;
  updatedAt: Date;
}

export interface VersionDoc {
  _id: ObjectId;
  documentId: ObjectId;
  kind: VersionKind;
  name: string;
  createdBy: PersonRefDoc | null;
  createdAt: Date;
  /** Full Yjs state (update v1). */
  state: Binary;
  size: number;
  locked: boolean;
}

export interface CommentReplyDoc {
  _id: ObjectId;
  author: PersonRefDoc;
  body: string;
  createdAt: Date;
}

export interface CommentDoc {
  _id: ObjectId;
  documentId: ObjectId;
  anchor: { start: string; end: string };
  quote: string;
  author: PersonRefDoc;
  body: string;
  createdAt: Date;
  resolved: boolean;
  resolvedBy: PersonRefDoc | null;
  resolvedAt: Date | null;
  replies: CommentReplyDoc[];
}

export const documentIndexes: CollectionIndexes[] = [
  {
    collection: 'documents',
    indexes: [
      { key: { 'owner.type': 1, 'owner.id': 1, createdAt: 1 }, name: 'by_owner' },
      { key: { caseId: 1, createdAt: 1 }, name: 'by_case' },
    ],
  },
  {
    collection: 'doc_versions',
    // The history pages on (createdAt, _id): with _id in the key the tie-break needs no in-memory
    // sort. These supersede `by_document` (documentId, createdAt), which older databases still hold.
    indexes: [
      { key: { documentId: 1, createdAt: -1, _id: -1 }, name: 'by_document_time' },
      { key: { documentId: 1, kind: 1, createdAt: -1, _id: -1 }, name: 'by_document_kind_time' },
    ],
  },
  { collection: 'doc_comments', indexes: [{ key: { documentId: 1, createdAt: 1 }, name: 'by_document' }] },
];

/** Where a page of the version history ends: its last version's time and id. */
export interface VersionPosition {
  at: Date;
  id: ObjectId;
}

// Anything else a client sends back is refused rather than coerced into some other position.
const VersionCursorSchema = z.strictObject({
  at: z.number().int().min(0).max(8.64e15),
  id: z.string().regex(/^[a-f0-9]{24}$/),
});

export function encodeVersionCursor(version: Pick<VersionDoc, '_id' | 'createdAt'>): string {
  return encodeCursor({ at: version.createdAt.getTime(), id: version._id.toHexString() });
}

/** null when the cursor was not made by `encodeVersionCursor`. */
export function decodeVersionCursor(cursor: string): VersionPosition | null {
  const parsed = VersionCursorSchema.safeParse(decodeCursor(cursor));
  return parsed.success ? { at: new Date(parsed.data.at), id: new ObjectId(parsed.data.id) } : null;
}

/** Most replies a comment keeps (a long debate belongs in the case thread). */
export const MAX_REPLIES = 200;

export function createDocumentsRepo(db: Db) {
  const documents = db.collection<DocumentDoc>('documents');
  const versions = db.collection<VersionDoc>('doc_versions');
  const comments = db.collection<CommentDoc>('doc_comments');

  return {
    documents: {
      findById(id: ObjectId): Promise<DocumentDoc | null> {
        return documents.findOne({ _id: id });
      },
      listByOwner(type: string, id: ObjectId): Promise<DocumentDoc[]> {
        return documents.find({ 'owner.type': type, 'owner.id': id }, { sort: { createdAt: 1 } }).toArray();
      },
      async insert(doc: DocumentDoc): Promise<DocumentDoc> {
        await documents.insertOne(doc);
        return doc;
      },
      update(
        id: ObjectId,
        changes: Partial<Pick<DocumentDoc, 'title' | 'handling'>>,
      ): Promise<DocumentDoc | null> {
        return documents.findOneAndUpdate(
          { _id: id },
          { $set: { ...changes, updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
      },
      async touch(id: ObjectId): Promise<void> {
        await documents.updateOne({ _id: id }, { $set: { updatedAt: new Date() } });
      },
    },

    versions: {
      async insert(version: Omit<VersionDoc, '_id'> & { _id?: ObjectId }): Promise<VersionDoc> {
        const doc: VersionDoc = { ...version, _id: version._id ?? new ObjectId() };
        await versions.insertOne(doc);
        return doc;
      },
      /** Newest first, strictly older than `before` when given, without the (large) states. */
      list(
        documentId: ObjectId,
        options: { before?: VersionPosition | null; kind?: VersionKind | undefined; limit: number },
      ): Promise<Omit<VersionDoc, 'state'>[]> {
        const { before, kind, limit } = options;
        const filter: Filter<VersionDoc> = { documentId, ...(kind ? { kind } : {}) };
        if (before) {
          // Versions saved in the same millisecond share createdAt; _id keeps them in a total order.
          filter.$or = [{ createdAt: { $lt: before.at } }, { createdAt: before.at, _id: { $lt: before.id } }];
        }
        return versions
          .find(filter, { sort: { createdAt: -1, _id: -1 }, limit, projection: { state: 0 } })
          .toArray();
      },
      findById(documentId: ObjectId, id: ObjectId): Promise<VersionDoc | null> {
        return versions.findOne({ _id: id, documentId });
      },
      async latestAt(documentId: ObjectId): Promise<Date | null> {
        const latest = await versions
          .find({ documentId }, { sort: { createdAt: -1 }, limit: 1, projection: { createdAt: 1 } })
          .next();
        return latest?.createdAt ?? null;
      },
      /** Compensation when a step after creating a version failed; locked versions are never removed. */
      async deleteUnlocked(id: ObjectId): Promise<void> {
        await versions.deleteOne({ _id: id, locked: false });
      },
      async deleteEvenIfLocked(id: ObjectId): Promise<void> {
        await versions.deleteOne({ _id: id });
      },
    },

    comments: {
      list(documentId: ObjectId): Promise<CommentDoc[]> {
        return comments.find({ documentId }, { sort: { createdAt: 1 }, limit: 2000 }).toArray();
      },
      findById(documentId: ObjectId, id: ObjectId): Promise<CommentDoc | null> {
        return comments.findOne({ _id: id, documentId });
      },
      async insert(comment: CommentDoc): Promise<CommentDoc> {
        await comments.insertOne(comment);
        return comment;
      },
      addReply(documentId: ObjectId, id: ObjectId, reply: CommentReplyDoc): Promise<CommentDoc | null> {
        return comments.findOneAndUpdate(
          { _id: id, documentId, [`replies.${MAX_REPLIES - 1}`]: { $exists: false } },
          { $push: { replies: reply } },
          { returnDocument: 'after' },
        );
      },
      setResolved(
        documentId: ObjectId,
        id: ObjectId,
        resolved: boolean,
        by: PersonRefDoc,
      ): Promise<CommentDoc | null> {
        return comments.findOneAndUpdate(
          { _id: id, documentId },
          {
            $set: resolved
              ? { resolved, resolvedBy: by, resolvedAt: new Date() }
              : { resolved, resolvedBy: null, resolvedAt: null },
          },
          { returnDocument: 'after' },
        );
      },
    },
  };
}

export type DocumentsRepo = ReturnType<typeof createDocumentsRepo>;
