import type { HandlingCode } from '@serantau/shared';
import type { Actor } from './actor';

/** The parts of a handling code that decide who may take an item out of Serantau. */
export interface HandlingRule {
  code: HandlingCode;
  originatorId: string;
  permittedUserIds: readonly string[];
}

export type PassOnDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether the actor may pass an item on (export, download) under its handling code. The caller has
 * already established that the actor may read the item and export from its owner at all:
 * - `team_only` and `participating_agencies`: yes, and the file carries the marking;
 * - `originator_permission`: only the originator, or those the originator has permitted.
 */
export function mayPassOn(actor: Actor, rule: HandlingRule | null): PassOnDecision {
  if (!rule) return { allowed: true };
  if (rule.code !== 'originator_permission') return { allowed: true };
  if (actor.userId === rule.originatorId || rule.permittedUserIds.includes(actor.userId))
    return { allowed: true };
  return { allowed: false, reason: "The originator's permission is needed before this can be passed on" };
}
