import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GridFSBucket, ObjectId, type Db, type Filter, type GridFSFile } from 'mongodb';

/** A file in a GridFS bucket with the metadata its feature keeps beside it. */
export interface StoredFile<M> {
  id: ObjectId;
  filename: string;
  size: number;
  uploadedAt: Date;
  metadata: M;
}

export type BucketFile<M> = GridFSFile & { metadata: M };

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * One GridFS bucket and its `.files` collection, for the feature that owns the bucket (uploads of
 * threads, excerpts of the precedent desk). Files without metadata are not the feature's and are
 * never returned.
 */
export function createFileBucket<M extends object>(db: Db, bucketName: string) {
  const bucket = new GridFSBucket(db, { bucketName, chunkSizeBytes: 255 * 1024 });
  const files = db.collection<BucketFile<M>>(`${bucketName}.files`);

  function toStored(file: GridFSFile & { metadata?: M }): StoredFile<M> | null {
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
    files,

    /** Writes the whole file, then returns its record; a failed write leaves no visible file. */
    async write(bytes: Buffer, filename: string, metadata: M): Promise<StoredFile<M>> {
      const id = new ObjectId();
      await new Promise<void>((resolve, reject) => {
        const upload = bucket.openUploadStreamWithId(id, filename, { metadata });
        upload.once('error', reject);
        upload.once('finish', () => resolve());
        upload.end(bytes);
      });
      return { id, filename, size: bytes.length, uploadedAt: new Date(), metadata };
    },

    async find(id: ObjectId): Promise<StoredFile<M> | null> {
      const file = await files.findOne({ _id: id } as Filter<BucketFile<M>>);
      return file ? toStored(file) : null;
    },

    async findMany(ids: readonly ObjectId[]): Promise<StoredFile<M>[]> {
      if (ids.length === 0) return [];
      const found = await files.find({ _id: { $in: [...ids] } } as Filter<BucketFile<M>>).toArray();
      return found.flatMap((file) => toStored(file) ?? []);
    },

    open(id: ObjectId): Readable {
      return bucket.openDownloadStream(id);
    },

    /** Deletes every file matching `filter` (chunks first, then the record); returns how many. */
    async purge(filter: Filter<BucketFile<M>>): Promise<number> {
      const stale = await files.find(filter, { projection: { _id: 1 } }).toArray();
      for (const file of stale) await bucket.delete(file._id as ObjectId).catch(() => undefined);
      return stale.length;
    },
  };
}
