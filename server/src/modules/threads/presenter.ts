import type {
  ContainerRef,
  Mention,
  Message,
  MessageEdit,
  MessageState,
  ModerationLogEntry,
  Mute,
  ReactionSummary,
  Thread,
  ThreadViewerState,
} from '@serantau/shared';
import { isMemberState } from '@serantau/shared';
import { parseContainerKey } from './containers';
import type { ModerationLogDoc, StoredMute } from './moderation-repo';
import type { MessageDoc, MessageEditDoc, ThreadDoc, ThreadStateDoc } from './repo';

export function containerOf(key: string): ContainerRef {
  const ref = parseContainerKey(key);
  if (!ref) throw new Error(`stored container key is malformed: ${key}`);
  return ref;
}

export function messageState(doc: MessageDoc): MessageState {
  if (doc.deletedAt) return 'deleted';
  if (doc.hidden) return 'hidden';
  return 'visible';
}

/**
 * A stored message as a viewer sees it. Deleted text is never sent; hidden text only to
 * moderators (`revealHidden`), who also learn who hid it and why.
 */
export function presentMessage(doc: MessageDoc, options: { revealHidden: boolean }): Message {
  const state = messageState(doc);
  const showBody = state === 'visible' || (state === 'hidden' && options.revealHidden);
  const mentions: Mention[] = [
    ...doc.mentions.users.map((user) => ({
      type: 'user' as const,
      id: user.id.toHexString(),
      displayName: user.displayName,
    })),
    ...doc.mentions.countries.filter(isMemberState).map((country) => ({ type: 'country' as const, country })),
  ];
  const reactions: ReactionSummary[] = Object.entries(doc.reactions)
    .filter(([, userIds]) => userIds.length > 0)
    .map(([emoji, userIds]) => ({
      emoji,
      count: userIds.length,
      userIds: userIds.map((id) => id.toHexString()),
    }));
  return {
    id: doc._id.toHexString(),
    threadId: doc.threadId.toHexString(),
    container: containerOf(doc.containerKey),
    seq: doc.seq,
    clientMessageId: doc.clientMessageId,
    author: { id: doc.authorId.toHexString(), displayName: doc.authorName, country: doc.authorCountry },
    state,
    body: showBody ? doc.body : null,
    mentions: showBody ? mentions : [],
    replyTo: doc.replyTo
      ? {
          messageId: doc.replyTo.messageId.toHexString(),
          seq: doc.replyTo.seq,
          authorName: doc.replyTo.authorName,
          excerpt: doc.replyTo.excerpt,
        }
      : null,
    reactions: state === 'visible' ? reactions : [],
    attachments: showBody
      ? doc.attachments.map((file) => ({
          id: file.id.toHexString(),
          filename: file.filename,
          contentType: file.contentType,
          size: file.size,
        }))
      : [],
    editedAt: doc.editedAt?.toISOString() ?? null,
    editCount: doc.editCount,
    moderation: doc.hidden
      ? {
          hiddenAt: doc.hidden.at.toISOString(),
          hiddenBy: options.revealHidden ? doc.hidden.byName : null,
          reason: options.revealHidden ? doc.hidden.reason : null,
        }
      : null,
    createdAt: doc.createdAt.toISOString(),
  };
}

export function presentThread(doc: ThreadDoc): Thread {
  return {
    id: doc._id.toHexString(),
    container: { type: doc.container.type, id: doc.container.id.toHexString() },
    title: doc.title,
    tags: doc.tags,
    author: { id: doc.authorId.toHexString(), displayName: doc.authorName, country: doc.authorCountry },
    excerpt: doc.excerpt,
    pinned: doc.pinned,
    locked: doc.locked,
    resolved: doc.resolved,
    lastSeq: doc.lastSeq,
    lastActivityAt: doc.lastActivityAt.toISOString(),
    createdAt: doc.createdAt.toISOString(),
    summaryDocumentId: doc.summaryDocumentId?.toHexString() ?? null,
  };
}

export function presentViewerState(
  thread: ThreadDoc,
  state: ThreadStateDoc | null,
  unread?: number,
): ThreadViewerState {
  const lastReadSeq = state?.lastReadSeq ?? 0;
  return {
    following: state?.following ?? false,
    lastReadSeq,
    unread: unread ?? Math.max(0, thread.lastSeq - lastReadSeq),
  };
}

export function presentEdit(doc: MessageEditDoc): MessageEdit {
  return {
    version: doc.version,
    body: doc.body,
    editedAt: doc.editedAt.toISOString(),
    editedBy: doc.editedBy,
  };
}

export function presentLogEntry(doc: ModerationLogDoc): ModerationLogEntry {
  return {
    id: doc._id.toHexString(),
    container: { type: doc.container.type, id: doc.container.id.toHexString() },
    action: doc.action,
    moderator: { id: doc.moderatorId.toHexString(), displayName: doc.moderatorName },
    target: doc.target,
    reason: doc.reason,
    details: doc.details,
    at: doc.at.toISOString(),
  };
}

export function presentMute(
  mute: StoredMute,
  user: { displayName: string; country: Mute['user']['country'] } | undefined,
): Mute {
  return {
    user: {
      id: mute.userId.toHexString(),
      displayName: user?.displayName ?? 'Former member',
      country: user?.country ?? 'ASEAN-SEC',
    },
    until: mute.until.toISOString(),
    reason: mute.reason,
    by: mute.byName,
  };
}
