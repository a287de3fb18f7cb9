import { z } from 'zod';
import { CursorSchema, IdSchema, IsoDateTimeSchema, pageOf } from './common';
import { defineRoute } from './http';
import { ContainerRefSchema } from './threads';

/**
 * Kinds of per-user notification. Features add kinds here;
 * clients show an unknown kind with its title and link, so adding one never breaks an older client.
 */
export const NOTIFICATION_KINDS = [
  'mention',
  'country_mention',
  'thread_reply',
  'new_thread',
  'channel_invitation',
  'message_hidden',
  'report_created',
  /** The precedent desk: asked of me, answered (my question), accepted (my answer), commented, reported. */
  'precedent_question',
  'precedent_answer',
  'precedent_accepted',
  'precedent_comment',
  'precedent_report',
] as const;
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

export const NotificationSchema = z.object({
  id: IdSchema,
  kind: NotificationKindSchema,
  /** English fallback sentence, for kinds a client does not know yet. */
  title: z.string(),
  /** What it is about (a thread's title, a channel's name): clients build their own sentence from kind + actor + subject. */
  subject: z.string(),
  /** Plain-text excerpt (never message markup), may be empty. */
  excerpt: z.string(),
  actor: z.object({ id: IdSchema, displayName: z.string() }).nullable(),
  container: ContainerRefSchema.nullable(),
  threadId: IdSchema.nullable(),
  messageId: IdSchema.nullable(),
  seq: z.number().int().positive().nullable(),
  read: z.boolean(),
  createdAt: IsoDateTimeSchema,
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationQuerySchema = z.strictObject({
  unreadOnly: z.enum(['true', 'false']).default('false'),
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type NotificationQuery = z.input<typeof NotificationQuerySchema>;

export const MarkNotificationsReadBodySchema = z.union([
  z.strictObject({ ids: z.array(IdSchema).min(1).max(200) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkNotificationsReadBody = z.infer<typeof MarkNotificationsReadBodySchema>;

export const NotificationPageSchema = pageOf(NotificationSchema).extend({
  unreadCount: z.number().int().nonnegative(),
});
export type NotificationPage = z.infer<typeof NotificationPageSchema>;

export const notificationRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/notifications',
    summary: 'My notifications, newest first',
    tag: 'notifications',
    auth: 'session',
    query: NotificationQuerySchema,
    response: NotificationPageSchema,
  }),
  markRead: defineRoute({
    method: 'POST',
    path: '/api/notifications/read',
    summary: 'Mark some or all of my notifications read',
    tag: 'notifications',
    auth: 'session',
    body: MarkNotificationsReadBodySchema,
    response: z.object({ unreadCount: z.number().int().nonnegative() }),
  }),
};

export type NotificationCreatedEvent = { notification: Notification; unreadCount: number };
export type NotificationsReadEvent = { unreadCount: number };
