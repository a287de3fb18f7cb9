import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GridFSBucket, ObjectId, type Db, type GridFSFile } from 'mongodb';
import type { CollectionIndexes } from '../../db/database';

/** What we keep beside each stored file. */
export interface AttachmentMetadata {
  uploaderId: ObjectId;
  threadId: ObjectId;
  containerKey: string;
  contentType: string;
  sha256: string;
  /** Set when a message claims the upload; until then only its uploader may fetch it. */
  messageId: ObjectId | null;
}

export interface StoredAttachment {
  id: ObjectId;
  filename: string;
  size: number;
  uploadedAt: Date;
  metadata: AttachmentMetadata;
}

const BUCKET = 'attachments';

export const attachmentIndexes: CollectionIndexes[] = [
  {
    collection: `${BUCKET}.files`,
    indexes: [
      { key: { 'metadata.threadId': 1, 'metadata.messageId': 1 }, name: 'by_thread_message' },
      { key: { 'metadata.messageId': 1, uploadDate: 1 }, name: 'by_message_age' },
    ],
  },
];

/** Files in GridFS: only this store touches the `attachments.*` collections. */
export function createAttachmentStore(db: Db) {
  const bucket = new GridFSBucket(db, { bucketName: BUCKET, chunkSizeBytes: 255 * 1024 });
  const files = db.collection<GridFSFile & { metadata: AttachmentMetadata }>(`${BUCKET}.files`);

  function toStored(file: GridFSFile & { metadata?: AttachmentMetadata }): StoredAttachment | null {
    if (!file.metadata) return null;
    return {
      id: file._id as ObjectId,
      filename: file.filename,
      size: file.length,
      uploadedAt: file.uploadDate,
      metadata: file.metadata,
    };
  }

  return {
    /** Writes the whole file, then returns its record; a failed write leaves no visible file. */
    async store(
      bytes: Buffer,
      filename: string,
      metadata: Omit<AttachmentMetadata, 'sha256' | 'messageId'>,
    ): Promise<StoredAttachment> {
      const id = new ObjectId();
      const full: AttachmentMetadata = {
        ...metadata,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        messageId: null,
      };
      await new Promise<void>((resolve, reject) => {
        const upload = bucket.openUploadStreamWithId(id, filename, { metadata: full });
        upload.once('error', reject);
        upload.once('finish', () => resolve());
        upload.end(bytes);
      });
      return { id, filename, size: bytes.length, uploadedAt: new Date(), metadata: full };
    },

    async find(id: ObjectId): Promise<StoredAttachment | null> {
      const file = await files.findOne({ _id: id });
      return file ? toStored(file) : null;
    },

    async findMany(ids: readonly ObjectId[]): Promise<StoredAttachment[]> {
      if (ids.length === 0) return [];
      const found = await files.find({ _id: { $in: [...ids] } }).toArray();
      return found.flatMap((file) => toStored(file) ?? []);
    },

    /** Ties unclaimed uploads to a message; returns how many it claimed. */
    async claim(ids: readonly ObjectId[], uploaderId: ObjectId, messageId: ObjectId): Promise<number> {
      if (ids.length === 0) return 0;
      const result = await files.updateMany(
        { _id: { $in: [...ids] }, 'metadata.uploaderId': uploaderId, 'metadata.messageId': null },
        { $set: { 'metadata.messageId': messageId } },
      );
      return result.modifiedCount;
    },

    async moveThread(threadId: ObjectId, key: string): Promise<void> {
      await files.updateMany({ 'metadata.threadId': threadId }, { $set: { 'metadata.containerKey': key } });
    },

    open(id: ObjectId): Readable {
      return bucket.openDownloadStream(id);
    },

    /** Uploads never attached to a message within a day are dropped (abandoned drafts). */
    async purgeAbandoned(olderThan: Date): Promise<number> {
      const stale = await files
        .find({ 'metadata.messageId': null, uploadDate: { $lt: olderThan } }, { projection: { _id: 1 } })
        .toArray();
      for (const file of stale) await bucket.delete(file._id as ObjectId).catch(() => undefined);
      return stale.length;
    },
  };
}

export type AttachmentStore = ReturnType<typeof createAttachmentStore>;
