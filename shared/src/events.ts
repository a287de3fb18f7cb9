import { z } from 'zod';
import type { CurrentUser } from './accounts';
import type { CaseAccessRevokedEvent, CaseChangedEvent, CaseWatchPayload } from './cases';
import type { ErrorBodySchema } from './errors';
import type { NotificationCreatedEvent, NotificationsReadEvent } from './notifications';
import type { PrecedentChangedEvent, PrecedentRevokedEvent, PrecedentWatchPayload } from './precedents';
import type {
  AccessRevokedEvent,
  ContainerRef,
  Message,
  MessageCreatedEvent,
  MessageUpdatedEvent,
  PresenceChangedEvent,
  PresenceUser,
  ReadMarkerEvent,
  SyncResult,
  ThreadDetail,
  ThreadEvent,
  ThreadRemovedEvent,
  ThreadViewerState,
  TypingEvent,
} from './threads';

/**
 * Socket.IO contracts. Client→server events are `<feature>:<verb>` and always take an ack;
 * server→client events are `<feature>:<past-tense>`. Types describe the wire; the server still
 * parses every incoming payload with the schema registered beside the event.
 */
export type AckError = z.infer<typeof ErrorBodySchema>;
export type AckResult<T extends object = Record<never, never>> =
  ({ ok: true } & T) | ({ ok: false } & AckError);
export type Ack<T extends object = Record<never, never>> = (result: AckResult<T>) => void;

export const SESSION_END_REASONS = [
  'logged_out',
  'suspended',
  'revoked',
  'expired',
  'password_changed',
  'access_changed',
] as const;
export const SessionEndReasonSchema = z.enum(SESSION_END_REASONS);
export type SessionEndReason = z.infer<typeof SessionEndReasonSchema>;

export const SessionEndedEventSchema = z.object({ reason: SessionEndReasonSchema });
export type SessionEndedEvent = z.infer<typeof SessionEndedEventSchema>;

/** Events the server emits. Feature issues add theirs here. */
export interface ServerToClientEvents {
  /** The session behind this connection ended; the client should return to the login page. */
  'session:ended': (event: SessionEndedEvent) => void;
  /** My account changed (role, country, agency, profile) — in this tab, another tab, or by an admin. */
  'account:updated': (user: CurrentUser) => void;
  /** Something inside a watched case changed; the client refetches that part. */
  'cases:changed': (event: CaseChangedEvent) => void;
  /** The user lost access to a case they were watching (removed from the team). */
  'cases:access-revoked': (event: CaseAccessRevokedEvent) => void;
  // Threads and messages (any container: channels, cases, precedent questions).
  'message:created': (event: MessageCreatedEvent) => void;
  'message:updated': (event: MessageUpdatedEvent) => void;
  'thread:created': (event: ThreadEvent) => void;
  'thread:updated': (event: ThreadEvent) => void;
  /** The thread left a container the client watches (moved) or is no longer readable. */
  'thread:removed': (event: ThreadRemovedEvent) => void;
  'thread:typing': (event: TypingEvent) => void;
  /** My read marker moved (from another tab or device). */
  'thread:read': (event: ReadMarkerEvent) => void;
  'presence:changed': (event: PresenceChangedEvent) => void;
  /** I lost access to a container: its rooms were left; drop what is shown of it. */
  'container:revoked': (event: AccessRevokedEvent) => void;
  /** A channel's name, description, moderators or state changed: refetch it. */
  'channel:changed': (event: { channelId: string }) => void;
  'notification:created': (event: NotificationCreatedEvent) => void;
  /** Something on a watched precedent question changed: refetch it. */
  'precedent:changed': (event: PrecedentChangedEvent) => void;
  /** The question is no longer readable (moved out of my countries, hidden): drop it. */
  'precedent:revoked': (event: PrecedentRevokedEvent) => void;
  'notifications:read': (event: NotificationsReadEvent) => void;
}

/** Events a client sends. Feature issues add theirs here. */
export interface ClientToServerEvents {
  /** Round-trip check used by the client's connection indicator. */
  'system:ping': (payload: Record<string, never>, ack: Ack<{ serverTime: string }>) => void;
  /** Receive live changes of a case (team only). */
  'cases:watch': (payload: CaseWatchPayload, ack: Ack) => void;
  'cases:unwatch': (payload: CaseWatchPayload, ack: Ack) => void;
  /** Receive a precedent question's live changes; authorised first. */
  'precedent:watch': (payload: PrecedentWatchPayload, ack: Ack) => void;
  'precedent:unwatch': (payload: PrecedentWatchPayload, ack: Ack) => void;
  /** Receive a container's live events (new threads and messages, presence); authorised first. */
  'container:subscribe': (
    payload: { container: ContainerRef },
    ack: Ack<{ presence: PresenceUser[] }>,
  ) => void;
  'container:unsubscribe': (payload: { container: ContainerRef }, ack: Ack) => void;
  /** Receive a thread's live events (typing, edits); authorised first. */
  'thread:subscribe': (payload: { threadId: string }, ack: Ack<{ thread: ThreadDetail }>) => void;
  'thread:unsubscribe': (payload: { threadId: string }, ack: Ack) => void;
  'message:send': (
    payload: {
      threadId: string;
      clientMessageId: string;
      body: string;
      replyToId?: string;
      attachmentIds?: string[];
    },
    ack: Ack<{ message: Message }>,
  ) => void;
  'message:edit': (payload: { messageId: string; body: string }, ack: Ack<{ message: Message }>) => void;
  'message:delete': (payload: { messageId: string }, ack: Ack<{ message: Message }>) => void;
  'message:react': (
    payload: { messageId: string; emoji: string; on: boolean },
    ack: Ack<{ message: Message }>,
  ) => void;
  'thread:typing': (payload: { threadId: string }, ack: Ack) => void;
  'thread:read': (payload: { threadId: string; seq: number }, ack: Ack<{ state: ThreadViewerState }>) => void;
  /** Everything missed since `afterSeq` / `changedSince` (see SyncThreadSchema). */
  'thread:sync': (
    payload: { threadId: string; afterSeq: number; changedSince?: string },
    ack: Ack<SyncResult>,
  ) => void;
}

export const SystemPingSchema = z.strictObject({});

/** Room names come from these helpers only. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  case: (caseId: string) => `case:${caseId}`,
  channel: (channelId: string) => `channel:${channelId}`,
  thread: (threadId: string) => `thread:${threadId}`,
  question: (questionId: string) => `question:${questionId}`,
} as const;
