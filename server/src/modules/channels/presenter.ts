import type { Channel, ChannelMember } from '@serantau/shared';
import type { ChannelDecision } from '../../policy/channels';
import type { UserDoc } from '../users/repo';
import type { ChannelDoc, ChannelMemberDoc } from './repo';

export function presentChannel(
  channel: ChannelDoc,
  context: {
    decision: ChannelDecision;
    membership: ChannelMemberDoc | null;
    joined: boolean;
    unread: { messages: number; threads: number };
    moderators: ReadonlyMap<string, UserDoc>;
  },
): Channel {
  const { decision, membership } = context;
  return {
    id: channel._id.toHexString(),
    name: channel.name,
    description: channel.description,
    kind: channel.kind,
    country: channel.country,
    observersMayPost: channel.observersMayPost,
    archived: channel.archived,
    moderators: channel.moderatorIds.flatMap((id) => {
      const user = context.moderators.get(id.toHexString());
      return user
        ? [{ id: user._id.toHexString(), displayName: user.displayName, country: user.country }]
        : [];
    }),
    createdAt: channel.createdAt.toISOString(),
    me: {
      joined: context.joined,
      notificationLevel: membership?.notificationLevel ?? 'mentions',
      muted: membership?.muted ?? false,
      unreadMessages: context.joined ? context.unread.messages : 0,
      unreadThreads: context.joined ? context.unread.threads : 0,
      canRead: decision.read,
      canPost: decision.post,
      canStartThread: decision.startThread,
      canModerate: decision.moderate,
      canManage: decision.manage,
      canJoin: decision.read && decision.join && !channel.archived,
    },
  };
}

export function presentChannelMember(
  user: UserDoc,
  channelModerator: boolean,
  joinedAt: Date | null,
): ChannelMember {
  return {
    id: user._id.toHexString(),
    displayName: user.displayName,
    country: user.country,
    agencyId: user.agencyId?.toHexString() ?? null,
    // Agency names are the directory's; members lists show name, country and title.
    agencyName: null,
    title: user.title,
    role: user.role,
    contactPoint: user.contactPoint,
    channelModerator,
    joinedAt: joinedAt?.toISOString() ?? null,
  };
}
