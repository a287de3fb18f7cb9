import { ObjectId, type Db, type Filter } from 'mongodb';
import type { NotificationKind } from '@serantau/shared';
import type { CollectionIndexes } from '../../db/database';

export interface NotificationDoc {
  _id: ObjectId;
  userId: ObjectId;
  kind: NotificationKind;
  title: string;
  subject: string;
  excerpt: string;
  actor: { id: ObjectId; displayName: string } | null;
  containerKey: string | null;
  threadId: ObjectId | null;
  messageId: ObjectId | null;
  seq: number | null;
  readAt: Date | null;
  createdAt: Date;
}

export type NewNotification = Omit<NotificationDoc, '_id' | 'readAt' | 'createdAt'>;

/** Notifications older than this are dropped (a TTL index does it). */
export const NOTIFICATION_RETENTION_SECONDS = 180 * 24 * 3600;

export const notificationIndexes: CollectionIndexes[] = [
  {
    collection: 'notifications',
    indexes: [
      { key: { userId: 1, createdAt: -1, _id: -1 }, name: 'by_user_time' },
      { key: { userId: 1, readAt: 1 }, name: 'by_user_unread' },
      { key: { createdAt: 1 }, name: 'expire', expireAfterSeconds: NOTIFICATION_RETENTION_SECONDS },
    ],
  },
];

export function createNotificationsRepo(db: Db) {
  const notifications = db.collection<NotificationDoc>('notifications');
  return {
    async insertMany(items: readonly NewNotification[], now: Date): Promise<NotificationDoc[]> {
      if (items.length === 0) return [];
      const docs: NotificationDoc[] = items.map((item) => ({
        ...item,
        _id: new ObjectId(),
        readAt: null,
        createdAt: now,
      }));
      await notifications.insertMany(docs, { ordered: false });
      return docs;
    },

    list(
      userId: ObjectId,
      unreadOnly: boolean,
      before: { at: Date; id: ObjectId } | null,
      limit: number,
    ): Promise<NotificationDoc[]> {
      const base: Filter<NotificationDoc> = unreadOnly ? { userId, readAt: null } : { userId };
      const filter: Filter<NotificationDoc> = before
        ? {
            ...base,
            $or: [{ createdAt: { $lt: before.at } }, { createdAt: before.at, _id: { $lt: before.id } }],
          }
        : base;
      return notifications.find(filter, { sort: { createdAt: -1, _id: -1 }, limit }).toArray();
    },

    countUnread(userId: ObjectId): Promise<number> {
      return notifications.countDocuments({ userId, readAt: null });
    },

    async markRead(userId: ObjectId, ids: readonly ObjectId[] | 'all', now: Date): Promise<void> {
      const filter: Filter<NotificationDoc> =
        ids === 'all' ? { userId, readAt: null } : { userId, readAt: null, _id: { $in: [...ids] } };
      await notifications.updateMany(filter, { $set: { readAt: now } });
    },

    /** Marks read what points into a thread up to a position (reading the thread reads its notifications). */
    async markThreadRead(userId: ObjectId, threadId: ObjectId, upToSeq: number, now: Date): Promise<number> {
      const result = await notifications.updateMany(
        { userId, readAt: null, threadId, seq: { $lte: upToSeq } },
        { $set: { readAt: now } },
      );
      return result.modifiedCount;
    },
  };
}

export type NotificationsRepo = ReturnType<typeof createNotificationsRepo>;
