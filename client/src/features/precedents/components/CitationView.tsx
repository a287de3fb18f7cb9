import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Citation } from '@serantau/shared';
import { excerptHref } from '../api';
import { usePrecedentLabels } from '../lib/vocabulary';

/** Only http and https links to a judgment are ever made clickable. */
export function judgmentHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** One structured citation: the decision, where it comes from, what it decided, and its sources. */
export function CitationView({ citation }: { citation: Citation }) {
  const { t } = useTranslation('precedents');
  const labels = usePrecedentLabels();
  const href = judgmentHref(citation.url);
  return (
    <div className="precedent-citation">
      <p className="precedent-citation__name">
        <cite>{citation.caseName}</cite>{' '}
        <span className="precedent-citation__reference">{citation.reference}</span>
      </p>
      <p className="ui-small">
        {citation.court} · {labels.citationJurisdiction(citation.jurisdiction)} · {citation.year} ·{' '}
        <strong>{labels.outcome(citation.outcome)}</strong>
      </p>
      {citation.provision && (
        <p className="ui-small">
          {t('citation.provision')}: {citation.provision}
        </p>
      )}
      <ul className="ui-list-reset precedent-citation__links ui-small">
        {href && (
          <li>
            <a href={href} target="_blank" rel="noopener noreferrer">
              {t('citation.link')}
              <span className="ui-visually-hidden"> ({t('citation.newTab')})</span>
            </a>
          </li>
        )}
        {citation.attachment && (
          <li>
            <a href={excerptHref(citation.attachment.id)} download={citation.attachment.filename}>
              {t('citation.excerpt', {
                name: citation.attachment.filename,
                size: Math.max(1, Math.round(citation.attachment.size / 1024)),
              })}
            </a>
          </li>
        )}
        <li>
          <Link to={`/precedents/citations/${encodeURIComponent(citation.key)}`}>
            {t('citation.whereCited')}
          </Link>
        </li>
      </ul>
    </div>
  );
}

export function CitationList({ citations }: { citations: readonly Citation[] }) {
  const { t } = useTranslation('precedents');
  if (citations.length === 0) return null;
  return (
    <section className="precedent-citations" aria-label={t('citation.listLabel')}>
      <ol className="ui-list-reset ui-stack">
        {citations.map((citation, index) => (
          <li key={`${citation.key}-${index}`}>
            <CitationView citation={citation} />
          </li>
        ))}
      </ol>
    </section>
  );
}
