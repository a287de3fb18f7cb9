import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  CitationOutcomeSchema,
  LegalTopicSchema,
  MemberStateCodeSchema,
  PRECEDENT_LIMITS,
  type LibraryItem,
} from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { useUrlFilters } from '../../../lib/useUrlFilters';
import { Button, Cluster, EmptyState, ErrorState, LoadingState, Page, Select, TextField } from '../../../ui';
import { useLibrary } from '../api';
import { Jurisdictions, TopicBadges } from '../components/QuestionBits';
import { usePrecedentLabels } from '../lib/vocabulary';
import '../precedents.css';

const FIELDS = {
  q: z.string().trim().min(1).max(PRECEDENT_LIMITS.queryMaxLength),
  jurisdiction: MemberStateCodeSchema,
  topic: LegalTopicSchema,
  court: z.string().trim().min(1).max(200),
  year: z.coerce.number().int().min(PRECEDENT_LIMITS.citationYearMin).max(2100),
  outcome: CitationOutcomeSchema,
};

/** `/precedents/library`: resolved questions and their accepted advice, searchable and filterable. */
export function LibraryPage() {
  const { t } = useTranslation('precedents');
  const labels = usePrecedentLabels();
  const { filters, setFilter, setFilters, clear, active } = useUrlFilters(FIELDS);
  const [text, setText] = useState(filters.q ?? '');
  const [year, setYear] = useState(filters.year ? String(filters.year) : '');
  const library = useLibrary(filters);
  const items = library.data?.pages.flatMap((page) => page.items) ?? [];
  // Courts come with the results; keep the chosen one selectable even when the page lists others.
  const courts = [
    ...new Set([...(library.data?.pages[0]?.courts ?? []), ...(filters.court ? [filters.court] : [])]),
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ q: text.trim() || undefined, year: /^\d{4}$/.test(year.trim()) ? year.trim() : undefined });
  };

  return (
    <Page
      title={t('library.title')}
      description={t('library.description')}
      eyebrow={<Link to="/precedents">{t('question.backToDesk')}</Link>}
      width="wide"
    >
      <form
        role="search"
        aria-label={t('library.searchLabel')}
        className="precedent-library-form"
        onSubmit={submit}
      >
        <TextField
          label={t('library.query')}
          hint={t('library.queryHint')}
          type="search"
          maxLength={PRECEDENT_LIMITS.queryMaxLength}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <div className="precedent-filters">
          <Select
            label={t('filters.jurisdiction')}
            value={filters.jurisdiction ?? ''}
            placeholder={t('filters.anyJurisdiction')}
            options={labels.memberStateOptions}
            onChange={(event) => setFilter('jurisdiction', event.target.value || undefined)}
          />
          <Select
            label={t('filters.topic')}
            value={filters.topic ?? ''}
            placeholder={t('filters.anyTopic')}
            options={labels.topicOptions}
            onChange={(event) => setFilter('topic', event.target.value || undefined)}
          />
          <Select
            label={t('filters.court')}
            value={filters.court ?? ''}
            placeholder={t('filters.anyCourt')}
            options={courts.map((court) => ({ value: court, label: court }))}
            onChange={(event) => setFilter('court', event.target.value || undefined)}
          />
          <TextField
            label={t('filters.year')}
            type="number"
            inputMode="numeric"
            min={PRECEDENT_LIMITS.citationYearMin}
            max={2100}
            value={year}
            onChange={(event) => setYear(event.target.value)}
            onBlur={() => setFilter('year', /^\d{4}$/.test(year.trim()) ? year.trim() : undefined)}
          />
          <Select
            label={t('filters.outcome')}
            value={filters.outcome ?? ''}
            placeholder={t('filters.anyOutcome')}
            options={labels.outcomeOptions}
            onChange={(event) => setFilter('outcome', event.target.value || undefined)}
          />
        </div>
        <Cluster>
          <Button type="submit" variant="primary">
            {t('library.search')}
          </Button>
          {active && (
            <Button
              variant="ghost"
              onClick={() => {
                clear();
                setText('');
                setYear('');
              }}
            >
              {t('filters.clear')}
            </Button>
          )}
        </Cluster>
      </form>

      <section aria-labelledby="library-results" className="ui-stack">
        <h2 id="library-results" className="ui-visually-hidden">
          {t('library.results')}
        </h2>
        {library.isPending ? (
          <LoadingState />
        ) : library.isError ? (
          <ErrorState error={library.error} onRetry={() => void library.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title={t('library.none')}>
            {active ? t('library.noneFiltered') : t('library.noneYet')}
          </EmptyState>
        ) : (
          <>
            <p role="status" className="ui-small ui-muted">
              {library.hasNextPage
                ? t('library.countMore', { count: items.length })
                : t('library.count', { count: items.length })}
            </p>
            <ol className="ui-list-reset precedent-list">
              {items.map((item) => (
                <LibraryEntry key={item.id} item={item} />
              ))}
            </ol>
            {library.hasNextPage && (
              <Cluster>
                <Button busy={library.isFetchingNextPage} onClick={() => void library.fetchNextPage()}>
                  {t('list.loadMore')}
                </Button>
              </Cluster>
            )}
          </>
        )}
      </section>
    </Page>
  );
}

function LibraryEntry({ item }: { item: LibraryItem }) {
  const { t } = useTranslation('precedents');
  const labels = usePrecedentLabels();
  const format = useFormat();
  return (
    <li className="precedent-item">
      <article aria-labelledby={`library-${item.id}`}>
        <h3 id={`library-${item.id}`} className="precedent-item__title">
          <Link to={`/precedents/questions/${item.id}`}>{item.title}</Link>
        </h3>
        {item.advice && (
          <p className="precedent-item__excerpt">
            <span className="precedent-item__label">{t('library.advice')}</span> {item.advice}
          </p>
        )}
        {item.citations.length > 0 && (
          <ul className="ui-list-reset precedent-library-citations ui-small">
            {item.citations.map((citation, index) => (
              <li key={`${citation.key}-${index}`}>
                <Link to={`/precedents/citations/${encodeURIComponent(citation.key)}`}>
                  <cite>{citation.caseName}</cite>
                </Link>{' '}
                · {citation.court} · {citation.year} · {labels.outcome(citation.outcome)}
              </li>
            ))}
          </ul>
        )}
        <TopicBadges topics={item.topics} />
        <p className="ui-small ui-muted precedent-item__meta">
          <Jurisdictions codes={item.jurisdictions} />
          {item.resolvedAt && (
            <>
              <span aria-hidden="true"> · </span>
              <span>
                {t('library.resolved')}{' '}
                <time dateTime={item.resolvedAt}>{format.dateTime(item.resolvedAt, 'date')}</time>
              </span>
            </>
          )}
        </p>
      </article>
    </li>
  );
}
