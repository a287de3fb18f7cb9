import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { IdSchema } from '@serantau/shared';
import { isApiError } from '../../../lib/api';
import { EmptyState, ErrorState, LoadingState, Page } from '../../../ui';
import { useServiceProvider } from '../api';
import { ServiceProviderForm } from '../components/ServiceProviderForm';

/** `/service-providers/new` and `/service-providers/:id/edit`. */
export function ServiceProviderFormPage() {
  const { t } = useTranslation('service-providers');
  const { id } = useParams();
  const navigate = useNavigate();
  const editing = id !== undefined;
  const valid = !editing || IdSchema.safeParse(id).success;
  const existing = useServiceProvider(id ?? '', editing && valid);
  const back = <Link to={editing ? `/service-providers/${id}` : '/service-providers'}>{t('form.back')}</Link>;
  const title = editing ? t('form.editTitle') : t('form.newTitle');

  if (!valid || isApiError(existing.error, 'NOT_FOUND')) {
    return (
      <Page title={t('detail.notFoundTitle')} eyebrow={back}>
        <EmptyState title={t('detail.notFoundTitle')}>{t('detail.notFoundBody')}</EmptyState>
      </Page>
    );
  }

  return (
    <Page title={title} eyebrow={back} width="narrow">
      {editing && existing.isPending ? (
        <LoadingState />
      ) : editing && existing.isError ? (
        <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />
      ) : (
        <ServiceProviderForm
          // Remount when the loaded entry arrives so the form starts from it.
          key={existing.data?.id ?? 'new'}
          existing={existing.data ?? null}
          onSaved={(saved) => void navigate(`/service-providers/${saved.id}`, { replace: true })}
        />
      )}
    </Page>
  );
}
