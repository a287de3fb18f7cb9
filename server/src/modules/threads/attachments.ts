import type { Db, ObjectId } from 'mongodb';
import type { CollectionIndexes } from '../../db/database';
import { createFileBucket, sha256Hex, type StoredFile } from '../../db/file-bucket';

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

export type StoredAttachment = StoredFile<AttachmentMetadata>;

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
  const bucket = createFileBucket<AttachmentMetadata>(db, BUCKET);
  const files = bucket.files;

  return {
    /** Writes the whole file, then returns its record; a failed write leaves no visible file. */
    store(
      bytes: Buffer,
      filename: string,
      metadata: Omit<AttachmentMetadata, 'sha256' | 'messageId'>,
    ): Promise<StoredAttachment> {
      return bucket.write(bytes, filename, { ...metadata, sha256: sha256Hex(bytes), messageId: null });
    },

    find: bucket.find,
    findMany: bucket.findMany,

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

    open: bucket.open,

    /** Uploads never attached to a message within a day are dropped (abandoned drafts). */
    purgeAbandoned(olderThan: Date): Promise<number> {
      return bucket.purge({ 'metadata.messageId': null, uploadDate: { $lt: olderThan } });
    },
  };
}

export type AttachmentStore = ReturnType<typeof createAttachmentStore>;
