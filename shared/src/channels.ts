import { z } from 'zod';
import { UserSummarySchema } from './accounts';
import { IdParamsSchema, IdSchema, IsoDateTimeSchema, OkSchema, blockText, lineText } from './common';
import { defineRoute } from './http';
import { MemberStateCodeSchema } from './jurisdictions';

/**
 * - public: every member reads and may join; observers read.
 * - private: invited members only.
 * - country: members of one country.
 * - announcement: everyone reads; only moderators and admins post.
 */
export const CHANNEL_KINDS = ['public', 'private', 'country', 'announcement'] as const;
export const ChannelKindSchema = z.enum(CHANNEL_KINDS);
export type ChannelKind = z.infer<typeof ChannelKindSchema>;

export const NOTIFICATION_LEVELS = ['all', 'mentions', 'none'] as const;
export const NotificationLevelSchema = z.enum(NOTIFICATION_LEVELS);
export type NotificationLevel = z.infer<typeof NotificationLevelSchema>;

export const CHANNEL_LIMITS = {
  nameMaxLength: 60,
  descriptionMaxLength: 1_000,
  moderatorsMax: 20,
} as const;

export const ChannelNameSchema = lineText(CHANNEL_LIMITS.nameMaxLength, 2);

/** The signed-in member's relation to a channel. */
export const ChannelMembershipSchema = z.object({
  joined: z.boolean(),
  notificationLevel: NotificationLevelSchema,
  muted: z.boolean(),
  unreadMessages: z.number().int().nonnegative(),
  unreadThreads: z.number().int().nonnegative(),
  /** Admins see every channel to manage it, but read a private or another country's one only when in it. */
  canRead: z.boolean(),
  canPost: z.boolean(),
  canStartThread: z.boolean(),
  canModerate: z.boolean(),
  /** Rename, describe, archive, manage members and moderators. */
  canManage: z.boolean(),
  /** Join and leave on one's own (public, country and announcement channels). */
  canJoin: z.boolean(),
});
export type ChannelMembership = z.infer<typeof ChannelMembershipSchema>;

export const ChannelSchema = z.object({
  id: IdSchema,
  name: z.string(),
  description: z.string(),
  kind: ChannelKindSchema,
  /** Country channels only. */
  country: MemberStateCodeSchema.nullable(),
  /** Observers may post here (they always read public and announcement channels). */
  observersMayPost: z.boolean(),
  archived: z.boolean(),
  moderators: z.array(UserSummarySchema.pick({ id: true, displayName: true, country: true })),
  createdAt: IsoDateTimeSchema,
  me: ChannelMembershipSchema,
});
export type Channel = z.infer<typeof ChannelSchema>;

export const CreateChannelBodySchema = z
  .strictObject({
    name: ChannelNameSchema,
    description: blockText(CHANNEL_LIMITS.descriptionMaxLength).default(''),
    kind: ChannelKindSchema,
    country: MemberStateCodeSchema.nullable().default(null),
    observersMayPost: z.boolean().default(false),
    moderatorIds: z.array(IdSchema).max(CHANNEL_LIMITS.moderatorsMax).default([]),
  })
  .refine((body) => (body.kind === 'country') === (body.country !== null), {
    message: 'country channels need a country, and only they have one',
    path: ['country'],
  });
export type CreateChannelBody = z.input<typeof CreateChannelBodySchema>;

export const UpdateChannelBodySchema = z.strictObject({
  name: ChannelNameSchema.optional(),
  description: blockText(CHANNEL_LIMITS.descriptionMaxLength).optional(),
  observersMayPost: z.boolean().optional(),
});
export type UpdateChannelBody = z.infer<typeof UpdateChannelBodySchema>;

export const UpdateMembershipBodySchema = z.strictObject({
  notificationLevel: NotificationLevelSchema.optional(),
  muted: z.boolean().optional(),
});
export type UpdateMembershipBody = z.infer<typeof UpdateMembershipBodySchema>;

export const ChannelListQuerySchema = z.strictObject({
  /** `joined`: the sidebar; `all`: browse every channel I could read or join. */
  scope: z.enum(['joined', 'all']).default('joined'),
  includeArchived: z.enum(['true', 'false']).default('false'),
});
export type ChannelListQuery = z.input<typeof ChannelListQuerySchema>;

