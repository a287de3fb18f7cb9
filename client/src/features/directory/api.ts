import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { directoryRoutes, type JurisdictionCode, type MemberSearchQuery } from '@serantau/shared';
import { apiRequest } from '../../lib/api';

/** Member search filters as the URL keeps them (the cursor and page size are the query's business). */
export type MemberFilters = Partial<Omit<MemberSearchQuery, 'cursor' | 'limit'>>;

export const MEMBER_PAGE_SIZE = 24;

export const directoryKeys = {
  all: ['directory'] as const,
  members: (filters: MemberFilters) => ['directory', 'members', filters] as const,
  member: (id: string) => ['directory', 'member', id] as const,
  jurisdictions: () => ['directory', 'jurisdictions'] as const,
  agencies: (country: JurisdictionCode | undefined) => ['directory', 'agencies', country ?? 'all'] as const,
};

/** Member search with cursor paging ("load more"). */
export function useMemberSearch(filters: MemberFilters) {
  return useInfiniteQuery({
    queryKey: directoryKeys.members(filters),
    queryFn: ({ pageParam }) =>
      apiRequest(directoryRoutes.members, {
        query: { ...filters, cursor: pageParam, limit: MEMBER_PAGE_SIZE },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Keep the old results on screen while a new filter loads, instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });
}

export function useMember(id: string) {
  return useQuery({
    queryKey: directoryKeys.member(id),
    queryFn: () => apiRequest(directoryRoutes.member, { params: { id } }),
  });
}

export function useJurisdictions() {
  return useQuery({
    queryKey: directoryKeys.jurisdictions(),
    queryFn: () => apiRequest(directoryRoutes.jurisdictions),
    staleTime: 5 * 60_000,
  });
}

/** Agencies, optionally of one country; also feeds the agency pickers in admin forms. */
export function useAgencies(country?: JurisdictionCode, enabled = true) {
  return useQuery({
    queryKey: directoryKeys.agencies(country),
    queryFn: () => apiRequest(directoryRoutes.agencies, { query: { country } }),
    staleTime: 5 * 60_000,
    enabled,
  });
}
