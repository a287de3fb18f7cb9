import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { IdSchema } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
import { isApiError } from '../../../lib/api';
import {
  Badge,
  Banner,
  Button,
  ButtonLink,
  Card,
  Cluster,
  ConfirmDialog,
  DescriptionList,
  EmptyState,
  ErrorState,
  ExternalLink,
  LoadingState,
  Page,
  errorMessage,
  useToast,
} from '../../../ui';
import { useDeleteServiceProvider, useServiceProvider } from '../api';
import { useCanEditProviders } from '../hooks/useCanEditProviders';

/** `/service-providers/:id`: everything needed to refer a victim to this provider. */
export function ServiceProviderPage() {
  const { t } = useTranslation('service-providers');
  const { id = '' } = useParams();
  const valid = IdSchema.safeParse(id).success;
  const provider = useServiceProvider(id, valid);
  const remove = useDeleteServiceProvider();
  const canEdit = useCanEditProviders();
  const labels = useLabels();
  const format = useFormat();
  const toast = useToast();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const back = <Link to="/service-providers">{t('detail.back')}</Link>;

  if (!valid || isApiError(provider.error, 'NOT_FOUND')) {
    return (
      <Page title={t('detail.notFoundTitle')} eyebrow={back}>
        <EmptyState title={t('detail.notFoundTitle')}>{t('detail.notFoundBody')}</EmptyState>
      </Page>
    );
  }
  if (provider.isPending || provider.isError) {
    return (
      <Page title={t('detail.loadingTitle')} eyebrow={back}>
        {provider.isError ? (
          <ErrorState error={provider.error} onRetry={() => void provider.refetch()} />
        ) : (
          <LoadingState />
        )}
      </Page>
    );
  }

  const entry = provider.data;
  const confirmDelete = () =>
    remove.mutate(entry.id, {
      onSuccess: () => {
        toast.show(t('detail.deleted', { name: entry.name }));
        void navigate('/service-providers', { replace: true });
      },
    });

  return (
    <Page
      title={entry.name}
      eyebrow={back}
      width="narrow"
      actions={
        canEdit && (
          <>
            <ButtonLink to={`/service-providers/${entry.id}/edit`}>{t('detail.edit')}</ButtonLink>
            <Button variant="danger" onClick={() => setConfirming(true)}>
              {t('detail.delete')}
            </Button>
          </>
        )
      }
    >
      <Cluster>
        <Badge tone="info">{labels.country(entry.country)}</Badge>
        {entry.verifiedAt ? (
          <Badge tone="success">{t('list.verifiedYes')}</Badge>
        ) : (
          <Badge tone="warning">{t('detail.unverified')}</Badge>
        )}
      </Cluster>
      <Card title={t('detail.servicesHeading')} labelledBy="provider-services">
        <Cluster>
          {entry.services.map((service) => (
            <Badge key={service}>{t(`services.${service}`)}</Badge>
          ))}
        </Cluster>
        <p>
          <span className="ui-muted">{t('detail.languages')}: </span>
          {entry.languages.map(labels.language).join(', ') || t('detail.none')}
        </p>
      </Card>
      <Card title={t('detail.contactHeading')} labelledBy="provider-contact">
        <DescriptionList
          items={[
            {
              term: t('form.phone'),
              description: entry.contact.phone ? (
                <ExternalLink href={`tel:${entry.contact.phone.replace(/[^+0-9]/g, '')}`}>
                  {entry.contact.phone}
                </ExternalLink>
              ) : (
                t('detail.none')
              ),
            },
            {
              term: t('form.email'),
              description: entry.contact.email ? (
                <ExternalLink href={`mailto:${entry.contact.email}`}>{entry.contact.email}</ExternalLink>
              ) : (
                t('detail.none')
              ),
            },
            {
              term: t('form.website'),
              description: entry.contact.website ? (
                <ExternalLink href={entry.contact.website} />
              ) : (
                t('detail.none')
              ),
            },
            { term: t('form.address'), description: entry.contact.address ?? t('detail.none') },
          ]}
        />
      </Card>
      {entry.notes && (
        <Card title={t('detail.notesHeading')} labelledBy="provider-notes">
          <p className="preserve-lines">{entry.notes}</p>
        </Card>
      )}
      <p className="ui-small ui-muted">
        {entry.verifiedAt
          ? t('detail.verifiedBy', {
              by: entry.verifiedBy ?? t('detail.unknownVerifier'),
              date: format.dateTime(entry.verifiedAt, 'date'),
            })
          : t('detail.neverVerified')}{' '}
        {t('detail.updated', { date: format.dateTime(entry.updatedAt) })}
      </p>
      <ConfirmDialog
        open={confirming}
        title={t('detail.deleteTitle')}
        message={t('detail.deleteMessage', { name: entry.name })}
        confirmLabel={t('detail.deleteConfirm')}
        busy={remove.isPending}
        error={remove.isError && <Banner tone="danger">{errorMessage(t, remove.error)}</Banner>}
        onConfirm={confirmDelete}
        onCancel={() => {
          setConfirming(false);
          remove.reset();
        }}
      />
    </Page>
  );
}
