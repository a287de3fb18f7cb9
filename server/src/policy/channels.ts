import type { ChannelKind, ContainerAccess } from '@serantau/shared';
import type { Actor } from './actor';
import { can } from './global';

/** What the channel rules need to know about a channel. */
export interface ChannelFacts {
  kind: ChannelKind;
  country: string | null;
  archived: boolean;
  observersMayPost: boolean;
  moderatorIds: readonly string[];
}

/** The actor's own membership record, if any: `joined`, or `left` (opted out of an implicit channel). */
export type MembershipFacts = { state: 'joined' | 'left' } | null;

export interface ChannelDecision extends ContainerAccess {
  /** The channel is read-only because it is archived (lets callers say so instead of "forbidden"). */
  archived: boolean;
  /** Rename, describe, manage private members. Admins may do this without reading the channel. */
  manage: boolean;
  /** Archive and restore, appoint channel moderators: admins, and global moderators who can see it. */
  administer: boolean;
  /** Join and leave on one's own. */
  join: boolean;
}

const NOTHING: ChannelDecision = {
  read: false,
  startThread: false,
  post: false,
  react: false,
  report: false,
  moderate: false,
  archived: false,
  manage: false,
  administer: false,
  join: false,
};

/**
 * Channel access, deny by default:
 * - public and announcement channels: every active member reads, observers included;
 * - country channels: members of that country (and the channel's own moderators);
 * - private channels: invited members (and the channel's own moderators);
 * - announcement channels: only moderators and admins post; observers post only where allowed.
 * Admins manage every channel's metadata and members, but read a private or another country's
 * channel only when they are in it, like case teams: need-to-know holds for the secretariat too.
 */
export function decideChannelAccess(
  actor: Actor,
  channel: ChannelFacts,
  membership: MembershipFacts,
): ChannelDecision {
  const channelModerator = channel.moderatorIds.includes(actor.userId);
  const admin = managesEveryChannel(actor);
  const read = canReadChannel(actor, channel, membership, channelModerator);
  if (!read) return { ...NOTHING, manage: admin, administer: admin, archived: channel.archived };

  const moderate = channelModerator || can(actor, 'channels.moderateAny');
  const writable = !channel.archived;
  const observer = actor.role === 'observer';
  const mayPostByRole = observer ? channel.observersMayPost : can(actor, 'channels.postDefault');
  const post = writable && (channel.kind === 'announcement' ? moderate : mayPostByRole || moderate);
  // Reacting is lighter than posting: members may react to announcements; observers only where they may post.
  const react = writable && (post || (channel.kind === 'announcement' && !observer));
  return {
    read,
    startThread: post,
    post,
    react,
    report: true,
    moderate,
    archived: channel.archived,
    manage: admin || moderate,
    administer: admin || can(actor, 'channels.moderateAny'),
    join: channel.kind !== 'private',
  };
}

/**
 * Admins manage every channel's metadata and members, whether or not they may read it: the
 * channels they are offered to manage are all of them, not only those they can see.
 */
export function managesEveryChannel(actor: Actor): boolean {
  return can(actor, 'channels.manageAny');
}

function canReadChannel(
  actor: Actor,
  channel: ChannelFacts,
  membership: MembershipFacts,
  channelModerator: boolean,
): boolean {
  switch (channel.kind) {
    case 'public':
    case 'announcement':
      return true;
    case 'country':
      return channelModerator || (channel.country !== null && actor.country === channel.country);
    case 'private':
      return channelModerator || membership?.state === 'joined';
  }
}

/** Whether a member counts as joined (in the sidebar, counted for unread) without a record. */
export function joinedByDefault(kind: ChannelKind): boolean {
  return kind === 'announcement' || kind === 'country';
}
