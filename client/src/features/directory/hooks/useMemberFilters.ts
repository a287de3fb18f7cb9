import { z } from 'zod';
import {
  GlobalRoleSchema,
  IdSchema,
  JurisdictionCodeSchema,
  LanguageSchema,
  LegalTopicSchema,
} from '@serantau/shared';
import { useUrlFilters } from '../../../lib/useUrlFilters';

const MEMBER_FILTER_FIELDS = {
  q: z.string().trim().min(1).max(100),
  country: JurisdictionCodeSchema,
  agencyId: IdSchema,
  expertise: LegalTopicSchema,
  language: LanguageSchema,
  role: GlobalRoleSchema,
  contactPointsOnly: z.literal('true'),
};

const MEMBER_FILTER_DEPENDENTS = { country: ['agencyId' as const] };

/** Member-search filters kept in the URL. */
export function useMemberFilters() {
  return useUrlFilters(MEMBER_FILTER_FIELDS, MEMBER_FILTER_DEPENDENTS);
}
