import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  REPORT_ACTIONS,
  REPORT_STATUSES,
  type ContainerRef,
  type Report,
  type ReportAction,
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
  Page,
  Select,
  Tabs,
  TextField,
  errorMessage,
  useToast,
} from '../../../ui';
import {
  useChannel,
  useModerationActions,
  useModerationLog,
  useModerationOverview,
  useReports,
} from '../api';
import { MessageBody } from '../components/MessageBody';

/** `/channels/:channelId/moderation`: the queue of reports, the log of actions, mutes and slow mode. */
export function ModerationPage() {
  const { channelId = '' } = useParams();
  const { t } = useTranslation('channels');
  const channel = useChannel(channelId);
  const [tab, setTab] = useState('queue');
  const ref: ContainerRef = { type: 'channel', id: channelId };
  if (channel.isPending) return <LoadingState />;
  if (channel.isError) return <ErrorState error={channel.error} />;
  if (!channel.data.me.canModerate) return <ErrorState error={new Error(t('moderation.notModerator'))} />;
  return (
    <Page
      title={t('moderation.title', { name: channel.data.name })}
      eyebrow={<Link to={`/channels/${channelId}`}>{t('thread.backToChannel')}</Link>}
      width="wide"
    >
      <Tabs
        label={t('moderation.tabs')}
        selectedId={tab}
        onSelect={setTab}
        items={[
          { id: 'queue', label: t('moderation.queue'), panel: <ReportQueue container={ref} /> },
          { id: 'settings', label: t('moderation.settings'), panel: <Settings container={ref} /> },
          { id: 'log', label: t('moderation.log'), panel: <Log container={ref} /> },
        ]}
      />
    </Page>
  );
}

function ReportQueue({ container }: { container: ContainerRef }) {
  const { t } = useTranslation('channels');
  const [status, setStatus] = useState<ReportStatus>('open');
  const reports = useReports(container, status);
  const items = reports.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="ui-stack">
      <Select
        label={t('moderation.status')}
        value={status}
        onChange={(event) => setStatus(event.target.value as ReportStatus)}
        options={REPORT_STATUSES.map((value) => ({ value, label: t(`moderation.statuses.${value}`) }))}
      />
      {reports.isPending ? (
        <LoadingState />
      ) : reports.isError ? (
        <ErrorState error={reports.error} />
      ) : items.length === 0 ? (
        <EmptyState title={t('moderation.emptyTitle')}>{t('moderation.empty')}</EmptyState>
      ) : (
        <ul className="ui-list-reset ui-stack">
          {items.map((report) => (
            <li key={report.id}>
              <ReportCard report={report} container={container} />
            </li>
          ))}
        </ul>
      )}
      {reports.hasNextPage && (
        <Button onClick={() => void reports.fetchNextPage()}>{t('threads.more')}</Button>
      )}
    </div>
  );
}

function ReportCard({ report, container }: { report: Report; container: ContainerRef }) {
  const { t } = useTranslation('channels');
  const format = useFormat();
  const toast = useToast();
  const actions = useModerationActions(container);
  const [action, setAction] = useState<ReportAction>('message_hidden');
  const [note, setNote] = useState('');
  const [minutes, setMinutes] = useState('60');
  const done = (message: string) => () => {
    toast.show(message, 'success');
    setNote('');
  };
  const fail = (error: unknown) => toast.show(errorMessage(t, error), 'danger');
  return (
    <Card
      level={3}
      title={t(`report.reasons.${report.reason}`)}
      description={t('moderation.reportedBy', {
        name: report.reporter.displayName,
        when: format.dateTime(report.createdAt, 'datetime'),
      })}
    >
      <p className="ui-small">
        <Link to={`/channels/${container.id}/threads/${report.threadId}`}>{report.threadTitle}</Link> ·{' '}
        {report.message.author.displayName}{' '}
        <Badge>{t(`moderation.messageStates.${report.message.state}`)}</Badge>
      </p>
      {report.message.body !== null && (
        <blockquote className="report-quote">
          <MessageBody body={report.message.body} mentions={report.message.mentions} />
        </blockquote>
      )}
      {report.note && <p className="ui-small">{t('moderation.reporterNote', { note: report.note })}</p>}
      {report.status === 'open' ? (
        <div className="ui-stack">
          <Select
            label={t('moderation.action')}
            value={action}
            onChange={(event) => setAction(event.target.value as ReportAction)}
            options={REPORT_ACTIONS.map((value) => ({ value, label: t(`moderation.actions.${value}`) }))}
          />
          {action === 'author_muted' && (
            <TextField
              label={t('moderation.muteMinutes')}
              type="number"
              min={1}
              value={minutes}
              onChange={(event) => setMinutes(event.target.value)}
            />
          )}
          <TextField
            label={t('moderation.note')}
            value={note}
            maxLength={500}
            onChange={(event) => setNote(event.target.value)}
          />
          <Cluster>
            <Button
              variant="primary"
              disabled={note.trim().length < 3}
              busy={actions.resolve.isPending}
              onClick={() =>
                actions.resolve.mutate(
                  {
                    id: report.id,
                    body: {
                      action,
                      note: note.trim(),
                      ...(action === 'author_muted' ? { muteMinutes: Number(minutes) || 60 } : {}),
                    },
                  },
                  { onSuccess: done(t('moderation.resolved')), onError: fail },
                )
              }
            >
              {t('moderation.resolve')}
            </Button>
            <Button
              disabled={note.trim().length < 3}
              busy={actions.dismiss.isPending}
              onClick={() =>
                actions.dismiss.mutate(
                  { id: report.id, note: note.trim() },
                  { onSuccess: done(t('moderation.dismissed')), onError: fail },
                )
              }
            >
              {t('moderation.dismiss')}
            </Button>
          </Cluster>
        </div>
      ) : (
        report.resolution && (
          <p className="ui-small">
            {t('moderation.closedBy', {
              name: report.resolution.by,
              when: format.dateTime(report.resolution.at, 'datetime'),
              action: report.resolution.action
                ? t(`moderation.actions.${report.resolution.action}`)
                : t('moderation.statuses.dismissed'),
              note: report.resolution.note,
            })}
          </p>
        )
      )}
    </Card>
  );
}

