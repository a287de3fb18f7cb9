import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS, GLOBAL_ROLES, type ChannelKind, type GlobalRole } from '@serantau/shared';
import type { Actor } from './actor';
import { decideChannelAccess, managesEveryChannel, type ChannelFacts } from './channels';

const ME = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const SOMEONE_ELSE = 'bbbbbbbbbbbbbbbbbbbbbbbb';

const buildActor = (role: GlobalRole, country: Actor['country'] = 'MY'): Actor => ({
  userId: ME,
  sessionId: 's',
  displayName: 'Test',
  role,
  country,
  agencyId: null,
});

const buildChannel = (kind: ChannelKind, facts: Partial<ChannelFacts> = {}): ChannelFacts => ({
  kind,
  country: kind === 'country' ? 'TH' : null,
  archived: false,
  observersMayPost: false,
  moderatorIds: [SOMEONE_ELSE],
  ...facts,
});

describe('managesEveryChannel', () => {
  it('holds for admins only', () => {
    const holders = GLOBAL_ROLES.filter((role) => managesEveryChannel(buildActor(role)));
    expect(holders).toEqual(['admin']);
  });

  it('agrees with decideChannelAccess on every channel the actor cannot read', () => {
    // The channel list for "manage" returns every channel when this holds, so each of them must
    // really be manageable, and nobody else may be offered channels they cannot read.
    for (const role of GLOBAL_ROLES) {
      const actor = buildActor(role);
      for (const channel of [buildChannel('private'), buildChannel('country', { country: 'TH' })]) {
        const decision = decideChannelAccess(actor, channel, null);
        expect({ role, kind: channel.kind, read: decision.read, manage: decision.manage }).toEqual({
          role,
          kind: channel.kind,
          read: false,
          manage: managesEveryChannel(actor),
        });
      }
    }
  });

  it('lets admins manage, but not read, a private channel they are not in', () => {
    const decision = decideChannelAccess(buildActor('admin'), buildChannel('private'), null);
    expect(decision).toMatchObject({ read: false, post: false, manage: true, administer: true });
  });
});

describe('decideChannelAccess', () => {
  it('opens public and announcement channels to every role, observers included', () => {
    for (const role of GLOBAL_ROLES)
      for (const kind of ['public', 'announcement'] as const)
        expect(decideChannelAccess(buildActor(role), buildChannel(kind), null).read).toBe(true);
  });

  it('lets only moderators and admins post in announcement channels; members may still react', () => {
    const posts = GLOBAL_ROLES.filter(
      (role) => decideChannelAccess(buildActor(role), buildChannel('announcement'), null).post,
    );
    expect(posts).toEqual(['admin', 'moderator']);
    expect(decideChannelAccess(buildActor('member'), buildChannel('announcement'), null).react).toBe(true);
    expect(decideChannelAccess(buildActor('observer'), buildChannel('announcement'), null).react).toBe(false);
    // A channel moderator posts whatever their global role.
    const ownModerator = buildChannel('announcement', { moderatorIds: [ME] });
    expect(decideChannelAccess(buildActor('member'), ownModerator, null).post).toBe(true);
  });

  it('lets observers post only where the channel allows it', () => {
    const observer = buildActor('observer');
    expect(decideChannelAccess(observer, buildChannel('public'), null).post).toBe(false);
    expect(decideChannelAccess(observer, buildChannel('public', { observersMayPost: true }), null).post).toBe(
      true,
    );
  });

  it('keeps country channels to their country (and their own moderators)', () => {
    expect(decideChannelAccess(buildActor('member', 'TH'), buildChannel('country'), null).read).toBe(true);
    expect(decideChannelAccess(buildActor('member', 'MY'), buildChannel('country'), null).read).toBe(false);
    const moderated = buildChannel('country', { moderatorIds: [ME] });
    expect(decideChannelAccess(buildActor('member', 'MY'), moderated, null).read).toBe(true);
  });

  it('opens private channels to joined members only, never by leaving or by role', () => {
    for (const role of GLOBAL_ROLES) {
      const actor = buildActor(role);
      expect(decideChannelAccess(actor, buildChannel('private'), { state: 'joined' }).read).toBe(true);
      expect(decideChannelAccess(actor, buildChannel('private'), { state: 'left' }).read).toBe(false);
      expect(decideChannelAccess(actor, buildChannel('private'), null).join).toBe(false);
    }
  });

  it('makes archived channels read-only for everyone', () => {
    for (const role of GLOBAL_ROLES) {
      for (const kind of CHANNEL_KINDS) {
        const channel = buildChannel(kind, { archived: true, moderatorIds: [ME], country: 'MY' });
        const decision = decideChannelAccess(buildActor(role), channel, { state: 'joined' });
        expect({ role, kind, ...decision }).toMatchObject({
          role,
          kind,
          read: true,
          archived: true,
          post: false,
          startThread: false,
          react: false,
        });
      }
    }
  });
});
