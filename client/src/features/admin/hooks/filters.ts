import { z } from 'zod';
import { GlobalRoleSchema, IdSchema, JurisdictionCodeSchema, UserStatusSchema } from '@serantau/shared';
import { useUrlFilters } from '../../../lib/useUrlFilters';

const USER_FILTER_FIELDS = {
  q: z.string().trim().min(1).max(100),
  status: UserStatusSchema,
  role: GlobalRoleSchema,
  country: JurisdictionCodeSchema,
};

export function useAdminUserFilters() {
  return useUrlFilters(USER_FILTER_FIELDS);
}

const AUDIT_FILTER_FIELDS = {
  action: z.string().trim().min(1).max(80),
  targetType: z.string().trim().min(1).max(40),
  targetId: z.string().trim().min(1).max(64),
  actorId: IdSchema,
};

export function useAuditFilters() {
  return useUrlFilters(AUDIT_FILTER_FIELDS);
}
