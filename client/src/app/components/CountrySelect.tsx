import type { ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { Select } from '../../ui';
import { useLabels } from '../labels';

/** Member states and partner organisations, grouped, in the reader's language. */
export function CountrySelect(props: Omit<ComponentProps<typeof Select>, 'options' | 'children'>) {
  const { t } = useTranslation('app');
  const labels = useLabels();
  return (
    <Select {...props}>
      <optgroup label={t('countries.memberStates')}>
        {labels.memberStateOptions.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </optgroup>
      <optgroup label={t('countries.partners')}>
        {labels.partnerOptions.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </optgroup>
    </Select>
  );
}
