import type { HandlingCode } from '@serantau/shared';
import type { Actor } from './actor';

/** The parts of a handling code that decide who may take an item out of Serantau. */
export interface HandlingRule {
  code: HandlingCode;
  originatorId: string;
  /** `participating_agencies`: the agencies the item may be shared with. */
  agencyIds: readonly string[];
  /** `originator_permission`: the team members the originator allowed to pass it on. */
  permittedUserIds: readonly string[];
}

export type PassOnDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether the actor may pass an item on (export, download) under its handling code. The caller has
 * already established that the actor may read the item and export from its owner at all (a lead or
 * member of the case team):
 * - `team_only`: yes — the file carries the marking, and the marking binds whoever receives it;
 * - `participating_agencies`: the item may go to the named agencies and no further, so only someone
 *   who belongs to one of them (their profile's agency is named) may take it out, into that agency;
 *   and the originator, whose information it is. A team member of another agency, or of none, is
 *   refused: exporting would hand it to an agency the marking does not name;
 * - `originator_permission`: only the originator, or those the originator has permitted.
 */
export function mayPassOn(actor: Actor, rule: HandlingRule | null): PassOnDecision {
  if (!rule) return { allowed: true };
  const isOriginator = actor.userId === rule.originatorId;
  switch (rule.code) {
    case 'team_only':
      return { allowed: true };
    case 'participating_agencies':
      if (isOriginator || (actor.agencyId !== null && rule.agencyIds.includes(actor.agencyId)))
        return { allowed: true };
      return {
        allowed: false,
        reason: 'Only members of the named agencies (or the originator) can take this out of Serantau',
      };
    case 'originator_permission':
      if (isOriginator || rule.permittedUserIds.includes(actor.userId)) return { allowed: true };
      return { allowed: false, reason: "The originator's permission is needed before this can be passed on" };
  }
}
