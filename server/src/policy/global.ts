import { roleHas, type GlobalCapability } from '@serantau/shared';
import { AppError } from '../http/errors';
import type { Actor } from './actor';

/** Whether the actor's global role grants a capability (deny by default). */
export function can(actor: Actor, capability: GlobalCapability): boolean {
  return roleHas(actor.role, capability);
}

export function assertCan(actor: Actor, capability: GlobalCapability): void {
  if (!can(actor, capability)) {
    throw new AppError('FORBIDDEN', 'Your role does not allow this action');
  }
}
