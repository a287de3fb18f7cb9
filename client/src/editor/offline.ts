import { authStore } from '../app/auth';
import { clearOfflineCopies } from './session';

let watching = false;

/**
 * Offline copies of case documents must not outlive the session on a shared machine: when this tab
 * signs out (or the session ends), every copy in IndexedDB is deleted.
 */
export function clearOfflineCopiesOnSignOut(): void {
  if (watching) return;
  watching = true;
  let hadSession = authStore.getState().session !== null;
  authStore.subscribe(() => {
    const hasSession = authStore.getState().session !== null;
    if (hadSession && !hasSession) void clearOfflineCopies();
    hadSession = hasSession;
  });
}
