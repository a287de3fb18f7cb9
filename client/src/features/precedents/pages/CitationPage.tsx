import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/format';
import { isApiError } from '../../../lib/api';
import {
  Badge,
  Card,
  Cluster,
  DescriptionList,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
} from '../../../ui';
import { useCitation } from '../api';
import { StatusBadge } from '../components/QuestionBits';
import { usePrecedentLabels } from '../lib/vocabulary';
import '../precedents.css';

/** `/precedents/citations/:key`: one decision, and every question in the network where it was cited. */
export function CitationPage() {
  const { t } = useTranslation('precedents');
  const labels = usePrecedentLabels();
  const format = useFormat();
  const { key = '' } = useParams();
  const page = useCitation(key);
  const back = <Link to="/precedents/library">{t('citation.backToLibrary')}</Link>;
  if (page.isPending) return <LoadingState />;
  if (page.isError) {
    return (
      <Page title={t('citation.unavailableTitle')} eyebrow={back}>
        {isApiError(page.error, 'NOT_FOUND') || isApiError(page.error, 'VALIDATION_FAILED') ? (
          <EmptyState title={t('citation.unavailable')} />
        ) : (
          <ErrorState error={page.error} onRetry={() => void page.refetch()} />
        )}
      </Page>
    );
  }
  const { citation, usages } = page.data;
  return (
    <Page title={citation.caseName} description={citation.reference} eyebrow={back} width="wide">
      <Card title={t('citation.decision')} labelledBy="citation-decision">
        <DescriptionList
          items={[
            { term: t('citation.caseName'), description: <cite>{citation.caseName}</cite> },
            { term: t('citation.court'), description: citation.court },
            {
              term: t('citation.jurisdiction'),
              description: labels.citationJurisdiction(citation.jurisdiction),
            },
            { term: t('citation.year'), description: citation.year },
            { term: t('citation.reference'), description: citation.reference },
            { term: t('citation.outcome'), description: labels.outcome(citation.outcome) },
            ...(citation.provision
              ? [{ term: t('citation.provision'), description: citation.provision }]
              : []),
          ]}
        />
      </Card>
      <Card
        title={t('citation.usagesHeading')}
        description={t('citation.usagesDescription')}
        labelledBy="citation-usages"
      >
        {usages.length === 0 ? (
          <EmptyState title={t('citation.noUsages')} />
        ) : (
          <ol className="ui-list-reset ui-stack">
            {usages.map((usage) => (
              <li key={usage.answerId} className="precedent-usage">
                <Link to={`/precedents/questions/${usage.questionId}`}>{usage.questionTitle}</Link>
                <Cluster className="ui-small ui-muted">
                  <StatusBadge status={usage.questionStatus} />
                  {usage.accepted && <Badge tone="success">{t('citation.inAcceptedAnswer')}</Badge>}
                  <span>
                    {t('citation.citedBy', {
                      name: usage.answeredBy.displayName,
                      country: labels.country(usage.answeredBy.country),
                    })}
                  </span>
                  <time dateTime={usage.citedAt}>{format.dateTime(usage.citedAt, 'date')}</time>
                </Cluster>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </Page>
  );
}
