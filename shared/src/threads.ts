import { z } from 'zod';
import { GlobalRoleSchema } from './accounts';
import {
  CursorSchema,
  IdParamsSchema,
  IdSchema,
  IsoDateTimeSchema,
  OkSchema,
  blockText,
  lineText,
  pageOf,
} from './common';
import { defineRoute } from './http';
import { JurisdictionCodeSchema, MemberStateCodeSchema } from './jurisdictions';

// ---- Limits ----------------------------------------------------------------------------------

export const THREAD_LIMITS = {
  /** A message body is Markdown text of at most this many UTF-8 bytes. */
  messageMaxBytes: 16 * 1024,
  titleMaxLength: 200,
  tagMaxLength: 32,
  tagsMax: 8,
  /** History pages: newest first, this many at a time. */
  historyPageSize: 50,
  /** Catch-up after a reconnection returns at most this many messages per call (then `hasMore`). */
  syncMaxMessages: 200,
  reactionMaxLength: 16,
  /** Distinct reaction kinds on one message. */
  reactionKindsMax: 20,
  attachmentsPerMessageMax: 5,
  attachmentMaxBytes: 10 * 1024 * 1024,
  filenameMaxLength: 160,
  reasonMaxLength: 500,
  /** Clients send typing at most this often; the server drops anything faster. */
  typingIntervalMs: 2_000,
  slowModeMaxSeconds: 3_600,
  muteMaxMinutes: 60 * 24 * 30,
  excerptLength: 200,
  searchQueryMaxLength: 200,
} as const;

const textEncoder = new TextEncoder();

/** Bytes of a string in UTF-8 (the unit of the message limit; characters would let CJK text through at 3×). */
export function utf8Length(value: string): number {
  return textEncoder.encode(value).length;
}

// ---- Containers ------------------------------------------------------------------------------

/**
 * Threads live in a container. Each type registers its access rules on the server (channels and
 * cases); everything else is shared. `question` names a precedent question in notification links:
 * no type registers it, so no thread can live there.
 */
export const THREAD_CONTAINER_TYPES = ['channel', 'case', 'question'] as const;
export const ThreadContainerTypeSchema = z.enum(THREAD_CONTAINER_TYPES);
export type ThreadContainerType = z.infer<typeof ThreadContainerTypeSchema>;

export const ContainerRefSchema = z.strictObject({ type: ThreadContainerTypeSchema, id: IdSchema });
export type ContainerRef = z.infer<typeof ContainerRefSchema>;

export const ContainerParamsSchema = z.strictObject({ type: ThreadContainerTypeSchema, id: IdSchema });

/** What the viewer may do in a container, as the server decided it (the client shows or hides controls). */
export const ContainerAccessSchema = z.object({
  read: z.boolean(),
  startThread: z.boolean(),
  post: z.boolean(),
  react: z.boolean(),
  report: z.boolean(),
  moderate: z.boolean(),
});
export type ContainerAccess = z.infer<typeof ContainerAccessSchema>;

export const NO_CONTAINER_ACCESS: ContainerAccess = {
  read: false,
  startThread: false,
  post: false,
  react: false,
  report: false,
  moderate: false,
};

// ---- Mentions --------------------------------------------------------------------------------

/**
 * Mentions are stored in the Markdown body as tokens: `@user:<id>` for a member, `@country:<code>`
 * for a whole country team. The composer turns a picked name into a token; readers see names.
 */
export const MENTION_TOKEN_PATTERN = /@(user:[a-f0-9]{24}|country:[A-Z]{2})\b/g;

export interface MentionTokens {
  userIds: string[];
  countries: string[];
}

export function extractMentionTokens(body: string): MentionTokens {
  const userIds = new Set<string>();
  const countries = new Set<string>();
  for (const match of body.matchAll(MENTION_TOKEN_PATTERN)) {
    const token = match[1] ?? '';
    if (token.startsWith('user:')) userIds.add(token.slice(5));
    else countries.add(token.slice(8));
  }
  return { userIds: [...userIds], countries: [...countries] };
}

export const MentionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), id: IdSchema, displayName: z.string() }),
  z.object({ type: z.literal('country'), country: MemberStateCodeSchema }),
]);
export type Mention = z.infer<typeof MentionSchema>;