function Settings({ container }: { container: ContainerRef }) {
  const { t } = useTranslation('channels');
  const format = useFormat();
  const toast = useToast();
  const overview = useModerationOverview(container);
  const actions = useModerationActions(container);
  const [seconds, setSeconds] = useState('');
  const [reason, setReason] = useState('');
  if (overview.isPending) return <LoadingState />;
  if (overview.isError) return <ErrorState error={overview.error} />;
  return (
    <div className="ui-stack">
      <Card
        title={t('moderation.slowMode')}
        description={t('moderation.slowModeCurrent', { count: overview.data.slowModeSeconds })}
      >
        <form
          className="ui-stack"
          onSubmit={(event) => {
            event.preventDefault();
            actions.slowMode.mutate(
              { seconds: Number(seconds) || 0, reason: reason.trim() },
              {
                onSuccess: () => toast.show(t('moderation.saved'), 'success'),
                onError: (error) => toast.show(errorMessage(t, error), 'danger'),
              },
            );
          }}
        >
          <TextField
            label={t('moderation.seconds')}
            type="number"
            min={0}
            max={3600}
            value={seconds}
            onChange={(event) => setSeconds(event.target.value)}
          />
          <TextField
            label={t('moderation.reason')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <Button type="submit" disabled={reason.trim().length < 3 || seconds === ''}>
            {t('common.save')}
          </Button>
        </form>
      </Card>
      <Card title={t('moderation.mutes')}>
        {overview.data.mutes.length === 0 ? (
          <p className="ui-small ui-muted">{t('moderation.noMutes')}</p>
        ) : (
          <ul className="ui-list-reset ui-stack">
            {overview.data.mutes.map((mute) => (
              <li key={mute.user.id} className="mute-row">
                <span>
                  {t('moderation.mutedUntil', {
                    name: mute.user.displayName,
                    until: format.dateTime(mute.until, 'datetime'),
                    reason: mute.reason,
                  })}
                </span>
                <Button size="sm" onClick={() => actions.unmute.mutate(mute.user.id)}>
                  {t('moderation.unmute')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function Log({ container }: { container: ContainerRef }) {
  const { t } = useTranslation('channels');
  const format = useFormat();
  const log = useModerationLog(container);
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  if (log.isPending) return <LoadingState />;
  if (log.isError) return <ErrorState error={log.error} />;
  if (items.length === 0) return <EmptyState title={t('moderation.logEmpty')} />;
  return (
    <>
      <table className="moderation-log">
        <caption className="ui-visually-hidden">{t('moderation.log')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('moderation.when')}</th>
            <th scope="col">{t('moderation.who')}</th>
            <th scope="col">{t('moderation.what')}</th>
            <th scope="col">{t('moderation.why')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((entry) => (
            <tr key={entry.id}>
              <td>{format.dateTime(entry.at, 'datetime')}</td>
              <td>{entry.moderator.displayName}</td>
              <td>
                {t(`moderation.logActions.${entry.action}`)}
                {entry.target.label && <span className="ui-muted"> · {entry.target.label}</span>}
              </td>
              <td>{entry.reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.hasNextPage && <Button onClick={() => void log.fetchNextPage()}>{t('threads.more')}</Button>}
    </>
  );
}
