import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CountrySelect } from '../../../app/components/CountrySelect';
import { useLabels } from '../../../app/labels';
import { Button, Checkbox, Select, TextField } from '../../../ui';
import { useAgencies } from '../api';
import type { useMemberFilters } from '../hooks/useMemberFilters';

type FilterState = ReturnType<typeof useMemberFilters>;

/** Search box (applied on submit) and filters (applied on change). */
export function MemberFiltersForm({ filters, setFilter, clear, active }: FilterState) {
  const { t } = useTranslation('directory');
  const labels = useLabels();
  const agencies = useAgencies(filters.country, filters.country !== undefined);
  const [text, setText] = useState(filters.q ?? '');

  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', text.trim() || undefined);
  };

  return (
    <form className="filters" role="search" aria-label={t('filters.label')} onSubmit={search}>
      <div className="filters__search">
        <TextField
          label={t('filters.search')}
          hint={t('filters.searchHint')}
          type="search"
          name="q"
          value={text}
          maxLength={100}
          onChange={(event) => setText(event.target.value)}
        />
        <Button type="submit" variant="primary">
          {t('filters.submit')}
        </Button>
      </div>
      <div className="filters__grid">
        <CountrySelect
          label={t('filters.country')}
          placeholder={t('filters.anyCountry')}
          value={filters.country ?? ''}
          onChange={(event) => setFilter('country', event.target.value || undefined)}
        />
        <Select
          label={t('filters.agency')}
          placeholder={filters.country ? t('filters.anyAgency') : t('filters.agencyHint')}
          value={filters.agencyId ?? ''}
          disabled={!filters.country || agencies.isPending}
          onChange={(event) => setFilter('agencyId', event.target.value || undefined)}
          options={(agencies.data?.items ?? []).map((agency) => ({ value: agency.id, label: agency.name }))}
        />
        <Select
          label={t('filters.expertise')}
          placeholder={t('filters.anyExpertise')}
          value={filters.expertise ?? ''}
          onChange={(event) => setFilter('expertise', event.target.value || undefined)}
          options={labels.topicOptions}
        />
        <Select
          label={t('filters.language')}
          placeholder={t('filters.anyLanguage')}
          value={filters.language ?? ''}
          onChange={(event) => setFilter('language', event.target.value || undefined)}
          options={labels.languageOptions}
        />
        <Select
          label={t('filters.role')}
          placeholder={t('filters.anyRole')}
          value={filters.role ?? ''}
          onChange={(event) => setFilter('role', event.target.value || undefined)}
          options={labels.roleOptions}
        />
      </div>
      <div className="filters__footer">
        <Checkbox
          label={t('filters.contactPointsOnly')}
          checked={filters.contactPointsOnly === 'true'}
          onChange={(event) => setFilter('contactPointsOnly', event.target.checked ? 'true' : undefined)}
        />
        {active && (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              setText('');
              clear();
            }}
          >
            {t('filters.clear')}
          </Button>
        )}
      </div>
    </form>
  );
}
