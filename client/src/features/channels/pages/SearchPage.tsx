import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { IdSchema, JurisdictionCodeSchema, type SearchQuery } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
import { useUrlFilters } from '../../../lib/useUrlFilters';
import {
  Badge,
  Button,
  Cluster,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
  Select,
  TextField,
} from '../../../ui';
import { useChannels, usePeopleSearch, useSearch } from '../api';
import { Highlighted } from '../components/Highlighted';
import { threadHref } from '../lib/links';

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const FIELDS = {
  q: z.string().trim().min(2).max(200),
  channel: IdSchema,
  country: JurisdictionCodeSchema,
  author: IdSchema,
  authorName: z.string().max(80),
  from: DateSchema,
  to: DateSchema,
};

/** `/channels/search`: full-text search over what I can read, with filters kept in the URL. */
export function SearchPage() {
  const { t } = useTranslation('channels');
  const labels = useLabels();
  const format = useFormat();
  const { filters, setFilters, clear } = useUrlFilters(FIELDS);
  const [text, setText] = useState(filters.q ?? '');
  const [authorQuery, setAuthorQuery] = useState('');
  const channels = useChannels('all');
  const people = usePeopleSearch(authorQuery.trim(), authorQuery.trim().length >= 2);

  const query: SearchQuery | null = filters.q
    ? {
        q: filters.q,
        ...(filters.channel ? { containerType: 'channel' as const, containerId: filters.channel } : {}),
        ...(filters.country ? { country: filters.country } : {}),
        ...(filters.author ? { authorId: filters.author } : {}),
        ...(filters.from ? { from: new Date(`${filters.from}T00:00:00`).toISOString() } : {}),
        ...(filters.to ? { to: new Date(`${filters.to}T23:59:59`).toISOString() } : {}),
      }
    : null;
  const results = useSearch(query);

  function submit(event: FormEvent): void {
    event.preventDefault();
    setFilters({ q: text.trim() || undefined });
  }

  return (
    <Page title={t('search.title')} description={t('search.description')} width="wide">
      <form role="search" className="search-form" onSubmit={submit} aria-label={t('search.title')}>
        <TextField
          label={t('search.query')}
          hint={t('search.queryHint')}
          value={text}
          minLength={2}
          maxLength={200}
          onChange={(event) => setText(event.target.value)}
        />
        <div className="search-form__filters">
          <Select
            label={t('search.channel')}
            value={filters.channel ?? ''}
            placeholder={t('search.anyChannel')}
            options={(channels.data?.items ?? [])
              .filter((channel) => channel.me.canRead)
              .map((channel) => ({ value: channel.id, label: channel.name }))}
            onChange={(event) => setFilters({ channel: event.target.value || undefined })}
          />
          <Select
            label={t('search.country')}
            value={filters.country ?? ''}
            placeholder={t('search.anyCountry')}
            options={[...labels.memberStateOptions, ...labels.partnerOptions]}
            onChange={(event) => setFilters({ country: event.target.value || undefined })}
          />
          <div>
            {filters.author ? (
              <p className="ui-small">
                {t('search.byAuthor', { name: filters.authorName ?? '' })}{' '}
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => setFilters({ author: undefined, authorName: undefined })}
                >
                  {t('search.clearAuthor')}
                </Button>
              </p>
            ) : (
              <>
                <TextField
                  label={t('search.author')}
                  value={authorQuery}
                  onChange={(event) => setAuthorQuery(event.target.value)}
                />
                {(people.data?.items.length ?? 0) > 0 && authorQuery.trim().length >= 2 && (
                  <ul className="ui-list-reset author-options" aria-label={t('search.authorOptions')}>
                    {people.data?.items.map((person) => (
                      <li key={person.id}>
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => {
                            setFilters({ author: person.id, authorName: person.displayName });
                            setAuthorQuery('');
                          }}
                        >
                          {person.displayName} · {labels.country(person.country)}
                        </Button>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </div>
          <TextField
            label={t('search.from')}
            type="date"
            value={filters.from ?? ''}
            onChange={(event) => setFilters({ from: event.target.value || undefined })}
          />
          <TextField
            label={t('search.to')}
            type="date"
            value={filters.to ?? ''}
            onChange={(event) => setFilters({ to: event.target.value || undefined })}
          />
        </div>
        <Cluster>
          <Button type="submit" variant="primary">
            {t('search.submit')}
          </Button>
          <Button
            variant="ghost"
            onClick={() => {
              clear();
              setText('');
            }}
          >
            {t('search.clear')}
          </Button>
        </Cluster>
      </form>
      <section aria-labelledby="search-results" className="ui-stack">
        <h2 id="search-results" className="ui-visually-hidden">
          {t('search.results')}
        </h2>
        {!query ? null : results.isPending ? (
          <LoadingState label={t('search.searching')} />
        ) : results.isError ? (
          <ErrorState error={results.error} onRetry={() => void results.refetch()} />
        ) : results.data.items.length === 0 ? (
          <EmptyState title={t('search.noneTitle')}>{t('search.none')}</EmptyState>
        ) : (
          <>
            <p role="status" className="ui-small ui-muted">
              {t('search.count', { count: results.data.items.length })}
            </p>
            <ol className="ui-list-reset search-results">
              {results.data.items.map((hit) => (
                <li key={`${hit.kind}-${hit.messageId ?? hit.threadId}`} className="search-hit">
                  <Link to={threadHref(hit.container, hit.threadId, hit.seq)} className="search-hit__title">
                    <Highlighted value={hit.threadTitle} />
                  </Link>
                  <Cluster className="ui-small ui-muted">
                    <Badge>{hit.kind === 'thread' ? t('search.kindThread') : t('search.kindMessage')}</Badge>
                    <span>{hit.containerName}</span>
                    <span>{hit.author.displayName}</span>
                    <time dateTime={hit.createdAt}>{format.dateTime(hit.createdAt, 'date')}</time>
                  </Cluster>
                  {hit.snippet.text && (
                    <p className="search-hit__snippet">
                      <Highlighted value={hit.snippet} />
                    </p>
                  )}
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
    </Page>
  );
}
