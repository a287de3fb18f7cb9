import { useTranslation } from 'react-i18next';
import type { AuditEntry, TimelineEntry } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { Badge, DataTable, EmptyState, ErrorState, LoadingState } from '../../../ui';
import { useCaseAudit, useTimeline } from '../api';

/** What happened in the case, newest first, from the hash-chained audit log. */
export function TimelinePanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation('cases');
  const format = useFormat();
  const timeline = useTimeline(caseId);
  if (timeline.isPending) return <LoadingState />;
  if (timeline.isError) return <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />;
  if (timeline.data.items.length === 0) return <EmptyState title={t('timeline.none')} />;
  return (
    <ol className="ui-list-reset case-timeline">
      {timeline.data.items.map((entry) => (
        <li key={entry.seq} className="case-timeline__entry">
          <time className="ui-small ui-muted" dateTime={entry.at}>
            {format.dateTime(entry.at)}
          </time>
          <span>{describe(t, entry)}</span>
        </li>
      ))}
    </ol>
  );
}

type Translate = ReturnType<typeof useTranslation<'cases'>>['t'];

function describe(t: Translate, entry: TimelineEntry): string {
  const details = entry.details;
  const text = (key: string) => (typeof details[key] === 'string' ? String(details[key]) : '');
  // Status codes read as words: case statuses and request statuses have their own labels.
  const statusLabel = (value: string) =>
    value
      ? entry.action === 'case.status_changed'
        ? t(`status.${value}`)
        : t(`requests.status.${value}`)
      : '';
  const isStatusChange = entry.action.endsWith('status_changed');
  return t(`timeline.actions.${entry.action.replace('.', '_')}`, {
    actor: entry.actor?.name ?? t('timeline.system'),
    title: text('title'),
    name: text('name'),
    role: text('role') ? t(`roles.${text('role')}`) : '',
    from: isStatusChange ? statusLabel(text('from')) : text('from'),
    to: isStatusChange ? statusLabel(text('to')) : text('to'),
    format: text('format'),
    fileName: text('fileName'),
    defaultValue: `${entry.actor?.name ?? ''} · ${entry.action}`,
  });
}

/** The full audit trail of the case (leads): every access and change, allowed or denied. */
export function AuditPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation('cases');
  const format = useFormat();
  const audit = useCaseAudit(caseId, true);
  if (audit.isPending) return <LoadingState />;
  if (audit.isError) return <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />;
  return (
    <DataTable<AuditEntry>
      caption={t('audit.caption')}
      rows={audit.data.items}
      rowKey={(entry) => String(entry.seq)}
      columns={[
        { key: 'seq', header: '#', render: (entry) => entry.seq },
        { key: 'at', header: t('audit.when'), render: (entry) => format.dateTime(entry.at) },
        {
          key: 'who',
          header: t('audit.who'),
          rowHeader: true,
          render: (entry) => entry.actorName ?? t('audit.anonymous'),
        },
        { key: 'action', header: t('audit.action'), render: (entry) => <code>{entry.action}</code> },
        {
          key: 'target',
          header: t('audit.target'),
          render: (entry) => `${entry.targetType}${entry.targetId ? ` ${entry.targetId.slice(-6)}` : ''}`,
        },
        {
          key: 'outcome',
          header: t('audit.outcome'),
          render: (entry) => (
            <Badge tone={entry.outcome === 'denied' ? 'danger' : 'success'}>
              {t(`audit.outcomes.${entry.outcome}`)}
            </Badge>
          ),
        },
        { key: 'ip', header: t('audit.address'), render: (entry) => entry.ip ?? '—' },
      ]}
    />
  );
}
