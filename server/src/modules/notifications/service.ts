import type { Logger } from 'pino';
import {
  rooms,
  type MarkNotificationsReadBody,
  type NotificationPage,
  type NotificationQuery,
} from '@serantau/shared';
import { encodeCursor, toObjectId } from '../../db/ids';
import { parseTimeCursor } from '../../http/cursors';
import type { Actor } from '../../policy/actor';
import type { LivePublisher } from '../threads/live';
import { presentNotification } from './presenter';
import type { NewNotification, NotificationsRepo } from './repo';

export interface NotificationsDeps {
  repo: NotificationsRepo;
  live: LivePublisher;
  logger: Logger;
  clock?: () => Date;
}

/**
 * Per-user notifications: stored first, then pushed to the user's room. Any feature creates them
 * through `notify`; kinds are listed in shared/notifications.ts.
 */
export function createNotificationsService(deps: NotificationsDeps) {
  const now = deps.clock ?? (() => new Date());

  async function pushUnreadCount(userId: string): Promise<number> {
    const unreadCount = await deps.repo.countUnread(toObjectId(userId));
    deps.live.emit([rooms.user(userId)], 'notifications:read', { unreadCount });
    return unreadCount;
  }

  return {
    /** Stores and delivers; one recipient's failure to receive live is not an error (they see it on load). */
    async notify(items: readonly NewNotification[]): Promise<void> {
      const at = now();
      // Replies collapse per thread (one unread "new replies in …" per member); everything else is its own.
      const replies = items.filter((item) => item.kind === 'thread_reply' && item.threadId);
      const others = items.filter((item) => !replies.includes(item));
      const [single, collapsed] = await Promise.all([
        deps.repo.insertMany(others, at),
        replies.length > 0
          ? deps.repo.upsertThreadReplies(replies, at)
          : { docs: [], unread: new Map<string, number>() },
      ]);
      const docs = [...single.docs, ...collapsed.docs];
      const unread = new Map([...single.unread, ...collapsed.unread]);
      for (const doc of docs) {
        const userId = doc.userId.toHexString();
        deps.live.emit([rooms.user(userId)], 'notification:created', {
          notification: presentNotification(doc),
          unreadCount: unread.get(userId) ?? 1,
        });
      }
    },

    async list(actor: Actor, query: NotificationQuery): Promise<NotificationPage> {
      const limit = Number(query.limit ?? 30);
      const userId = toObjectId(actor.userId);
      const before = parseTimeCursor(query.cursor);
      const docs = await deps.repo.list(userId, query.unreadOnly === 'true', before, limit + 1);
      const page = docs.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(presentNotification),
        nextCursor:
          docs.length > limit && last
            ? encodeCursor({ at: last.createdAt.getTime(), id: last._id.toHexString() })
            : null,
        unreadCount: await deps.repo.countUnread(userId),
      };
    },

    async markRead(actor: Actor, body: MarkNotificationsReadBody): Promise<{ unreadCount: number }> {
      const ids = 'all' in body ? 'all' : body.ids.map(toObjectId);
      await deps.repo.markRead(toObjectId(actor.userId), ids, now());
      return { unreadCount: await pushUnreadCount(actor.userId) };
    },

    /** Reading a thread up to a position also reads the notifications that pointed there. */
    async markThreadRead(userId: string, threadId: string, upToSeq: number): Promise<void> {
      const changed = await deps.repo.markThreadRead(
        toObjectId(userId),
        toObjectId(threadId),
        upToSeq,
        now(),
      );
      if (changed > 0) await pushUnreadCount(userId);
    },

    /** Fire-and-forget fan-out after an acknowledged action: failures are logged, never thrown at the sender. */
    notifyInBackground(produce: () => Promise<readonly NewNotification[]>): void {
      void produce()
        .then((items) => this.notify(items))
        .catch((error: unknown) => deps.logger.error({ err: error }, 'notification fan-out failed'));
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
