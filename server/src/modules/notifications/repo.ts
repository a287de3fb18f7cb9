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

/**
 * Each member's unread count, kept beside the notifications so the bell's number costs one read,
 * not a count over everything they were ever sent. Increments follow inserts; marking read
 * recounts exactly, which also repairs any drift (a crash between an insert and its increment).
 */
interface UnreadCounterDoc {
  _id: ObjectId;
  unread: number;
}

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
  const counters = db.collection<UnreadCounterDoc>('notification_counters');

  async function recount(userId: ObjectId): Promise<number> {
    const unread = await notifications.countDocuments({ userId, readAt: null });
    await counters.updateOne({ _id: userId }, { $set: { unread } }, { upsert: true });
    return unread;
  }

  /** Stores notifications, then raises each recipient's unread count; returns the new counts. */
  async function insertNotifications(
    items: readonly NewNotification[],
    now: Date,
  ): Promise<{ docs: NotificationDoc[]; unread: Map<string, number> }> {
    if (items.length === 0) return { docs: [], unread: new Map() };
    const docs: NotificationDoc[] = items.map((item) => ({
      ...item,
      _id: new ObjectId(),
      readAt: null,
      createdAt: now,
    }));
    await notifications.insertMany(docs, { ordered: false });
    const perUser = new Map<string, { id: ObjectId; count: number }>();
    for (const doc of docs) {
      const key = doc.userId.toHexString();
      perUser.set(key, { id: doc.userId, count: (perUser.get(key)?.count ?? 0) + 1 });
    }
    const unread = new Map<string, number>();
    await Promise.all(
      [...perUser].map(async ([key, entry]) => {
        const counter = await counters.findOneAndUpdate(
          { _id: entry.id },
          { $inc: { unread: entry.count } },
          { upsert: true, returnDocument: 'after' },
        );
        unread.set(key, counter?.unread ?? entry.count);
      }),
    );
    return { docs, unread };
  }

  return {
    insertMany: insertNotifications,

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

    /**
     * Replies in a thread collapse into one unread notification per member: an unread
     * `thread_reply` for the same thread is brought up to date (latest reply, moved to the top)
     * instead of a new one piling up. Returns every notification touched and the unread counts.
     */
    async upsertThreadReplies(
      items: readonly NewNotification[],
      now: Date,
    ): Promise<{ docs: NotificationDoc[]; unread: Map<string, number> }> {
      const first = items[0];
      if (!first?.threadId) return { docs: [], unread: new Map() };
      const threadId = first.threadId;
      const existing = await notifications
        .find({
          kind: 'thread_reply',
          threadId,
          readAt: null,
          userId: { $in: items.map((item) => item.userId) },
        })
        .toArray();
      const byUser = new Map(existing.map((doc) => [doc.userId.toHexString(), doc]));
      const fresh = items.filter((item) => !byUser.has(item.userId.toHexString()));
      const latest = first;
      const changes = {
        title: latest.title,
        subject: latest.subject,
        excerpt: latest.excerpt,
        actor: latest.actor,
        messageId: latest.messageId,
        seq: latest.seq,
        createdAt: now,
      };
      if (existing.length > 0) {
        await notifications.updateMany({ _id: { $in: existing.map((doc) => doc._id) } }, { $set: changes });
      }
      const inserted = await insertNotifications(fresh, now);
      const updated = existing.map((doc) => ({ ...doc, ...changes }));
      const counts = updated.length
        ? await counters.find({ _id: { $in: updated.map((doc) => doc.userId) } }).toArray()
        : [];
      const unread = new Map(inserted.unread);
      for (const counter of counts) unread.set(counter._id.toHexString(), Math.max(0, counter.unread));
      return { docs: [...updated, ...inserted.docs], unread };
    },

    async countUnread(userId: ObjectId): Promise<number> {
      const counter = await counters.findOne({ _id: userId });
      return counter ? Math.max(0, counter.unread) : recount(userId);
    },

    recount,

    async markRead(userId: ObjectId, ids: readonly ObjectId[] | 'all', now: Date): Promise<void> {
      const filter: Filter<NotificationDoc> =
        ids === 'all' ? { userId, readAt: null } : { userId, readAt: null, _id: { $in: [...ids] } };
      await notifications.updateMany(filter, { $set: { readAt: now } });
      await recount(userId);
    },

    /** Marks read what points into a thread up to a position (reading the thread reads its notifications). */
    async markThreadRead(userId: ObjectId, threadId: ObjectId, upToSeq: number, now: Date): Promise<number> {
      const result = await notifications.updateMany(
        { userId, readAt: null, threadId, seq: { $lte: upToSeq } },
        { $set: { readAt: now } },
      );
      if (result.modifiedCount > 0) await recount(userId);
      return result.modifiedCount;
    },
  };
}

export type NotificationsRepo = ReturnType<typeof createNotificationsRepo>;
