import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Jurisdiction } from '@serantau/shared';
import { useLabels } from '../../../app/labels';
import {
  Badge,
  Card,
  EmptyState,
  ErrorState,
  ExternalLink,
  LoadingState,
  Page,
  VisuallyHidden,
} from '../../../ui';
import { useJurisdictions } from '../api';
import { DirectoryNav } from '../components/DirectoryNav';

/** `/directory/jurisdictions`: each member state and partner with its agencies and contact points. */
export function JurisdictionsPage() {
  const { t } = useTranslation('directory');
  const jurisdictions = useJurisdictions();
  const items = jurisdictions.data?.items ?? [];
  const memberStates = items.filter((item) => item.kind === 'member_state');
  const partners = items.filter((item) => item.kind === 'partner');

  return (
    <Page title={t('jurisdictions.title')} description={t('jurisdictions.description')} width="wide">
      <DirectoryNav />
      {jurisdictions.isPending ? (
        <LoadingState />
      ) : jurisdictions.isError ? (
        <ErrorState error={jurisdictions.error} onRetry={() => void jurisdictions.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t('jurisdictions.empty')} />
      ) : (
        <>
          <JurisdictionGroup heading={t('jurisdictions.memberStates')} items={memberStates} />
          {partners.length > 0 && (
            <JurisdictionGroup heading={t('jurisdictions.partners')} items={partners} />
          )}
        </>
      )}
    </Page>
  );
}

function JurisdictionGroup({ heading, items }: { heading: string; items: Jurisdiction[] }) {
  return (
    <section className="ui-stack" aria-label={heading}>
      <h2>{heading}</h2>
      <div className="jurisdiction-grid">
        {items.map((item) => (
          <JurisdictionCard key={item.code} jurisdiction={item} />
        ))}
      </div>
    </section>
  );
}

function JurisdictionCard({ jurisdiction }: { jurisdiction: Jurisdiction }) {
  const { t } = useTranslation('directory');
  const labels = useLabels();
  const name = labels.locale === 'ms' ? jurisdiction.nameMs : jurisdiction.name;
  const headingId = `jurisdiction-${jurisdiction.code}`;
  return (
    <Card
      as="article"
      level={3}
      title={name}
      labelledBy={headingId}
      actions={<Badge>{t('jurisdictions.memberCount', { count: jurisdiction.memberCount })}</Badge>}
    >
      <div>
        <h4 className="jurisdiction__subheading">{t('jurisdictions.agencies')}</h4>
        {jurisdiction.agencies.length === 0 ? (
          <p className="ui-muted ui-small">{t('jurisdictions.noAgencies')}</p>
        ) : (
          <ul className="jurisdiction__list">
            {jurisdiction.agencies.map((agency) => (
              <li key={agency.id}>
                <span className="jurisdiction__agency">{agency.name}</span>
                {agency.unit && <span className="ui-muted"> — {agency.unit}</span>}
                <span className="ui-small ui-muted"> · {t(`agencyKinds.${agency.kind}`)}</span>
                {agency.website && (
                  <>
                    {' · '}
                    <ExternalLink href={agency.website}>
                      {t('jurisdictions.website')}
                      <VisuallyHidden> {agency.name}</VisuallyHidden>
                    </ExternalLink>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h4 className="jurisdiction__subheading">{t('jurisdictions.contactPoints')}</h4>
        {jurisdiction.contactPoints.length === 0 ? (
          <p className="ui-muted ui-small">{t('jurisdictions.noContactPoints')}</p>
        ) : (
          <ul className="jurisdiction__list">
            {jurisdiction.contactPoints.map((person) => (
              <li key={person.id}>
                <Link to={`/directory/members/${person.id}`}>{person.displayName}</Link>
                {person.contactPoint && <span className="ui-small"> — {person.contactPoint}</span>}
                {person.agencyName && <span className="ui-small ui-muted"> · {person.agencyName}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
