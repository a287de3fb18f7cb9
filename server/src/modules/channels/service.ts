import type { ObjectId } from 'mongodb';
import {
  CreateChannelBodySchema,
  rooms,
  type Channel,
  type ChannelListQuery,
  type ChannelMember,
  type ContainerRef,
  type CreateChannelBody,
  type UpdateChannelBody,
  type UpdateMembershipBody,
} from '@serantau/shared';
import { toObjectId } from '../../db/ids';
import { AppError, isDuplicateKeyError, notFound } from '../../http/errors';
import type { Actor, RequestOrigin } from '../../policy/actor';
import {
  decideChannelAccess,
  joinedByDefault,
  managesEveryChannel,
  type ChannelDecision,
} from '../../policy/channels';
import { assertCan } from '../../policy/global';
import type { AuditService } from '../audit/service';
import type { NotificationsService } from '../notifications/service';
import type { MessageBus } from '../../realtime/bus';
import { createFactCache } from '../threads/cache';
import type { ThreadContainerDefinition } from '../threads/containers';
import { NO_ACCESS, containerKey } from '../threads/containers';
import { actorForUser } from '../threads/context';
import type { LivePublisher } from '../threads/live';
import type { ModerationService } from '../threads/moderation';
import type { ThreadsService } from '../threads/service';
import type { UserDoc, UsersRepo } from '../users/repo';
import { presentChannel, presentChannelMember } from './presenter';
import type { ChannelDoc, ChannelMemberDoc, ChannelsRepo } from './repo';

export interface ChannelsDeps {
  repo: ChannelsRepo;
  users: UsersRepo;
  audit: AuditService;
  live: LivePublisher;
  threads: ThreadsService;
  moderation: ModerationService;
  notifications: NotificationsService;
  /** Called when a member loses read access to a channel: rooms, collab connections… */
  onAccessLost(userId: string, ref: ContainerRef): Promise<void>;
  /** Called when a channel's rules changed for everyone in it (archived, restored). */
  onRulesChanged(ref: ContainerRef): Promise<void>;
  /** Carries cache invalidations to the other processes of a deployment. */
  bus?: MessageBus;
  clock?: () => Date;
}

/** Channel members listed at most (country channels can be large). */
const MEMBER_LIST_MAX = 500;

