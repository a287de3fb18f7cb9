import type { GlobalRole } from './accounts';

/**
 * Capabilities each global role holds across the network. Resource-level rules (channel membership,
 * case team, authorship) build on these in `server/src/policy/`; the client reads the same table
 * to decide what to show, but the server is the only judge.
 */
export const GLOBAL_CAPABILITIES = {
  'directory.read': ['admin', 'moderator', 'member', 'observer'],
  'serviceProviders.edit': ['admin', 'moderator'],
  'agencies.manage': ['admin'],
  'users.invite': ['admin'],
  'users.manage': ['admin'],
  'settings.manage': ['admin'],
  'audit.read': ['admin'],
  'channels.create': ['admin', 'moderator'],
  /** Admins manage every channel (rename, archive, moderators), whatever its kind. */
  'channels.manageAny': ['admin'],
  /** Admins and global moderators may moderate any channel they can see. */
  'channels.moderateAny': ['admin', 'moderator'],
  'channels.postDefault': ['admin', 'moderator', 'member'],
  'cases.create': ['admin', 'moderator', 'member'],
  /** Manage a case team without reading its material. */
  'cases.manageAnyTeam': ['admin'],
  'precedent.contribute': ['admin', 'moderator', 'member'],
  'precedent.moderate': ['admin', 'moderator'],
} as const satisfies Record<string, readonly GlobalRole[]>;

export type GlobalCapability = keyof typeof GLOBAL_CAPABILITIES;

export function roleHas(role: GlobalRole, capability: GlobalCapability): boolean {
  return (GLOBAL_CAPABILITIES[capability] as readonly GlobalRole[]).includes(role);
}
