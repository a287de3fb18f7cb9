import type { NotificationKind } from '@serantau/shared';
import { toObjectId } from '../../db/ids';
import type { Actor } from '../../policy/actor';
import type { NewNotification } from '../notifications/repo';
import type { UsersRepo } from '../users/repo';
import type { ThreadContainerRegistry } from './containers';
import { actorForUser, refOf } from './context';
import type { MessageDoc, ThreadDoc, ThreadsRepo } from './repo';
import { plainText, shorten } from './text';

/** A country mention reaches at most this many people; beyond it, a channel announcement is the tool. */
export const COUNTRY_MENTION_MAX_RECIPIENTS = 500;

/** Stronger reasons win when one person would be notified twice for one message. */
const PRECEDENCE: Record<NotificationKind, number> = {
  mention: 5,
  country_mention: 4,
  thread_reply: 3,
  new_thread: 2,
  channel_invitation: 1,
  message_hidden: 1,
  report_created: 1,
  precedent_question: 1,
  precedent_answer: 1,
  precedent_accepted: 1,
  precedent_comment: 1,
  precedent_report: 1,
};

export interface FanoutDeps {
  repo: ThreadsRepo;
  containers: ThreadContainerRegistry;
  users: UsersRepo;
}

/**
 * Who hears about a new (or edited) message, and why. Every recipient is checked against the
 * container again: a follower who lost access to a private channel is not sent its excerpt.
 */
export function createMessageFanout(deps: FanoutDeps) {
  async function readableBy(thread: ThreadDoc, userIds: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return new Set();
    const users = await deps.users.findByIds(unique.map(toObjectId));
    const actors = users.filter((user) => user.status === 'active').map(actorForUser);
    return deps.containers.readersAmong(refOf(thread), actors);
  }

  function title(kind: NotificationKind, actorName: string, threadTitle: string): string {
    switch (kind) {
      case 'mention':
        return `${actorName} mentioned you in “${threadTitle}”`;
      case 'country_mention':
        return `${actorName} mentioned your country team in “${threadTitle}”`;
      case 'thread_reply':
        return `${actorName} replied in “${threadTitle}”`;
      case 'new_thread':
        return `${actorName} started “${threadTitle}”`;
      default:
        return threadTitle;
    }
  }

  return {
    /**
     * Notifications for a message. `onlyMentions` (edits) limits it to people newly mentioned;
     * `newThread` adds members who follow everything in the container.
     */
    async forMessage(input: {
      actor: Actor;
      thread: ThreadDoc;
      message: MessageDoc;
      newThread: boolean;
      onlyMentions?: readonly string[];
    }): Promise<NewNotification[]> {
      const { actor, thread, message } = input;
      const ref = refOf(thread);
      const reasons = new Map<string, NotificationKind>();
      const propose = (userId: string, kind: NotificationKind) => {
        if (userId === actor.userId) return;
        const current = reasons.get(userId);
        if (!current || PRECEDENCE[kind] > PRECEDENCE[current]) reasons.set(userId, kind);
      };

      const mentioned = message.mentions.userIds.map((id) => id.toHexString());
      const mentionTargets = input.onlyMentions
        ? mentioned.filter((id) => input.onlyMentions?.includes(id))
        : mentioned;
      for (const userId of mentionTargets) propose(userId, 'mention');

      if (!input.onlyMentions && message.mentions.countries.length > 0) {
        const team = await deps.users.collection
          .find(
            { country: { $in: message.mentions.countries as never[] }, status: 'active' },
            { projection: { _id: 1 }, limit: COUNTRY_MENTION_MAX_RECIPIENTS },
          )
          .toArray();
        for (const user of team) propose(user._id.toHexString(), 'country_mention');
      }
      if (!input.onlyMentions && !input.newThread) {
        for (const id of await deps.repo.states.followerIds(thread._id))
          propose(id.toHexString(), 'thread_reply');
      }
      if (!input.onlyMentions && input.newThread) {
        for (const id of await deps.containers.subscribersToAll(ref)) propose(id, 'new_thread');
      }
      if (reasons.size === 0) return [];

      const candidates = [...reasons.keys()];
      const [allowed, preferences] = await Promise.all([
        readableBy(thread, candidates),
        deps.containers.notificationPreferences(ref, candidates),
      ]);
      const excerpt = shorten(
        plainText(
          message.body,
          new Map(message.mentions.users.map((user) => [user.id.toHexString(), user.displayName])),
        ),
        160,
      );
      const items: NewNotification[] = [];
      for (const [userId, kind] of reasons) {
        if (!allowed.has(userId)) continue;
        const preference = preferences.get(userId) ?? { level: 'mentions', muted: false };
        if (preference.level === 'none') continue;
        // A muted container still lets direct mentions through; nothing else.
        if (preference.muted && kind !== 'mention') continue;
        if (kind === 'new_thread' && preference.level !== 'all') continue;
        items.push({
          userId: toObjectId(userId),
          kind,
          title: title(kind, actor.displayName, thread.title),
          subject: thread.title,
          excerpt,
          actor: { id: toObjectId(actor.userId), displayName: actor.displayName },
          containerKey: thread.containerKey,
          threadId: thread._id,
          messageId: message._id,
          seq: message.seq,
        });
      }
      return items;
    },
  };
}

export type MessageFanout = ReturnType<typeof createMessageFanout>;