export function createChannelsService(deps: ChannelsDeps) {
  const { repo } = deps;
  const now = deps.clock ?? (() => new Date());
  // A channel's rules (kind, country, archived, moderators) are read on every message; they change
  // rarely and every change below drops the cached copy, here and in the other processes.
  const channelRules = createFactCache<ChannelDoc | null>({
    name: 'channels',
    ttlMs: 10_000,
    max: 5_000,
    bus: deps.bus,
  });
  const cachedChannel = (id: string) => channelRules.get(id, () => repo.channels.findById(toObjectId(id)));

  function refOf(channel: ChannelDoc): ContainerRef {
    return { type: 'channel', id: channel._id.toHexString() };
  }

  function decide(actor: Actor, channel: ChannelDoc, membership: ChannelMemberDoc | null): ChannelDecision {
    return decideChannelAccess(
      actor,
      {
        kind: channel.kind,
        country: channel.country,
        archived: channel.archived,
        observersMayPost: channel.observersMayPost,
        moderatorIds: channel.moderatorIds.map((id) => id.toHexString()),
      },
      membership ? { state: membership.state } : null,
    );
  }

  function isJoined(
    channel: ChannelDoc,
    membership: ChannelMemberDoc | null,
    decision: ChannelDecision,
  ): boolean {
    if (!decision.read) return false;
    if (membership) return membership.state === 'joined';
    return joinedByDefault(channel.kind);
  }

  async function loadChannel(actor: Actor, id: string) {
    const channel = await repo.channels.findById(toObjectId(id));
    if (!channel) throw notFound('Channel');
    const membership = await repo.members.find(channel._id, toObjectId(actor.userId));
    const decision = decide(actor, channel, membership);
    // Unreadable and unmanageable: as good as absent.
    if (!decision.read && !decision.manage) throw notFound('Channel');
    return { channel, membership, decision };
  }

  async function moderatorsOf(channels: readonly ChannelDoc[]): Promise<Map<string, UserDoc>> {
    const ids = [
      ...new Map(
        channels.flatMap((channel) => channel.moderatorIds).map((id) => [id.toHexString(), id]),
      ).values(),
    ];
    const users = await deps.users.findByIds(ids);
    return new Map(users.map((user) => [user._id.toHexString(), user]));
  }

  async function unreadSince(
    actor: Actor,
    channel: ChannelDoc,
    membership: ChannelMemberDoc | null,
  ): Promise<Date | null> {
    if (membership?.state === 'joined' && membership.joinedAt) return membership.joinedAt;
    if (!membership && joinedByDefault(channel.kind)) {
      const user = await deps.users.findById(toObjectId(actor.userId));
      return user?.createdAt ?? null;
    }
    return membership?.joinedAt ?? now();
  }

  async function present(actor: Actor, channels: readonly ChannelDoc[]): Promise<Channel[]> {
    const memberships = new Map(
      (await repo.members.ofUser(toObjectId(actor.userId))).map((doc) => [doc.channelId.toHexString(), doc]),
    );
    const moderators = await moderatorsOf(channels);
    const since = new Map<string, Date | null>();
    const decisions = new Map<string, ChannelDecision>();
    for (const channel of channels) {
      const membership = memberships.get(channel._id.toHexString()) ?? null;
      const decision = decide(actor, channel, membership);
      decisions.set(channel._id.toHexString(), decision);
      if (isJoined(channel, membership, decision)) {
        since.set(containerKey(refOf(channel)), await unreadSince(actor, channel, membership));
      }
    }
    const unread = since.size > 0 ? await deps.threads.unreadByContainer(actor, since) : new Map();
    return channels.map((channel) => {
      const id = channel._id.toHexString();
      const membership = memberships.get(id) ?? null;
      const decision = decisions.get(id) ?? decide(actor, channel, membership);
      return presentChannel(channel, {
        decision,
        membership,
        joined: isJoined(channel, membership, decision),
        unread: unread.get(containerKey(refOf(channel))) ?? { messages: 0, threads: 0 },
        moderators,
      });
    });
  }

  async function presentOne(actor: Actor, channel: ChannelDoc): Promise<Channel> {
    const [presented] = await present(actor, [channel]);
    if (!presented) throw notFound('Channel');
    return presented;
  }

  /** Channels the actor can read (or, for admins, manage), by the same rules as `decideChannelAccess`. */
  async function visibleChannels(actor: Actor, includeManageable: boolean): Promise<ChannelDoc[]> {
    const userId = toObjectId(actor.userId);
    if (includeManageable && managesEveryChannel(actor)) return repo.channels.find({});
    const privateIds = (await repo.members.ofUser(userId))
      .filter((doc) => doc.state === 'joined')
      .map((doc) => doc.channelId);
    return repo.channels.find({
      $or: [
        { kind: { $in: ['public', 'announcement'] } },
        { kind: 'country', country: actor.country as ChannelDoc['country'] },
        { moderatorIds: userId },
        { kind: 'private', _id: { $in: privateIds } },
      ],
    });
  }

  function announceChange(channel: ChannelDoc, extraUsers: readonly string[] = []): void {
    const id = channel._id.toHexString();
    deps.live.emit(
      [rooms.channel(id), ...extraUsers.map((userId) => rooms.user(userId))],
      'channel:changed',
      {
        channelId: id,
      },
    );
  }

  async function activeUser(id: string): Promise<UserDoc> {
    const user = await deps.users.findById(toObjectId(id));
    if (!user || user.status !== 'active') throw notFound('Member');
    return user;
  }

  /** After a change that may take someone's access away: if it did, their live views close at once. */
  async function revokeIfLost(channelId: ObjectId, user: UserDoc): Promise<void> {
    const channel = await repo.channels.findById(channelId);
    if (!channel) return;
    const membership = await repo.members.find(channelId, user._id);
    const actor = actorForUser(user);
    if (!decide(actor, channel, membership).read)
      await deps.onAccessLost(user._id.toHexString(), refOf(channel));
  }

  const service = {
    async list(actor: Actor, query: ChannelListQuery): Promise<Channel[]> {
      const scope = query.scope ?? 'joined';
      const includeArchived = query.includeArchived === 'true';
      const channels = (await visibleChannels(actor, scope === 'all')).filter(
        (channel) => includeArchived || !channel.archived,
      );
      const presented = await present(actor, channels);
      return scope === 'joined' ? presented.filter((channel) => channel.me.joined) : presented;
    },

    async get(actor: Actor, id: string): Promise<Channel> {
      const { channel } = await loadChannel(actor, id);
      return presentOne(actor, channel);
    },

    async create(actor: Actor, input: CreateChannelBody, origin: RequestOrigin): Promise<Channel> {
      assertCan(actor, 'channels.create');
      const body = CreateChannelBodySchema.parse(input);
      const moderatorIds = [...new Set(body.moderatorIds)];
      const moderators = await deps.users.findByIds(moderatorIds.map(toObjectId));
      if (moderators.length !== moderatorIds.length || moderators.some((user) => user.status !== 'active')) {
        throw new AppError('VALIDATION_FAILED', 'Every channel moderator must be an active member');
      }
      let channel: ChannelDoc;
      try {
        channel = await repo.channels.insert({
          name: body.name,
          description: body.description,
          kind: body.kind,
          country: body.kind === 'country' ? body.country : null,
          observersMayPost: body.observersMayPost,
          moderatorIds: moderators.map((user) => user._id),
          createdBy: toObjectId(actor.userId),
        });
      } catch (error) {
        if (isDuplicateKeyError(error))
          throw new AppError('ALREADY_EXISTS', 'A channel with this name already exists');
        throw error;
      }
      const at = now();
      // The creator and the moderators are in from the start (for private channels, that is their access).
      for (const userId of new Set([actor.userId, ...moderatorIds])) {
        await repo.members.upsert(channel._id, toObjectId(userId), {
          state: 'joined',
          joinedAt: at,
          addedBy: toObjectId(actor.userId),
        });
      }
      await deps.audit.record({
        actor,
        action: 'channel.create',
        target: { type: 'channel', id: channel._id.toHexString() },
        origin,
        details: { name: channel.name, kind: channel.kind, country: channel.country },
      });
      return presentOne(actor, channel);
    },

    async update(actor: Actor, id: string, body: UpdateChannelBody, origin: RequestOrigin): Promise<Channel> {
      const { channel, decision } = await loadChannel(actor, id);
      if (!decision.manage) throw new AppError('FORBIDDEN', 'Only this channel’s managers can change it');
      let updated: ChannelDoc | null;
      try {
        updated = await repo.channels.update(channel._id, body);
        channelRules.invalidate(id);
      } catch (error) {
        if (isDuplicateKeyError(error))
          throw new AppError('ALREADY_EXISTS', 'A channel with this name already exists');
        throw error;
      }
      if (!updated) throw notFound('Channel');
      await deps.moderation.record(
        actor,
        refOf(channel),
        'container.update',
        { type: 'channel', id, label: updated.name },
        null,
        origin,
        {
          renamed: body.name !== undefined && body.name !== channel.name,
          previousName: body.name !== undefined && body.name !== channel.name ? channel.name : null,
          observersMayPost: updated.observersMayPost,
        },
      );
      announceChange(updated);
      return presentOne(actor, updated);
    },

    async setArchived(actor: Actor, id: string, archived: boolean, origin: RequestOrigin): Promise<Channel> {
      const { channel, decision } = await loadChannel(actor, id);
      if (!decision.administer)
        throw new AppError('FORBIDDEN', 'Only admins and moderators can archive channels');
      if (channel.archived === archived) return presentOne(actor, channel);
      const updated = await repo.channels.update(channel._id, {
        archived,
        archivedAt: archived ? now() : null,
      });
      channelRules.invalidate(id);
      if (!updated) throw notFound('Channel');
      await deps.moderation.record(
        actor,
        refOf(channel),
        archived ? 'container.archive' : 'container.restore',
        { type: 'channel', id, label: channel.name },
        null,
        origin,
      );
      await deps.onRulesChanged(refOf(channel));
      announceChange(updated);
      return presentOne(actor, updated);
    },

    async join(actor: Actor, id: string): Promise<Channel> {
      const { channel, decision } = await loadChannel(actor, id);
      if (!decision.read) throw notFound('Channel');
      if (!decision.join) throw new AppError('FORBIDDEN', 'Private channels are joined by invitation');
      if (channel.archived) throw new AppError('ARCHIVED', 'This channel is archived');
      await repo.members.upsert(channel._id, toObjectId(actor.userId), { state: 'joined', joinedAt: now() });
      return presentOne(actor, channel);
    },

    async leave(actor: Actor, id: string): Promise<void> {
      const { channel, decision } = await loadChannel(actor, id);
      if (!decision.read) throw notFound('Channel');
      const userId = toObjectId(actor.userId);
      if (channel.kind === 'private') {
        // Leaving a private channel gives up access: coming back needs a new invitation.
        await repo.members.remove(channel._id, userId);
        const user = await deps.users.findById(userId);
        if (user) await revokeIfLost(channel._id, user);
        return;
      }
      await repo.members.upsert(channel._id, userId, { state: 'left' });
    },

    async updateMembership(actor: Actor, id: string, body: UpdateMembershipBody): Promise<Channel> {
      const { channel, membership, decision } = await loadChannel(actor, id);
      if (!isJoined(channel, membership, decision)) throw new AppError('CONFLICT', 'Join the channel first');
      await repo.members.upsert(channel._id, toObjectId(actor.userId), {
        ...body,
        ...(membership ? {} : { state: 'joined' as const }),
      });
      return presentOne(actor, channel);
    },

    async members(actor: Actor, id: string): Promise<ChannelMember[]> {
      const { channel, decision } = await loadChannel(actor, id);
      if (!decision.read && !decision.manage) throw notFound('Channel');
      const records = await repo.members.ofChannel(channel._id);
      const joinedIds = records.filter((doc) => doc.state === 'joined').map((doc) => doc.userId);
      const leftIds = new Set(
        records.filter((doc) => doc.state === 'left').map((doc) => doc.userId.toHexString()),
      );
      let users: UserDoc[];
      if (channel.kind === 'country' && channel.country) {
        users = (
          await deps.users.collection
            .find(
              { country: channel.country, status: 'active' },
              { sort: { displayName: 1 }, limit: MEMBER_LIST_MAX },
            )
            .toArray()
        ).filter((user) => !leftIds.has(user._id.toHexString()));
      } else {
        users = (await deps.users.findByIds(joinedIds.slice(0, MEMBER_LIST_MAX))).filter(
          (user) => user.status === 'active',
        );
      }
      const joinedAt = new Map(records.map((doc) => [doc.userId.toHexString(), doc.joinedAt]));
      const moderatorSet = new Set(channel.moderatorIds.map((userId) => userId.toHexString()));
      return users
        .sort((a, b) => a.displayName.localeCompare(b.displayName))
        .map((user) =>
          presentChannelMember(
            user,
            moderatorSet.has(user._id.toHexString()),
            joinedAt.get(user._id.toHexString()) ?? null,
          ),
        );
    },

    async addMember(actor: Actor, id: string, userId: string, origin: RequestOrigin): Promise<ChannelMember> {
      const { channel, decision } = await loadChannel(actor, id);
      if (!decision.manage)
        throw new AppError('FORBIDDEN', 'Only this channel’s managers can invite members');
      if (channel.kind !== 'private')
        throw new AppError('BAD_REQUEST', 'Members join this channel themselves');
      if (channel.archived) throw new AppError('ARCHIVED', 'This channel is archived');
      const user = await activeUser(userId);
      const existing = await repo.members.find(channel._id, user._id);
      const membership = await repo.members.upsert(channel._id, user._id, {
        state: 'joined',
        joinedAt: existing?.joinedAt ?? now(),
        addedBy: toObjectId(actor.userId),
      });
      if (!existing) {
        await deps.moderation.record(
          actor,
          refOf(channel),
          'member.add',
          { type: 'user', id: userId, label: user.displayName },
          null,
          origin,
        );
        await deps.notifications.notify([
          {
            userId: user._id,
            kind: 'channel_invitation',
            title: `${actor.displayName} added you to #${channel.name}`,
            subject: channel.name,
            excerpt: channel.description.slice(0, 160),
            actor: { id: toObjectId(actor.userId), displayName: actor.displayName },
            containerKey: containerKey(refOf(channel)),
            threadId: null,
            messageId: null,
            seq: null,
          },
        ]);
        announceChange(channel, [userId]);
      }
      return presentChannelMember(
        user,
        channel.moderatorIds.some((modId) => modId.equals(user._id)),
        membership.joinedAt,
      );
    },

    async removeMember(actor: Actor, id: string, userId: string, origin: RequestOrigin): Promise<void> {
      const { channel, decision } = await loadChannel(actor, id);
      if (!decision.manage)
        throw new AppError('FORBIDDEN', 'Only this channel’s managers can remove members');
      if (channel.kind !== 'private')
        throw new AppError('BAD_REQUEST', 'Only private channels have invited members');
      const targetId = toObjectId(userId);
      const removed = await repo.members.remove(channel._id, targetId);
      // A channel moderator removed from a private channel stops moderating it too, or they would keep reading it.
      const wasModerator = channel.moderatorIds.some((modId) => modId.equals(targetId));
      if (wasModerator) {
        await repo.channels.removeModerator(channel._id, targetId);
        channelRules.invalidate(id);
      }
      if (!removed && !wasModerator) throw notFound('Member');
      const user = await deps.users.findById(targetId);
      await deps.moderation.record(
        actor,
        refOf(channel),
        'member.remove',
        { type: 'user', id: userId, label: user?.displayName ?? null },
        null,
        origin,
      );
      if (user) await revokeIfLost(channel._id, user);
      else await deps.onAccessLost(userId, refOf(channel));
      announceChange(channel, [userId]);
    },

    async setModerator(
      actor: Actor,
      id: string,
      userId: string,
      moderator: boolean,
      origin: RequestOrigin,
    ): Promise<Channel> {
      const { channel, decision } = await loadChannel(actor, id);
      if (!decision.administer)
        throw new AppError('FORBIDDEN', 'Only admins and moderators appoint channel moderators');
      const user = moderator ? await activeUser(userId) : await deps.users.findById(toObjectId(userId));
      if (!user) throw notFound('Member');
      const updated = moderator
        ? await repo.channels.addModerator(channel._id, user._id)
        : await repo.channels.removeModerator(channel._id, user._id);
      if (!updated) throw notFound('Channel');
      channelRules.invalidate(id);
      if (moderator) {
        await repo.members.upsert(channel._id, user._id, {
          state: 'joined',
          joinedAt: now(),
          addedBy: toObjectId(actor.userId),
        });
      }
      await deps.moderation.record(
        actor,
        refOf(channel),
        moderator ? 'moderator.add' : 'moderator.remove',
        { type: 'user', id: userId, label: user.displayName },
        null,
        origin,
      );
      if (!moderator) await revokeIfLost(channel._id, user);
      announceChange(updated, [userId]);
      return presentOne(actor, updated);
    },

    /** The `channel` container type for the threads registry (seam 2). */
    containerDefinition(): ThreadContainerDefinition {
      return {
        async access(actor, channelId) {
          if (!/^[a-f0-9]{24}$/.test(channelId)) return NO_ACCESS;
          const channel = await cachedChannel(channelId);
          if (!channel) return NO_ACCESS;
          // Membership only matters for private channels; it is always read fresh (revocation).
          const membership =
            channel.kind === 'private'
              ? await repo.members.find(channel._id, toObjectId(actor.userId))
              : null;
          const decision = decide(actor, channel, membership);
          if (!decision.read) return NO_ACCESS;
          return {
            read: decision.read,
            startThread: decision.startThread,
            post: decision.post,
            react: decision.react,
            report: decision.report,
            moderate: decision.moderate,
            archived: decision.archived,
          };
        },
        async readersAmong(channelId, actors) {
          if (!/^[a-f0-9]{24}$/.test(channelId) || actors.length === 0) return new Set<string>();
          const channel = await cachedChannel(channelId);
          if (!channel) return new Set<string>();
          // Membership only matters for private channels; it is always read fresh (revocation).
          const records =
            channel.kind === 'private'
              ? await repo.members.ofChannel(
                  channel._id,
                  actors.map((actor) => toObjectId(actor.userId)),
                )
              : [];
          const byUser = new Map(records.map((doc) => [doc.userId.toHexString(), doc]));
          return new Set(
            actors
              .filter((actor) => decide(actor, channel, byUser.get(actor.userId) ?? null).read)
              .map((actor) => actor.userId),
          );
        },
        room: (channelId) => rooms.channel(channelId),
        async readableIds(actor) {
          return (await visibleChannels(actor, false)).map((channel) => channel._id.toHexString());
        },
        async describe(ids) {
          const channels = await repo.channels.findByIds(ids.map(toObjectId));
          return new Map(
            channels.map((channel) => [
              channel._id.toHexString(),
              { name: `#${channel.name}`, country: channel.country, archived: channel.archived },
            ]),
          );
        },
        async notificationPreferences(channelId, userIds) {
          const records = await repo.members.ofChannel(toObjectId(channelId), userIds.map(toObjectId));
          return new Map(
            records.map((doc) => [
              doc.userId.toHexString(),
              // Someone who left still hears direct mentions and replies in threads they follow.
              { level: doc.notificationLevel, muted: doc.muted },
            ]),
          );
        },
        async subscribersToAll(channelId) {
          return (await repo.members.wantingEverything(toObjectId(channelId))).map((id) => id.toHexString());
        },
        async moderatorIds(channelId) {
          const channel = await repo.channels.findById(toObjectId(channelId));
          return channel?.moderatorIds.map((id) => id.toHexString()) ?? [];
        },
        async unreadSince(actor, channelId) {
          const channel = await repo.channels.findById(toObjectId(channelId));
          if (!channel) return null;
          return unreadSince(actor, channel, await repo.members.find(channel._id, toObjectId(actor.userId)));
        },
      };
    },
  };
  return service;
}

export type ChannelsService = ReturnType<typeof createChannelsService>;