// ---- Messages --------------------------------------------------------------------------------

export const MessageBodySchema = blockText(THREAD_LIMITS.messageMaxBytes, 1).refine(
  (value) => utf8Length(value) <= THREAD_LIMITS.messageMaxBytes,
  `must be at most ${THREAD_LIMITS.messageMaxBytes / 1024} KB`,
);

/** Chosen by the sending client; a retry with the same id never stores a second message. */
export const ClientMessageIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, - or _');

/** One emoji (or a short emoji sequence): pictographic characters, joiners and modifiers only. */
export const ReactionSchema = z
  .string()
  .min(1)
  .max(THREAD_LIMITS.reactionMaxLength)
  .regex(
    /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0f|\u20e3|[#*0-9])+$/u,
    'must be an emoji',
  )
  .refine((value) => /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(value), 'must be an emoji');

export const AuthorSchema = z.object({
  id: IdSchema,
  displayName: z.string(),
  country: JurisdictionCodeSchema,
});
export type Author = z.infer<typeof AuthorSchema>;

export const AttachmentSchema = z.object({
  id: IdSchema,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const ReactionSummarySchema = z.object({
  emoji: z.string(),
  count: z.number().int().nonnegative(),
  userIds: z.array(IdSchema),
});
export type ReactionSummary = z.infer<typeof ReactionSummarySchema>;

export const MESSAGE_STATES = ['visible', 'deleted', 'hidden'] as const;
export const MessageStateSchema = z.enum(MESSAGE_STATES);
export type MessageState = z.infer<typeof MessageStateSchema>;

export const MessageSchema = z.object({
  id: IdSchema,
  threadId: IdSchema,
  container: ContainerRefSchema,
  /** Position in the thread: 1 is the opening post; assigned once, in storage order, without gaps. */
  seq: z.number().int().positive(),
  clientMessageId: z.string(),
  author: AuthorSchema,
  state: MessageStateSchema,
  /** Null when deleted, or hidden and the viewer is not a moderator. */
  body: z.string().nullable(),
  mentions: z.array(MentionSchema),
  replyTo: z
    .object({
      messageId: IdSchema,
      seq: z.number().int().positive(),
      authorName: z.string(),
      /** Null once the quoted message is deleted or hidden. */
      excerpt: z.string().nullable(),
    })
    .nullable(),
  reactions: z.array(ReactionSummarySchema),
  attachments: z.array(AttachmentSchema),
  editedAt: IsoDateTimeSchema.nullable(),
  editCount: z.number().int().nonnegative(),
  /** Moderators see who hid a message and why; others only that it was hidden. */
  moderation: z
    .object({ hiddenAt: IsoDateTimeSchema, hiddenBy: z.string().nullable(), reason: z.string().nullable() })
    .nullable(),
  createdAt: IsoDateTimeSchema,
});
export type Message = z.infer<typeof MessageSchema>;

export const MessageEditSchema = z.object({
  version: z.number().int().positive(),
  body: z.string(),
  editedAt: IsoDateTimeSchema,
  editedBy: z.string(),
});
export type MessageEdit = z.infer<typeof MessageEditSchema>;

// ---- Threads ---------------------------------------------------------------------------------

export const TagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(THREAD_LIMITS.tagMaxLength)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, 'letters, digits, spaces, - and _ only');

export const ThreadTitleSchema = lineText(THREAD_LIMITS.titleMaxLength, 3);

export const ThreadSchema = z.object({
  id: IdSchema,
  container: ContainerRefSchema,
  title: z.string(),
  tags: z.array(z.string()),
  author: AuthorSchema,
  /** The opening post, shortened, as plain text; null when it was hidden or deleted. */
  excerpt: z.string().nullable(),
  pinned: z.boolean(),
  locked: z.boolean(),
  resolved: z.boolean(),
  /** Sequence number of the newest message: `lastSeq - 1` replies. */
  lastSeq: z.number().int().nonnegative(),
  lastActivityAt: IsoDateTimeSchema,
  createdAt: IsoDateTimeSchema,
  /** The co-edited summary's Yjs document, once created. */
  summaryDocumentId: IdSchema.nullable(),
});
export type Thread = z.infer<typeof ThreadSchema>;

export const ThreadViewerStateSchema = z.object({
  following: z.boolean(),
  lastReadSeq: z.number().int().nonnegative(),
  unread: z.number().int().nonnegative(),
});
export type ThreadViewerState = z.infer<typeof ThreadViewerStateSchema>;

export const ThreadListItemSchema = ThreadSchema.extend({ me: ThreadViewerStateSchema });
export type ThreadListItem = z.infer<typeof ThreadListItemSchema>;

export const ThreadDetailSchema = ThreadListItemSchema.extend({
  access: ContainerAccessSchema,
  containerName: z.string(),
  slowModeSeconds: z.number().int().nonnegative(),
  /** Until when the viewer is muted in this container, if they are. */
  mutedUntil: IsoDateTimeSchema.nullable(),
});
export type ThreadDetail = z.infer<typeof ThreadDetailSchema>;

export const CreateThreadBodySchema = z.strictObject({
  title: ThreadTitleSchema,
  body: MessageBodySchema,
  tags: z.array(TagSchema).max(THREAD_LIMITS.tagsMax).default([]),
  clientMessageId: ClientMessageIdSchema,
  attachmentIds: z.array(IdSchema).max(THREAD_LIMITS.attachmentsPerMessageMax).default([]),
});
export type CreateThreadBody = z.input<typeof CreateThreadBodySchema>;

export const UpdateThreadBodySchema = z.strictObject({
  title: ThreadTitleSchema.optional(),
  tags: z.array(TagSchema).max(THREAD_LIMITS.tagsMax).optional(),
});
export type UpdateThreadBody = z.infer<typeof UpdateThreadBodySchema>;

export const ThreadListQuerySchema = z.strictObject({
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  tag: TagSchema.optional(),
});
export type ThreadListQuery = z.input<typeof ThreadListQuerySchema>;

/** History: newest first before a position, or oldest first after one (catching up, jumping to unread). */
export const MessageHistoryQuerySchema = z.strictObject({
  beforeSeq: z.coerce.number().int().positive().optional(),
  afterSeq: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(THREAD_LIMITS.historyPageSize),
});
export type MessageHistoryQuery = z.input<typeof MessageHistoryQuerySchema>;

export const MessagePageSchema = z.object({
  /** Always in ascending `seq` order, whichever direction was asked. */
  items: z.array(MessageSchema),
  /** More older messages exist before the first item. */
  hasOlder: z.boolean(),
  /** More newer messages exist after the last item. */
  hasNewer: z.boolean(),
});
export type MessagePage = z.infer<typeof MessagePageSchema>;

export const ReadMarkerBodySchema = z.strictObject({ seq: z.number().int().nonnegative() });
export const FlagBodySchema = z.strictObject({ value: z.boolean() });
export const ReasonSchema = lineText(THREAD_LIMITS.reasonMaxLength, 3);
export const ModerationReasonBodySchema = z.strictObject({ reason: ReasonSchema });
export const MoveThreadBodySchema = z.strictObject({ to: ContainerRefSchema, reason: ReasonSchema });

export const InboxItemSchema = ThreadListItemSchema.extend({ containerName: z.string() });
export type InboxItem = z.infer<typeof InboxItemSchema>;

// ---- Moderation ------------------------------------------------------------------------------

export const REPORT_REASONS = [
  'spam',
  'abuse',
  'confidential_information',
  'victim_identifying',
  'off_topic',
  'other',
] as const;
export const ReportReasonSchema = z.enum(REPORT_REASONS);
export type ReportReason = z.infer<typeof ReportReasonSchema>;

export const REPORT_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export const ReportStatusSchema = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatusSchema>;

/** What a moderator did about a report when resolving it. */
export const REPORT_ACTIONS = ['message_hidden', 'author_muted', 'author_warned', 'no_action'] as const;
export const ReportActionSchema = z.enum(REPORT_ACTIONS);
export type ReportAction = z.infer<typeof ReportActionSchema>;

export const CreateReportBodySchema = z.strictObject({
  reason: ReportReasonSchema,
  note: blockText(THREAD_LIMITS.reasonMaxLength).default(''),
});
export type CreateReportBody = z.input<typeof CreateReportBodySchema>;

export const ResolveReportBodySchema = z.strictObject({
  action: ReportActionSchema,
  note: lineText(THREAD_LIMITS.reasonMaxLength, 3),
  /** With `author_muted`: for how long. */
  muteMinutes: z.number().int().min(1).max(THREAD_LIMITS.muteMaxMinutes).optional(),
});
export type ResolveReportBody = z.infer<typeof ResolveReportBodySchema>;

export const DismissReportBodySchema = z.strictObject({ note: lineText(THREAD_LIMITS.reasonMaxLength, 3) });

export const ReportSchema = z.object({
  id: IdSchema,
  container: ContainerRefSchema,
  threadId: IdSchema,
  threadTitle: z.string(),
  message: MessageSchema,
  reporter: AuthorSchema,
  reason: ReportReasonSchema,
  note: z.string(),
  status: ReportStatusSchema,
  createdAt: IsoDateTimeSchema,
  resolution: z
    .object({
      by: z.string(),
      at: IsoDateTimeSchema,
      action: ReportActionSchema.nullable(),
      note: z.string(),
    })
    .nullable(),
});
export type Report = z.infer<typeof ReportSchema>;

export const ReportQuerySchema = z.strictObject({
  status: ReportStatusSchema.default('open'),
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const MODERATION_ACTIONS = [
  'message.hide',
  'message.unhide',
  'thread.lock',
  'thread.unlock',
  'thread.pin',
  'thread.unpin',
  'thread.move',
  'member.mute',
  'member.unmute',
  'slow_mode.set',
  'report.resolve',
  'report.dismiss',
  'container.archive',
  'container.restore',
  'container.update',
  'member.add',
  'member.remove',
  'moderator.add',
  'moderator.remove',
] as const;
export const ModerationActionSchema = z.enum(MODERATION_ACTIONS);
export type ModerationAction = z.infer<typeof ModerationActionSchema>;

export const ModerationLogEntrySchema = z.object({
  id: IdSchema,
  container: ContainerRefSchema,
  action: ModerationActionSchema,
  moderator: z.object({ id: IdSchema, displayName: z.string() }),
  target: z.object({ type: z.string(), id: z.string(), label: z.string().nullable() }),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  at: IsoDateTimeSchema,
});
export type ModerationLogEntry = z.infer<typeof ModerationLogEntrySchema>;

export const MuteSchema = z.object({
  user: AuthorSchema,
  until: IsoDateTimeSchema,
  reason: z.string(),
  by: z.string(),
});
export type Mute = z.infer<typeof MuteSchema>;

export const MuteBodySchema = z.strictObject({
  userId: IdSchema,
  minutes: z.number().int().min(1).max(THREAD_LIMITS.muteMaxMinutes),
  reason: ReasonSchema,
});
export type MuteBody = z.infer<typeof MuteBodySchema>;

export const SlowModeBodySchema = z.strictObject({
  seconds: z.number().int().min(0).max(THREAD_LIMITS.slowModeMaxSeconds),
  reason: ReasonSchema,
});
export type SlowModeBody = z.infer<typeof SlowModeBodySchema>;

export const ContainerModerationSchema = z.object({
  slowModeSeconds: z.number().int().nonnegative(),
  mutes: z.array(MuteSchema),
  openReports: z.number().int().nonnegative(),
});
export type ContainerModeration = z.infer<typeof ContainerModerationSchema>;

// ---- Search ----------------------------------------------------------------------------------

export const SearchQuerySchema = z.strictObject({
  q: z.string().trim().min(2).max(THREAD_LIMITS.searchQueryMaxLength),
  containerType: ThreadContainerTypeSchema.optional(),
  containerId: IdSchema.optional(),
  /** The author's country, or a country channel's country. */
  country: JurisdictionCodeSchema.optional(),
  authorId: IdSchema.optional(),
  from: IsoDateTimeSchema.optional(),
  to: IsoDateTimeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.input<typeof SearchQuerySchema>;

/** A stretch of text with the character ranges that matched the query; clients render ranges, never HTML. */
export const HighlightedTextSchema = z.object({
  text: z.string(),
  ranges: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
});
export type HighlightedText = z.infer<typeof HighlightedTextSchema>;

export const SearchHitSchema = z.object({
  kind: z.enum(['thread', 'message']),
  container: ContainerRefSchema,
  containerName: z.string(),
  threadId: IdSchema,
  threadTitle: HighlightedTextSchema,
  messageId: IdSchema.nullable(),
  seq: z.number().int().positive().nullable(),
  author: AuthorSchema,
  snippet: HighlightedTextSchema,
  createdAt: IsoDateTimeSchema,
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

// ---- Routes ----------------------------------------------------------------------------------

const ThreadIdParams = IdParamsSchema;
const MessageIdParams = IdParamsSchema;

export const threadRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/api/containers/:type/:id/threads',
    summary: 'Start a thread in a container (a channel, a case…) with its opening post',
    tag: 'threads',
    auth: 'session',
    params: ContainerParamsSchema,
    body: CreateThreadBodySchema,
    response: ThreadDetailSchema,
    status: 201,
  }),
  list: defineRoute({
    method: 'GET',
    path: '/api/containers/:type/:id/threads',
    summary: "A container's threads, pinned first, then by last activity, with unread markers",
    tag: 'threads',
    auth: 'session',
    params: ContainerParamsSchema,
    query: ThreadListQuerySchema,
    response: pageOf(ThreadListItemSchema),
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/threads/:id',
    summary: 'A thread with what the viewer may do in it',
    tag: 'threads',
    auth: 'session',
    params: ThreadIdParams,
    response: ThreadDetailSchema,
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/threads/:id',
    summary: "Change a thread's title or tags (its author or a moderator)",
    tag: 'threads',
    auth: 'session',
    params: ThreadIdParams,
    body: UpdateThreadBodySchema,
    response: ThreadDetailSchema,
  }),
  messages: defineRoute({
    method: 'GET',
    path: '/api/threads/:id/messages',
    summary: 'Message history by cursor: 50 at a time, newest first, or after a position',
    tag: 'threads',
    auth: 'session',
    params: ThreadIdParams,
    query: MessageHistoryQuerySchema,
    response: MessagePageSchema,
  }),
  follow: defineRoute({
    method: 'PUT',
    path: '/api/threads/:id/follow',
    summary: 'Follow or unfollow a thread',
    tag: 'threads',
    auth: 'session',
    params: ThreadIdParams,
    body: FlagBodySchema,
    response: ThreadViewerStateSchema,
  }),
  markRead: defineRoute({
    method: 'POST',
    path: '/api/threads/:id/read',
    summary: 'Move my read marker forward',
    tag: 'threads',
    auth: 'session',
    params: ThreadIdParams,
    body: ReadMarkerBodySchema,
    response: ThreadViewerStateSchema,
  }),
  resolve: defineRoute({
    method: 'PUT',
    path: '/api/threads/:id/resolved',
    summary: 'Mark a thread resolved or open again (its author or a moderator)',
    tag: 'threads',
    auth: 'session',
    params: ThreadIdParams,
    body: FlagBodySchema,
    response: ThreadDetailSchema,
  }),
  lock: defineRoute({
    method: 'PUT',
    path: '/api/threads/:id/locked',
    summary: 'Lock or unlock a thread (moderators)',
    tag: 'moderation',
    auth: 'session',
    params: ThreadIdParams,
    body: FlagBodySchema,
    response: ThreadDetailSchema,
  }),
  pin: defineRoute({
    method: 'PUT',
    path: '/api/threads/:id/pinned',
    summary: 'Pin or unpin a thread (moderators)',
    tag: 'moderation',
    auth: 'session',
    params: ThreadIdParams,
    body: FlagBodySchema,
    response: ThreadDetailSchema,
  }),
  move: defineRoute({
    method: 'POST',
    path: '/api/threads/:id/move',
    summary: 'Move a thread to another container of the same type (moderators of both)',
    tag: 'moderation',
    auth: 'session',
    params: ThreadIdParams,
    body: MoveThreadBodySchema,
    response: ThreadDetailSchema,
  }),
  startSummary: defineRoute({
    method: 'POST',
    path: '/api/threads/:id/summary',
    summary: "Create the thread's co-edited summary document if it has none yet (those who can reply)",
    tag: 'threads',
    auth: 'session',
    params: ThreadIdParams,
    response: ThreadDetailSchema,
  }),
  inbox: defineRoute({
    method: 'GET',
    path: '/api/threads/inbox',
    summary: 'Threads I follow, those with unread replies first',
    tag: 'threads',
    auth: 'session',
    response: z.object({ items: z.array(InboxItemSchema) }),
  }),
  uploadAttachment: defineRoute({
    method: 'POST',
    path: '/api/threads/:id/attachments',
    summary: 'Upload a file (multipart, field "file") to attach to my next message in this thread',
    tag: 'threads',
    auth: 'session',
    params: ThreadIdParams,
    response: AttachmentSchema,
    status: 201,
  }),
  downloadAttachment: defineRoute({
    method: 'GET',
    path: '/api/attachments/:id',
    summary: 'Download an attachment (always as a file, never rendered inline)',
    tag: 'threads',
    auth: 'session',
    params: IdParamsSchema,
    response: z.unknown(),
  }),
  message: defineRoute({
    method: 'GET',
    path: '/api/messages/:id',
    summary: 'One message (moderators also see hidden text)',
    tag: 'threads',
    auth: 'session',
    params: MessageIdParams,
    response: MessageSchema,
  }),
  messageHistory: defineRoute({
    method: 'GET',
    path: '/api/messages/:id/edits',
    summary: "A message's earlier versions (moderators)",
    tag: 'moderation',
    auth: 'session',
    params: MessageIdParams,
    response: z.object({ items: z.array(MessageEditSchema) }),
  }),
  hide: defineRoute({
    method: 'POST',
    path: '/api/messages/:id/hide',
    summary: 'Hide a message with a reason (moderators)',
    tag: 'moderation',
    auth: 'session',
    params: MessageIdParams,
    body: ModerationReasonBodySchema,
    response: MessageSchema,
  }),
  unhide: defineRoute({
    method: 'POST',
    path: '/api/messages/:id/unhide',
    summary: 'Show a hidden message again (moderators)',
    tag: 'moderation',
    auth: 'session',
    params: MessageIdParams,
    body: ModerationReasonBodySchema,
    response: MessageSchema,
  }),
  report: defineRoute({
    method: 'POST',
    path: '/api/messages/:id/reports',
    summary: "Report a message to the container's moderators",
    tag: 'moderation',
    auth: 'session',
    params: MessageIdParams,
    body: CreateReportBodySchema,
    response: OkSchema,
    status: 201,
  }),
  search: defineRoute({
    method: 'GET',
    path: '/api/search',
    summary: 'Full-text search across the threads and messages I can read',
    tag: 'threads',
    auth: 'session',
    query: SearchQuerySchema,
    response: z.object({ items: z.array(SearchHitSchema) }),
  }),
};

export const moderationRoutes = {
  overview: defineRoute({
    method: 'GET',
    path: '/api/moderation/:type/:id',
    summary: "A container's slow mode, muted members and open report count (moderators)",
    tag: 'moderation',
    auth: 'session',
    params: ContainerParamsSchema,
    response: ContainerModerationSchema,
  }),
  reports: defineRoute({
    method: 'GET',
    path: '/api/moderation/:type/:id/reports',
    summary: "A container's moderation queue (moderators)",
    tag: 'moderation',
    auth: 'session',
    params: ContainerParamsSchema,
    query: ReportQuerySchema,
    response: pageOf(ReportSchema),
  }),
  resolveReport: defineRoute({
    method: 'POST',
    path: '/api/moderation/reports/:id/resolve',
    summary: 'Resolve a report with an action (moderators)',
    tag: 'moderation',
    auth: 'session',
    params: IdParamsSchema,
    body: ResolveReportBodySchema,
    response: ReportSchema,
  }),
  dismissReport: defineRoute({
    method: 'POST',
    path: '/api/moderation/reports/:id/dismiss',
    summary: 'Dismiss a report (moderators)',
    tag: 'moderation',
    auth: 'session',
    params: IdParamsSchema,
    body: DismissReportBodySchema,
    response: ReportSchema,
  }),
  log: defineRoute({
    method: 'GET',
    path: '/api/moderation/:type/:id/log',
    summary: "A container's moderation log: who did what, when and why (moderators)",
    tag: 'moderation',
    auth: 'session',
    params: ContainerParamsSchema,
    query: z.strictObject({
      cursor: CursorSchema.optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
    response: pageOf(ModerationLogEntrySchema),
  }),
  mute: defineRoute({
    method: 'POST',
    path: '/api/moderation/:type/:id/mutes',
    summary: 'Mute a member in a container for a while (moderators)',
    tag: 'moderation',
    auth: 'session',
    params: ContainerParamsSchema,
    body: MuteBodySchema,
    response: MuteSchema,
  }),
  unmute: defineRoute({
    method: 'DELETE',
    path: '/api/moderation/:type/:id/mutes/:userId',
    summary: 'Lift a mute (moderators)',
    tag: 'moderation',
    auth: 'session',
    params: z.strictObject({ type: ThreadContainerTypeSchema, id: IdSchema, userId: IdSchema }),
    response: OkSchema,
  }),
  slowMode: defineRoute({
    method: 'PUT',
    path: '/api/moderation/:type/:id/slow-mode',
    summary: 'Set slow mode: one message per N seconds per member; 0 turns it off (moderators)',
    tag: 'moderation',
    auth: 'session',
    params: ContainerParamsSchema,
    body: SlowModeBodySchema,
    response: ContainerModerationSchema,
  }),
};

// ---- Socket payloads -------------------------------------------------------------------------

export const ContainerSubscribeSchema = z.strictObject({ container: ContainerRefSchema });
export const ThreadRefSchema = z.strictObject({ threadId: IdSchema });

export const SendMessageSchema = z.strictObject({
  threadId: IdSchema,
  clientMessageId: ClientMessageIdSchema,
  body: MessageBodySchema,
  replyToId: IdSchema.optional(),
  attachmentIds: z.array(IdSchema).max(THREAD_LIMITS.attachmentsPerMessageMax).optional(),
});
export type SendMessage = z.infer<typeof SendMessageSchema>;

export const EditMessageSchema = z.strictObject({ messageId: IdSchema, body: MessageBodySchema });
export type EditMessage = z.infer<typeof EditMessageSchema>;

export const DeleteMessageSchema = z.strictObject({ messageId: IdSchema });

export const ReactSchema = z.strictObject({ messageId: IdSchema, emoji: ReactionSchema, on: z.boolean() });
export type ReactToMessage = z.infer<typeof ReactSchema>;

export const ReadMarkerSchema = z.strictObject({ threadId: IdSchema, seq: z.number().int().nonnegative() });

/**
 * Catch-up after a reconnection: every message after `afterSeq`, and every older one changed
 * (edited, reacted to, hidden…) since `changedSince`, the `syncedAt` of the previous answer.
 */
export const SyncThreadSchema = z.strictObject({
  threadId: IdSchema,
  afterSeq: z.number().int().nonnegative(),
  changedSince: IsoDateTimeSchema.optional(),
});
export type SyncThread = z.infer<typeof SyncThreadSchema>;

export const SyncResultSchema = z.object({
  messages: z.array(MessageSchema),
  changed: z.array(MessageSchema),
  hasMore: z.boolean(),
  syncedAt: IsoDateTimeSchema,
  thread: ThreadDetailSchema,
});
export type SyncResult = z.infer<typeof SyncResultSchema>;

export const PresenceUserSchema = z.object({ id: IdSchema, displayName: z.string(), role: GlobalRoleSchema });
export type PresenceUser = z.infer<typeof PresenceUserSchema>;

export const TypingEventSchema = z.object({
  threadId: IdSchema,
  user: z.object({ id: IdSchema, displayName: z.string() }),
});
export type TypingEvent = z.infer<typeof TypingEventSchema>;

export type MessageCreatedEvent = { message: Message };
export type MessageUpdatedEvent = { message: Message };
export type ThreadEvent = { thread: Thread };
export type ThreadRemovedEvent = { threadId: string; container: ContainerRef };
export type PresenceChangedEvent = { container: ContainerRef; user: PresenceUser; online: boolean };
export type ReadMarkerEvent = { threadId: string; container: ContainerRef; lastReadSeq: number };
export type AccessRevokedEvent = { container: ContainerRef };
