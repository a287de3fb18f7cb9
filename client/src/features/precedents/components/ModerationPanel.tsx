import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  PRECEDENT_REPORT_ACTIONS,
  REPORT_STATUSES,
  type PrecedentReport,
  type PrecedentReportAction,
  type ReportStatus,
} from '@serantau/shared';
import { useFormat } from '../../../app/format';
import {
  Badge,
  Button,
  Card,
  Cluster,
  EmptyState,
  ErrorState,
  LoadingState,
  Select,
  Tabs,
  TextField,
  errorMessage,
  useToast,
} from '../../../ui';
import { useModerationLog, useReportHandling, useReports } from '../api';

/** The desk's moderation: the queue of reports (resolve with the action taken, or dismiss) and the log. */
export function ModerationPanel() {
  const { t } = useTranslation('precedents');
  return (
    <Tabs
      label={t('moderation.label')}
      items={[
        { id: 'queue', label: t('moderation.queue'), panel: <ReportQueue /> },
        { id: 'log', label: t('moderation.log'), panel: <ModerationLog /> },
      ]}
    />
  );
}

function ReportQueue() {
  const { t } = useTranslation('precedents');
  const [status, setStatus] = useState<ReportStatus>('open');
  const reports = useReports(status);
  const items = reports.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="ui-stack">
      <Select
        label={t('moderation.status')}
        value={status}
        options={REPORT_STATUSES.map((value) => ({ value, label: t(`moderation.statuses.${value}`) }))}
        onChange={(event) => setStatus(event.target.value as ReportStatus)}
        className="precedent-narrow-field"
      />
      {reports.isPending ? (
        <LoadingState />
      ) : reports.isError ? (
        <ErrorState error={reports.error} onRetry={() => void reports.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t('moderation.noReports')} />
      ) : (
        <ul className="ui-list-reset ui-stack">
          {items.map((report) => (
            <li key={report.id}>
              <ReportCard report={report} />
            </li>
          ))}
        </ul>
      )}
      {reports.hasNextPage && (
        <Button busy={reports.isFetchingNextPage} onClick={() => void reports.fetchNextPage()}>
          {t('list.loadMore')}
        </Button>
      )}
    </div>
  );
}

function ReportCard({ report }: { report: PrecedentReport }) {
  const { t } = useTranslation('precedents');
  const format = useFormat();
  const toast = useToast();
  const handling = useReportHandling();
  const [action, setAction] = useState<PrecedentReportAction>('content_hidden');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const hintId = useId();
  const pending = handling.resolve.isPending || handling.dismiss.isPending;
  const failure = handling.resolve.error ?? handling.dismiss.error;
  const check = () => {
    if (note.trim().length < 3) {
      setProblem(t('moderation.noteRequired'));
      return false;
    }
    setProblem(null);
    return true;
  };
  return (
    <Card
      as="article"
      level={3}
      title={t(`report.reasons.${report.reason}`)}
      description={
        <>
          {t(`targets.${report.target.type}`)} ·{' '}
          <Link to={`/precedents/questions/${report.questionId}`}>{report.questionTitle}</Link>
        </>
      }
    >
      {report.excerpt && <blockquote className="precedent-quote">{report.excerpt}</blockquote>}
      <p className="ui-small ui-muted">
        {t('moderation.reportedBy', { name: report.reporter.displayName })} ·{' '}
        <time dateTime={report.createdAt}>{format.dateTime(report.createdAt)}</time>
      </p>
      {report.note && <p>{report.note}</p>}
      {report.resolution ? (
        <p className="ui-small">
          <Badge>{t(`moderation.statuses.${report.status}`)}</Badge>{' '}
          {t('moderation.handledBy', { name: report.resolution.by })}
          {report.resolution.action && ` · ${t(`moderation.actions.${report.resolution.action}`)}`}
          {report.resolution.note && ` · ${report.resolution.note}`}
        </p>
      ) : (
        <form
          className="ui-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!check()) return;
            handling.resolve.mutate(
              { reportId: report.id, action, note: note.trim() },
              { onSuccess: () => toast.show(t('moderation.resolved'), 'success') },
            );
          }}
        >
          <div className="ui-form-grid">
            <Select
              label={t('moderation.action')}
              value={action}
              aria-describedby={hintId}
              options={PRECEDENT_REPORT_ACTIONS.map((value) => ({
                value,
                label: t(`moderation.resolveActions.${value}`),
              }))}
              onChange={(event) => setAction(event.target.value as PrecedentReportAction)}
            />
            <TextField
              label={t('moderation.note')}
              value={note}
              maxLength={500}
              error={problem}
              onChange={(event) => setNote(event.target.value)}
            />
          </div>
          <p id={hintId} className="ui-small ui-muted">
            {t('moderation.actionHint')}
          </p>
          <Cluster>
            <Button type="submit" variant="primary" busy={handling.resolve.isPending} disabled={pending}>
              {t('moderation.resolve')}
            </Button>
            <Button
              busy={handling.dismiss.isPending}
              disabled={pending}
              onClick={() => {
                if (!check()) return;
                handling.dismiss.mutate(
                  { reportId: report.id, note: note.trim() },
                  { onSuccess: () => toast.show(t('moderation.dismissed'), 'success') },
                );
              }}
            >
              {t('moderation.dismiss')}
            </Button>
          </Cluster>
          {failure && <p className="ui-field__error">{errorMessage(t, failure)}</p>}
        </form>
      )}
    </Card>
  );
}

function ModerationLog() {
  const { t } = useTranslation('precedents');
  const format = useFormat();
  const log = useModerationLog();
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  if (log.isPending) return <LoadingState />;
  if (log.isError) return <ErrorState error={log.error} onRetry={() => void log.refetch()} />;
  if (items.length === 0) return <EmptyState title={t('moderation.noLog')} />;
  return (
    <div className="ui-stack">
      <ol className="ui-list-reset precedent-log">
        {items.map((entry) => (
          <li key={entry.id} className="precedent-log__entry">
            <time className="ui-small ui-muted" dateTime={entry.at}>
              {format.dateTime(entry.at)}
            </time>
            <span>
              <strong>{entry.moderator.displayName}</strong> · {t(`moderation.logActions.${entry.action}`)} ·{' '}
              <Link to={`/precedents/questions/${entry.questionId}`}>{entry.questionTitle}</Link>
            </span>
            {entry.reason && <span className="ui-small">{entry.reason}</span>}
          </li>
        ))}
      </ol>
      {log.hasNextPage && (
        <Button busy={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {t('list.loadMore')}
        </Button>
      )}
    </div>
  );
}
