import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  authRoutes,
  type ChangePasswordBody,
  type DisableTwoFactorBody,
  type EnableTwoFactorBody,
  type UpdateProfileBody,
} from '@serantau/shared';
import { authStore } from '../../app/auth';
import { apiRequest } from '../../lib/api';

export const accountKeys = {
  sessions: () => ['account', 'sessions'] as const,
};

/** Saves profile fields; the auth state gets the updated user, so the header and language follow at once. */
export function useUpdateProfile() {
  return useMutation({
    mutationFn: (body: UpdateProfileBody) => apiRequest(authRoutes.updateProfile, { body }),
    onSuccess: (user) => authStore.dispatch({ type: 'user_updated', user }),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => apiRequest(authRoutes.changePassword, { body }),
    // The server signs out every other session of this account.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.sessions() }),
  });
}

/** Re-reads the session after a change the server made to the account (2FA turned off). */
async function refreshSession(): Promise<void> {
  const session = await apiRequest(authRoutes.me);
  authStore.dispatch({ type: 'session', session });
}

export function useDisableTwoFactor() {
  return useMutation({
    mutationFn: async (body: DisableTwoFactorBody) => {
      await apiRequest(authRoutes.twoFactorDisable, { body });
      await refreshSession();
    },
  });
}

export function useRegenerateRecoveryCodes() {
  return useMutation({
    mutationFn: (body: EnableTwoFactorBody) => apiRequest(authRoutes.regenerateRecoveryCodes, { body }),
  });
}

export function useSessions() {
  return useQuery({ queryKey: accountKeys.sessions(), queryFn: () => apiRequest(authRoutes.sessions) });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => apiRequest(authRoutes.revokeSession, { params: { sessionId } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.sessions() }),
  });
}
