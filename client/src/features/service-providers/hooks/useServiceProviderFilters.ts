import { z } from 'zod';
import { JurisdictionCodeSchema, LanguageSchema, VictimServiceSchema } from '@serantau/shared';
import { useUrlFilters } from '../../../lib/useUrlFilters';

const PROVIDER_FILTER_FIELDS = {
  q: z.string().trim().min(1).max(100),
  country: JurisdictionCodeSchema,
  service: VictimServiceSchema,
  language: LanguageSchema,
};

export function useServiceProviderFilters() {
  return useUrlFilters(PROVIDER_FILTER_FIELDS);
}
