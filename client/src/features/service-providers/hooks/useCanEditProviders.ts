import { roleHas } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';

/** Admins and moderators keep the provider list current (the server enforces the same rule). */
export function useCanEditProviders(): boolean {
  return roleHas(useCurrentUser().role, 'serviceProviders.edit');
}
