import { useMutation, useQuery } from '@tanstack/react-query';
import {
  authRoutes,
  invitationRoutes,
  type AcceptInvitationBody,
  type EnableTwoFactorBody,
  type LoginBody,
  type SecondFactorBody,
} from '@serantau/shared';
import { apiRequest } from '../../lib/api';

export const authKeys = {
  invitation: (token: string) => ['auth', 'invitation', token] as const,
};

export function useLogin() {
  return useMutation({ mutationFn: (body: LoginBody) => apiRequest(authRoutes.login, { body }) });
}

export function useSecondFactor() {
  return useMutation({
    mutationFn: (body: SecondFactorBody) => apiRequest(authRoutes.secondFactor, { body }),
  });
}

/** Starts (or restarts) enrolment: every call makes a new secret, so it runs only on a click. */
export function useTwoFactorSetup() {
  return useMutation({ mutationFn: () => apiRequest(authRoutes.twoFactorSetup) });
}

export function useTwoFactorEnable() {
  return useMutation({
    mutationFn: (body: EnableTwoFactorBody) => apiRequest(authRoutes.twoFactorEnable, { body }),
  });
}

export function useInvitationPreview(token: string, enabled: boolean) {
  return useQuery({
    queryKey: authKeys.invitation(token),
    queryFn: () => apiRequest(invitationRoutes.preview, { params: { token } }),
    enabled,
    retry: false,
    staleTime: Infinity,
  });
}

export function useAcceptInvitation(token: string) {
  return useMutation({
    mutationFn: (body: AcceptInvitationBody) =>
      apiRequest(invitationRoutes.accept, { params: { token }, body }),
  });
}
