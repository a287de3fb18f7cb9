import {
  CASE_CAPABILITIES,
  caseRoleHas,
  type CaseCapability,
  type CaseRole,
  type CaseStatus,
} from '@serantau/shared';
import type { OwnerAccess } from '../collab/owners';
import type { Actor } from './actor';
import { can } from './global';

/** What the case policy needs to know about a case and the actor's place in it. */
export interface CaseAccessContext {
  status: CaseStatus;
  /** The actor's case role; null when they are not on the team. */
  role: CaseRole | null;
}

/**
 * Beyond the role table: `team.view` (see who is on the team) and `team.manage` include admins
 * managing a team they are not on — without any access to the case's material.
 */
export type CaseAction = CaseCapability | 'team.view';

export type CaseDenial = 'not_found' | 'not_on_team' | 'role' | 'closed';
export type CaseDecision = { allowed: true } | { allowed: false; reason: CaseDenial };

/**
 * Need-to-know: only the case team sees anything inside a case, whatever their global role.
 * Deny by default: no case, no role, or a capability the role lacks (or lost when the case closed).
 */
export function decideCase(
  actor: Actor,
  context: CaseAccessContext | null,
  action: CaseAction,
): CaseDecision {
  if (!context) return { allowed: false, reason: 'not_found' };
  const adminManaging = can(actor, 'cases.manageAnyTeam');
  if (action === 'team.view') {
    return context.role || adminManaging ? { allowed: true } : { allowed: false, reason: 'not_on_team' };
  }
  if (action === 'team.manage' && adminManaging) return { allowed: true };
  const role = effectiveCaseRole(actor, context.role);
  if (!role) return { allowed: false, reason: 'not_on_team' };
  if (caseRoleHas(role, action, context.status)) return { allowed: true };
  const roleAlone = (CASE_CAPABILITIES[action] as readonly CaseRole[]).includes(role);
  return { allowed: false, reason: roleAlone ? 'closed' : 'role' };
}

/**
 * Whether the actor may change their own team entry: only through their own case role. An admin
 * manages teams without being a lead, so an admin on the team as viewer cannot promote themselves.
 */
export function mayChangeOwnTeamRole(actor: Actor, context: CaseAccessContext): boolean {
  const role = effectiveCaseRole(actor, context.role);
  return role !== null && caseRoleHas(role, 'team.manage', context.status);
}

/** Every capability the actor holds in the case (for the client to show the right controls). */
export function caseCapabilities(actor: Actor, context: CaseAccessContext): CaseCapability[] {
  return (Object.keys(CASE_CAPABILITIES) as CaseCapability[]).filter(
    (capability) => decideCase(actor, context, capability).allowed,
  );
}

/** A case document's access: editors are leads and members of an open case; viewers and closed cases read. */
export function caseDocumentAccess(actor: Actor, context: CaseAccessContext | null): OwnerAccess {
  if (!context?.role) return 'none';
  if (decideCase(actor, context, 'documents.edit').allowed) return 'edit';
  return decideCase(actor, context, 'case.read').allowed ? 'view' : 'none';
}

/** Global observers (partner organisations) may join a case team only as viewers. */
export function maxCaseRoleFor(globalRole: Actor['role']): CaseRole {
  return globalRole === 'observer' ? 'viewer' : 'lead';
}

/**
 * The role the actor acts with: their team role, capped by their global role. A member who later
 * became an observer keeps only a viewer's rights, whatever the team entry still says.
 */
function effectiveCaseRole(actor: Actor, role: CaseRole | null): CaseRole | null {
  if (!role) return null;
  return maxCaseRoleFor(actor.role) === 'viewer' ? 'viewer' : role;
}

export function caseRoleAllowedFor(globalRole: Actor['role'], role: CaseRole): boolean {
  return maxCaseRoleFor(globalRole) === 'lead' || role === 'viewer';
}

/** Messages for refusals (kept here so every path words them alike). */
export const CASE_DENIAL_MESSAGES: Record<CaseDenial, string> = {
  not_found: 'Case not found',
  not_on_team: 'Only the case team can see this',
  role: 'Your role on this case does not allow this',
  closed: 'This case is closed',
};

/**
 * What a case's discussion thread allows (the threads feature's container decision, seam 2): the
 * team reads it; leads and members write while the case is open; leads moderate; nobody outside the
 * team sees it, admins included. A closed case's thread is archived (read-only).
 */
export interface CaseThreadAccess {
  read: boolean;
  startThread: boolean;
  post: boolean;
  react: boolean;
  report: boolean;
  moderate: boolean;
  archived: boolean;
}

export function caseThreadAccess(actor: Actor, context: CaseAccessContext | null): CaseThreadAccess {
  const read = decideCase(actor, context, 'case.read').allowed;
  const write = decideCase(actor, context, 'documents.edit').allowed;
  return {
    read,
    // One discussion thread per case, opened by the case itself rather than by its members.
    startThread: false,
    post: write,
    react: write,
    report: read,
    moderate: read && context?.role === 'lead',
    archived: read && context?.status === 'closed',
  };
}
