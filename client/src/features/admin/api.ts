import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import {
  adminRoutes,
  auditRoutes,
  invitationRoutes,
  type AdminUpdateUserBody,
  type AdminUser,
  type AdminUserQuery,
  type AuditQuery,
  type CreateInvitationBody,
  type UpdateNetworkSettingsBody,
} from '@serantau/shared';
import { apiRequest } from '../../lib/api';

export type AdminUserFilters = Partial<Omit<AdminUserQuery, 'cursor' | 'limit'>>;
export type AuditFilters = Partial<Omit<AuditQuery, 'beforeSeq' | 'limit'>>;

export const USER_PAGE_SIZE = 50;
export const AUDIT_PAGE_SIZE = 50;

export const adminKeys = {
  users: (filters: AdminUserFilters) => ['admin', 'users', filters] as const,
  allUsers: () => ['admin', 'users'] as const,
  invitations: () => ['admin', 'invitations'] as const,
  settings: () => ['admin', 'settings'] as const,
  audit: (filters: AuditFilters) => ['admin', 'audit', filters] as const,
};

// ---- Users -------------------------------------------------------------------------------------

export function useAdminUsers(filters: AdminUserFilters) {
  return useInfiniteQuery({
    queryKey: adminKeys.users(filters),
    queryFn: ({ pageParam }) =>
      apiRequest(adminRoutes.listUsers, { query: { ...filters, cursor: pageParam, limit: USER_PAGE_SIZE } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

type UserPages = InfiniteData<{ items: AdminUser[]; nextCursor: string | null }, string | undefined>;

/** Puts a changed account into every cached user list, so the table updates without a refetch. */
function storeUser(queryClient: QueryClient, user: AdminUser): void {
  queryClient.setQueriesData<UserPages>({ queryKey: adminKeys.allUsers() }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => (item.id === user.id ? user : item)),
          })),
        }
      : data,
  );
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: AdminUpdateUserBody }) =>
      apiRequest(adminRoutes.updateUser, { params: { id }, body }),
    onSuccess: (user) => storeUser(queryClient, user),
  });
}

export type AccountAction = 'suspend' | 'reactivate' | 'resetTwoFactor';

const ACCOUNT_ACTION_ROUTES = {
  suspend: adminRoutes.suspendUser,
  reactivate: adminRoutes.reactivateUser,
  resetTwoFactor: adminRoutes.resetTwoFactor,
} as const;

export function useAccountAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: AccountAction }) =>
      apiRequest(ACCOUNT_ACTION_ROUTES[action], { params: { id } }),
    onSuccess: (user) => storeUser(queryClient, user),
  });
}

// ---- Invitations -------------------------------------------------------------------------------

export function useInvitations() {
  return useQuery({ queryKey: adminKeys.invitations(), queryFn: () => apiRequest(invitationRoutes.list) });
}

export function useCreateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInvitationBody) => apiRequest(invitationRoutes.create, { body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: adminKeys.invitations() }),
  });
}

export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(invitationRoutes.revoke, { params: { id } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: adminKeys.invitations() }),
  });
}

// ---- Network settings --------------------------------------------------------------------------

export function useNetworkSettings() {
  return useQuery({ queryKey: adminKeys.settings(), queryFn: () => apiRequest(adminRoutes.getSettings) });
}

export function useUpdateNetworkSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateNetworkSettingsBody) => apiRequest(adminRoutes.updateSettings, { body }),
    onSuccess: (settings) => queryClient.setQueryData(adminKeys.settings(), settings),
  });
}

// ---- Audit log ---------------------------------------------------------------------------------

/** Newest first; each "load older" asks for entries before the oldest one shown. */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: adminKeys.audit(filters),
    queryFn: ({ pageParam }) =>
      apiRequest(auditRoutes.list, { query: { ...filters, beforeSeq: pageParam, limit: AUDIT_PAGE_SIZE } }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => {
      const oldest = page.items.at(-1);
      // A short page is the last one; seq 0 has nothing before it (beforeSeq must be positive).
      if (!oldest || page.items.length < AUDIT_PAGE_SIZE || oldest.seq <= 0) return undefined;
      return oldest.seq;
    },
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => apiRequest(auditRoutes.verify) });
}
