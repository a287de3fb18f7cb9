import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ServiceProvider } from '@serantau/shared';
import { useLabels } from '../../../app/labels';
import {
  Badge,
  Button,
  ButtonLink,
  Cluster,
  DataTable,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
  Select,
  TextField,
  type Column,
} from '../../../ui';
import { useServiceProviders } from '../api';
import { useServiceOptions } from '../components/ServiceLabels';
import { useCanEditProviders } from '../hooks/useCanEditProviders';
import { useServiceProviderFilters } from '../hooks/useServiceProviderFilters';

/** `/service-providers`: shelters, legal aid, medical care… that can receive and support victims. */
export function ServiceProvidersPage() {
  const { t } = useTranslation('service-providers');
  const labels = useLabels();
  const serviceOptions = useServiceOptions();
  const canEdit = useCanEditProviders();
  const { filters, setFilter, clear, active } = useServiceProviderFilters();
  const providers = useServiceProviders(filters);
  const [text, setText] = useState(filters.q ?? '');
  const items = providers.data?.items ?? [];

  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', text.trim() || undefined);
  };

  const columns: Column<ServiceProvider>[] = [
    {
      key: 'name',
      header: t('list.name'),
      rowHeader: true,
      render: (provider) => <Link to={`/service-providers/${provider.id}`}>{provider.name}</Link>,
    },
    { key: 'country', header: t('list.country'), render: (provider) => labels.country(provider.country) },
    {
      key: 'services',
      header: t('list.services'),
      render: (provider) => (
        <Cluster>
          {provider.services.map((service) => (
            <Badge key={service}>{t(`services.${service}`)}</Badge>
          ))}
        </Cluster>
      ),
    },
    {
      key: 'languages',
      header: t('list.languages'),
      render: (provider) => provider.languages.map(labels.language).join(', ') || '—',
    },
    {
      key: 'verified',
      header: t('list.verified'),
      render: (provider) =>
        provider.verifiedAt ? (
          <Badge tone="success">{t('list.verifiedYes')}</Badge>
        ) : (
          <Badge>{t('list.verifiedNo')}</Badge>
        ),
    },
  ];

  return (
    <Page
      title={t('list.title')}
      description={t('list.description')}
      width="wide"
      actions={
        canEdit && (
          <ButtonLink to="/service-providers/new" variant="primary">
            {t('list.add')}
          </ButtonLink>
        )
      }
    >
      <form className="filters" role="search" aria-label={t('filters.label')} onSubmit={search}>
        <div className="filters__search">
          <TextField
            label={t('filters.search')}
            hint={t('filters.searchHint')}
            type="search"
            value={text}
            maxLength={100}
            onChange={(event) => setText(event.target.value)}
          />
          <Button type="submit" variant="primary">
            {t('filters.submit')}
          </Button>
        </div>
        <div className="filters__grid">
          <Select
            label={t('filters.country')}
            placeholder={t('filters.anyCountry')}
            value={filters.country ?? ''}
            onChange={(event) => setFilter('country', event.target.value || undefined)}
            options={labels.memberStateOptions}
          />
          <Select
            label={t('filters.service')}
            placeholder={t('filters.anyService')}
            value={filters.service ?? ''}
            onChange={(event) => setFilter('service', event.target.value || undefined)}
            options={serviceOptions}
          />
          <Select
            label={t('filters.language')}
            placeholder={t('filters.anyLanguage')}
            value={filters.language ?? ''}
            onChange={(event) => setFilter('language', event.target.value || undefined)}
            options={labels.languageOptions}
          />
        </div>
        {active && (
          <div className="filters__footer">
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
          </div>
        )}
      </form>
      <p role="status" className="ui-muted ui-small">
        {providers.isSuccess && items.length > 0 ? t('list.count', { count: items.length }) : ''}
      </p>
      {providers.isPending ? (
        <LoadingState />
      ) : providers.isError ? (
        <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          title={t('list.emptyTitle')}
          action={
            canEdit &&
            !active && (
              <ButtonLink to="/service-providers/new" variant="primary">
                {t('list.add')}
              </ButtonLink>
            )
          }
        >
          {active ? t('list.emptyFiltered') : t('list.emptyAll')}
        </EmptyState>
      ) : (
        <DataTable
          caption={t('list.caption')}
          hideCaption
          columns={columns}
          rows={items}
          rowKey={(row) => row.id}
        />
      )}
    </Page>
  );
}
