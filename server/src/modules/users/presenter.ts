import type { AdminUser, CurrentUser, UserProfile, UserSummary } from '@serantau/shared';
import type { Actor } from '../../policy/actor';
import type { UserDoc } from './repo';

/** An actor for another member (to ask a policy what they may see before notifying them). */
export function actorForUser(user: UserDoc): Actor {
  return {
    userId: user._id.toHexString(),
    sessionId: '',
    displayName: user.displayName,
    role: user.role,
    country: user.country,
    agencyId: user.agencyId?.toHexString() ?? null,
  };
}

/** Agency names by id, resolved once per response by the caller. */
export type AgencyNames = ReadonlyMap<string, string>;

export function presentUserSummary(user: UserDoc, agencies: AgencyNames): UserSummary {
  const agencyId = user.agencyId?.toHexString() ?? null;
  return {
    id: user._id.toHexString(),
    displayName: user.displayName,
    country: user.country,
    agencyId,
    agencyName: agencyId ? (agencies.get(agencyId) ?? null) : null,
    title: user.title,
    role: user.role,
    contactPoint: user.contactPoint,
  };
}

export function presentUserProfile(user: UserDoc, agencies: AgencyNames): UserProfile {
  return {
    ...presentUserSummary(user, agencies),
    email: user.email,
    languages: user.languages,
    expertise: user.expertise,
    status: user.status,
    createdAt: user.createdAt.toISOString(),
  };
}

export function presentCurrentUser(user: UserDoc, agencies: AgencyNames): CurrentUser {
  return {
    ...presentUserProfile(user, agencies),
    locale: user.locale,
    timeZone: user.timeZone,
    twoFactorEnabled: user.twoFactor !== null,
  };
}

export function presentAdminUser(user: UserDoc, agencies: AgencyNames): AdminUser {
  return {
    ...presentUserProfile(user, agencies),
    twoFactorEnabled: user.twoFactor !== null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
