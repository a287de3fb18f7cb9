import { useTranslation } from 'react-i18next';
import type { JurisdictionCode } from '@serantau/shared';
import { Select } from '../../../ui';
import { useAgencies } from '../../directory/api';

/** Agencies of one country; disabled until a country is chosen. */
export function AgencySelect({
  country,
  value,
  onChange,
  error,
}: {
  country: JurisdictionCode | '';
  value: string;
  onChange: (agencyId: string) => void;
  error?: string;
}) {
  const { t } = useTranslation('admin');
  const agencies = useAgencies(country || undefined, country !== '');
  return (
    <Select
      label={t('fields.agency')}
      placeholder={country ? t('fields.noAgency') : t('fields.agencyHint')}
      value={value}
      disabled={!country || agencies.isPending}
      onChange={(event) => onChange(event.target.value)}
      options={(agencies.data?.items ?? []).map((agency) => ({ value: agency.id, label: agency.name }))}
      error={error ?? (agencies.isError ? t('fields.agenciesFailed') : undefined)}
    />
  );
}
