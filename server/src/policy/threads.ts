import type { ContainerAccess } from '@serantau/shared';
import type { Actor } from './actor';

/** The container's answer for this actor, plus whether it is read-only because archived. */
export interface ContainerDecision extends ContainerAccess {
  archived: boolean;
}

export interface ThreadFacts {
  authorId: string;
  locked: boolean;
}

export interface MessageFacts {
  authorId: string;
  deleted: boolean;
  hidden: boolean;
}

/** Replying: posting rights in the container, and the thread open (moderators may still post in locked ones). */
export function canReply(access: ContainerDecision, thread: Pick<ThreadFacts, 'locked'>): boolean {
  return access.post && (!thread.locked || access.moderate);
}

/** Title and tags: the author while they could still reply, or a moderator. */
export function canEditThread(actor: Actor, access: ContainerDecision, thread: ThreadFacts): boolean {
  if (!access.read || access.archived) return false;
  return access.moderate || (thread.authorId === actor.userId && canReply(access, thread));
}

/** Resolved/open: the author or a moderator, while the container is writable. */
export function canResolveThread(actor: Actor, access: ContainerDecision, thread: ThreadFacts): boolean {
  if (!access.read || access.archived) return false;
  return access.moderate || (thread.authorId === actor.userId && access.post);
}

/** Editing a message: its author, with the right to reply still held, on a message still shown. */
export function canEditMessage(
  actor: Actor,
  access: ContainerDecision,
  thread: ThreadFacts,
  message: MessageFacts,
): boolean {
  return message.authorId === actor.userId && !message.deleted && !message.hidden && canReply(access, thread);
}

/** Deleting (soft): the author may always take back their own words while the container is writable. */
export function canDeleteMessage(actor: Actor, access: ContainerDecision, message: MessageFacts): boolean {
  return message.authorId === actor.userId && access.read && !access.archived && !message.deleted;
}

export function canReact(access: ContainerDecision, thread: ThreadFacts, message: MessageFacts): boolean {
  return access.react && !message.deleted && !message.hidden && (!thread.locked || access.moderate);
}

/** Moderators see hidden text (to review it); everyone else sees only that it was hidden. */
export function canSeeHiddenText(access: ContainerDecision): boolean {
  return access.moderate;
}
