import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import {
  Badge,
  Banner,
  Button,
  DataTable,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
  TextField,
  errorMessage,
  type Column,
} from '../../../ui';
import { useAuditLog, useVerifyAudit } from '../api';
import { useAuditFilters } from '../hooks/filters';

/** `/admin/audit`: the append-only, hash-chained record of who did what. */
export function AuditPage() {
  const { t } = useTranslation('admin');
  const format = useFormat();
  const { filters, setFilters, clear, active } = useAuditFilters();
  const log = useAuditLog(filters);
  const verify = useVerifyAudit();
  const [draft, setDraft] = useState({ action: filters.action ?? '', targetType: filters.targetType ?? '' });
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];

  const applyFilters = (event: FormEvent) => {
    event.preventDefault();
    setFilters({
      action: draft.action.trim() || undefined,
      targetType: draft.targetType.trim() || undefined,
    });
  };

  const columns: Column<AuditEntry>[] = [
    { key: 'seq', header: t('audit.seq'), render: (entry) => <code>{entry.seq}</code> },
    {
      key: 'at',
      header: t('audit.at'),
      rowHeader: true,
      render: (entry) => <time dateTime={entry.at}>{format.dateTime(entry.at, 'precise')}</time>,
    },
    { key: 'actor', header: t('audit.actor'), render: (entry) => entry.actorName ?? t('audit.system') },
    { key: 'action', header: t('audit.action'), render: (entry) => <code>{entry.action}</code> },
    {
      key: 'target',
      header: t('audit.target'),
      render: (entry) => (
        <>
          {entry.targetType}
          {entry.targetId && <code className="audit__id"> {entry.targetId}</code>}
        </>
      ),
    },
    {
      key: 'outcome',
      header: t('audit.outcome'),
      render: (entry) => (
        <Badge tone={entry.outcome === 'allowed' ? 'success' : 'danger'}>
          {t(`audit.outcomes.${entry.outcome}`)}
        </Badge>
      ),
    },
    { key: 'ip', header: t('audit.ip'), render: (entry) => (entry.ip ? <code>{entry.ip}</code> : '—') },
    {
      key: 'details',
      header: t('audit.details'),
      render: (entry) =>
        Object.keys(entry.details).length === 0 ? (
          '—'
        ) : (
          <details>
            <summary>{t('audit.showDetails')}</summary>
            {/* Rendered as text: React escapes it, nothing in an audit entry can become markup. */}
            <pre className="audit__details">{JSON.stringify(entry.details, null, 2)}</pre>
          </details>
        ),
    },
  ];

  return (
    <Page
      title={t('audit.title')}
      description={t('audit.description')}
      width="wide"
      actions={
        <Button variant="primary" busy={verify.isPending} onClick={() => verify.mutate()}>
          {t('audit.verify')}
        </Button>
      }
    >
      {verify.isError && <Banner tone="danger">{errorMessage(t, verify.error)}</Banner>}
      {verify.data &&
        (verify.data.ok ? (
          <Banner tone="success" title={t('audit.verifiedTitle')} onDismiss={() => verify.reset()}>
            {t('audit.verifiedBody', { count: verify.data.checked })}
          </Banner>
        ) : (
          <Banner tone="danger" title={t('audit.brokenTitle')} onDismiss={() => verify.reset()}>
            <p>
              {verify.data.firstBrokenSeq !== null
                ? t('audit.brokenAt', { seq: verify.data.firstBrokenSeq, count: verify.data.checked })
                : t('audit.brokenUnknown', { count: verify.data.checked })}
            </p>
            {verify.data.reason && <p className="ui-small">{verify.data.reason}</p>}
          </Banner>
        ))}
      <form className="filters" role="search" aria-label={t('audit.filtersLabel')} onSubmit={applyFilters}>
        <div className="filters__grid">
          <TextField
            label={t('audit.action')}
            hint={t('audit.actionHint')}
            value={draft.action}
            maxLength={80}
            onChange={(event) => setDraft((current) => ({ ...current, action: event.target.value }))}
          />
          <TextField
            label={t('audit.targetType')}
            hint={t('audit.targetTypeHint')}
            value={draft.targetType}
            maxLength={40}
            onChange={(event) => setDraft((current) => ({ ...current, targetType: event.target.value }))}
          />
        </div>
        <div className="filters__footer">
          <Button type="submit" variant="primary">
            {t('audit.applyFilters')}
          </Button>
          {active && (
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setDraft({ action: '', targetType: '' });
                clear();
              }}
            >
              {t('audit.clearFilters')}
            </Button>
          )}
        </div>
      </form>
      {log.isPending ? (
        <LoadingState />
      ) : log.isError && entries.length === 0 ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState title={t('audit.empty')} />
      ) : (
        <>
          <DataTable
            caption={t('audit.caption')}
            hideCaption
            columns={columns}
            rows={entries}
            rowKey={(row) => String(row.seq)}
          />
          {log.isFetchNextPageError && <ErrorState error={log.error} />}
          {log.hasNextPage ? (
            <div className="load-more">
              <Button busy={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                {t('audit.loadOlder')}
              </Button>
            </div>
          ) : (
            <p className="ui-muted ui-small load-more">{t('audit.end')}</p>
          )}
        </>
      )}
    </Page>
  );
}