export const ChannelMemberSchema = UserSummarySchema.extend({
  channelModerator: z.boolean(),
  joinedAt: IsoDateTimeSchema.nullable(),
});
export type ChannelMember = z.infer<typeof ChannelMemberSchema>;

export const AddMemberBodySchema = z.strictObject({ userId: IdSchema });
export const MemberParamsSchema = z.strictObject({ id: IdSchema, userId: IdSchema });

export const channelRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/channels',
    summary: 'Channels I have joined (the sidebar) or may read, with unread counts',
    tag: 'channels',
    auth: 'session',
    query: ChannelListQuerySchema,
    response: z.object({ items: z.array(ChannelSchema) }),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/channels',
    summary: 'Create a channel (admins and moderators)',
    tag: 'channels',
    auth: 'session',
    body: CreateChannelBodySchema,
    response: ChannelSchema,
    status: 201,
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/channels/:id',
    summary: 'One channel',
    tag: 'channels',
    auth: 'session',
    params: IdParamsSchema,
    response: ChannelSchema,
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/channels/:id',
    summary: 'Rename or describe a channel, or let observers post (channel managers)',
    tag: 'channels',
    auth: 'session',
    params: IdParamsSchema,
    body: UpdateChannelBodySchema,
    response: ChannelSchema,
  }),
  archive: defineRoute({
    method: 'POST',
    path: '/api/channels/:id/archive',
    summary: 'Archive a channel: read-only until restored (channel managers)',
    tag: 'channels',
    auth: 'session',
    params: IdParamsSchema,
    response: ChannelSchema,
  }),
  restore: defineRoute({
    method: 'POST',
    path: '/api/channels/:id/restore',
    summary: 'Restore an archived channel (channel managers)',
    tag: 'channels',
    auth: 'session',
    params: IdParamsSchema,
    response: ChannelSchema,
  }),
  join: defineRoute({
    method: 'POST',
    path: '/api/channels/:id/join',
    summary: 'Join a channel I may read',
    tag: 'channels',
    auth: 'session',
    params: IdParamsSchema,
    response: ChannelSchema,
  }),
  leave: defineRoute({
    method: 'POST',
    path: '/api/channels/:id/leave',
    summary: 'Leave a channel (leaving a private channel needs a new invitation to return)',
    tag: 'channels',
    auth: 'session',
    params: IdParamsSchema,
    response: OkSchema,
  }),
  updateMembership: defineRoute({
    method: 'PATCH',
    path: '/api/channels/:id/membership',
    summary: 'My notification level and mute for a channel',
    tag: 'channels',
    auth: 'session',
    params: IdParamsSchema,
    body: UpdateMembershipBodySchema,
    response: ChannelSchema,
  }),
  members: defineRoute({
    method: 'GET',
    path: '/api/channels/:id/members',
    summary: "A channel's members",
    tag: 'channels',
    auth: 'session',
    params: IdParamsSchema,
    response: z.object({ items: z.array(ChannelMemberSchema) }),
  }),
  addMember: defineRoute({
    method: 'POST',
    path: '/api/channels/:id/members',
    summary: 'Invite a member to a private channel (channel managers)',
    tag: 'channels',
    auth: 'session',
    params: IdParamsSchema,
    body: AddMemberBodySchema,
    response: ChannelMemberSchema,
    status: 201,
  }),
  removeMember: defineRoute({
    method: 'DELETE',
    path: '/api/channels/:id/members/:userId',
    summary: 'Remove a member from a private channel (channel managers)',
    tag: 'channels',
    auth: 'session',
    params: MemberParamsSchema,
    response: OkSchema,
  }),
  addModerator: defineRoute({
    method: 'PUT',
    path: '/api/channels/:id/moderators/:userId',
    summary: 'Make a member a moderator of this channel (admins and moderators)',
    tag: 'channels',
    auth: 'session',
    params: MemberParamsSchema,
    response: ChannelSchema,
  }),
  removeModerator: defineRoute({
    method: 'DELETE',
    path: '/api/channels/:id/moderators/:userId',
    summary: 'Remove a channel moderator (admins and moderators)',
    tag: 'channels',
    auth: 'session',
    params: MemberParamsSchema,
    response: ChannelSchema,
  }),
};
