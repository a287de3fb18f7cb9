import { useTranslation } from 'react-i18next';
import { HANDLING_CODES, type HandlingInput, type JurisdictionCode } from '@serantau/shared';
import { CheckboxGroup, Select } from '../../../ui';
import { useAgencies } from '../../directory/api';
import { useTeam } from '../api';

/**
 * Chooses a handling code: which agencies of participating countries may receive the item, or which
 * team members the originator permits to pass it on.
 */
export function HandlingFields({
  caseId,
  countries,
  value,
  onChange,
}: {
  caseId: string;
  countries: readonly JurisdictionCode[];
  value: HandlingInput;
  onChange: (next: HandlingInput) => void;
}) {
  const { t } = useTranslation('cases');
  const agencies = useAgencies(undefined, value.code === 'participating_agencies');
  const team = useTeam(caseId, value.code === 'originator_permission');
  const agencyOptions = (agencies.data?.items ?? [])
    .filter((agency) => countries.includes(agency.country))
    .map((agency) => ({ value: agency.id, label: `${agency.name} (${agency.country})` }));
  const memberOptions = (team.data?.items ?? []).map((member) => ({
    value: member.userId,
    label: member.displayName,
  }));
  return (
    <div className="ui-stack">
      <Select
        label={t('handling.label')}
        hint={t(`handling.hints.${value.code}`)}
        value={value.code}
        options={HANDLING_CODES.map((code) => ({ value: code, label: t(`handling.codes.${code}`) }))}
        onChange={(event) => onChange({ ...value, code: event.target.value as HandlingInput['code'] })}
      />
      {value.code === 'participating_agencies' && (
        <CheckboxGroup
          legend={t('handling.agencies')}
          options={agencyOptions}
          value={value.agencyIds}
          onChange={(agencyIds) => onChange({ ...value, agencyIds })}
        />
      )}
      {value.code === 'originator_permission' && memberOptions.length > 0 && (
        <CheckboxGroup
          legend={t('handling.permitted')}
          options={memberOptions}
          value={value.permittedUserIds}
          onChange={(permittedUserIds) => onChange({ ...value, permittedUserIds })}
        />
      )}
    </div>
  );
}
