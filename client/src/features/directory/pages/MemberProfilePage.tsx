import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { IdSchema } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
import { isApiError } from '../../../lib/api';
import {
  Badge,
  Card,
  Cluster,
  DescriptionList,
  EmptyState,
  ErrorState,
  ExternalLink,
  LoadingState,
  Page,
} from '../../../ui';
import { useMember } from '../api';

/** `/directory/members/:id`: one member's profile and how to reach them. */
export function MemberProfilePage() {
  const { t } = useTranslation('directory');
  const { id = '' } = useParams();
  const valid = IdSchema.safeParse(id).success;
  const member = useMember(id);
  const labels = useLabels();
  const format = useFormat();
  const back = <Link to="/directory">{t('profile.back')}</Link>;

  if (!valid || isApiError(member.error, 'NOT_FOUND')) {
    return (
      <Page title={t('profile.notFoundTitle')} eyebrow={back}>
        <EmptyState title={t('profile.notFoundTitle')}>{t('profile.notFoundBody')}</EmptyState>
      </Page>
    );
  }
  if (member.isPending) {
    return (
      <Page title={t('profile.loadingTitle')} eyebrow={back}>
        <LoadingState />
      </Page>
    );
  }
  if (member.isError) {
    return (
      <Page title={t('profile.loadingTitle')} eyebrow={back}>
        <ErrorState error={member.error} onRetry={() => void member.refetch()} />
      </Page>
    );
  }

  const profile = member.data;
  return (
    <Page title={profile.displayName} description={profile.title || undefined} eyebrow={back} width="narrow">
      <Cluster>
        <Badge tone="info">{labels.country(profile.country)}</Badge>
        <Badge>{labels.role(profile.role)}</Badge>
        {profile.contactPoint && <Badge tone="success">{t('contactPoint')}</Badge>}
        {profile.status === 'suspended' && <Badge tone="danger">{t('profile.suspended')}</Badge>}
      </Cluster>
      <Card title={t('profile.details')} labelledBy="profile-details">
        <DescriptionList
          items={[
            {
              term: t('profile.email'),
              description: <ExternalLink href={`mailto:${profile.email}`}>{profile.email}</ExternalLink>,
            },
            { term: t('profile.country'), description: labels.country(profile.country) },
            { term: t('profile.agency'), description: profile.agencyName ?? t('profile.none') },
            { term: t('profile.contactPointRole'), description: profile.contactPoint ?? t('profile.none') },
            {
              term: t('profile.languages'),
              description: profile.languages.length
                ? profile.languages.map(labels.language).join(', ')
                : t('profile.none'),
            },
            {
              term: t('profile.expertise'),
              description: profile.expertise.length ? (
                <Cluster>
                  {profile.expertise.map((topic) => (
                    <Badge key={topic}>{labels.topic(topic)}</Badge>
                  ))}
                </Cluster>
              ) : (
                t('profile.none')
              ),
            },
            { term: t('profile.memberSince'), description: format.dateTime(profile.createdAt, 'date') },
          ]}
        />
      </Card>
    </Page>
  );
}
