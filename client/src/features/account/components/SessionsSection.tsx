import { useTranslation } from 'react-i18next';
import type { ActiveSession } from '@serantau/shared';
import { signOut } from '../../../app/auth';
import { useFormat } from '../../../app/format';
import {
  Badge,
  Banner,
  Button,
  Card,
  DataTable,
  EmptyState,
  ErrorState,
  LoadingState,
  errorMessage,
  useToast,
  type Column,
} from '../../../ui';
import { useRevokeSession, useSessions } from '../api';
import { describeUserAgent } from '../lib/userAgent';

/** Where I am signed in, with a way to end any of those sessions. */
export function SessionsSection() {
  const { t } = useTranslation('account');
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const format = useFormat();
  const toast = useToast();

  const device = (session: ActiveSession) => {
    const { browser, system } = describeUserAgent(session.userAgent);
    if (browser && system) return t('sessions.browserOn', { browser, system });
    return browser ?? system ?? t('sessions.unknownDevice');
  };

  const columns: Column<ActiveSession>[] = [
    {
      key: 'device',
      header: t('sessions.device'),
      rowHeader: true,
      render: (session) => (
        <>
          {device(session)} {session.current && <Badge tone="info">{t('sessions.current')}</Badge>}
        </>
      ),
    },
    { key: 'ip', header: t('sessions.ip'), render: (session) => <code>{session.ip}</code> },
    {
      key: 'created',
      header: t('sessions.signedIn'),
      render: (session) => format.dateTime(session.createdAt),
    },
    {
      key: 'seen',
      header: t('sessions.lastActive'),
      render: (session) => <time dateTime={session.lastSeenAt}>{format.relative(session.lastSeenAt)}</time>,
    },
    {
      key: 'actions',
      header: <span className="ui-visually-hidden">{t('sessions.actions')}</span>,
      render: (session) =>
        session.current ? (
          <Button size="sm" onClick={() => void signOut()}>
            {t('sessions.signOutHere')}
          </Button>
        ) : (
          <Button
            size="sm"
            variant="danger"
            busy={revoke.isPending && revoke.variables === session.id}
            onClick={() =>
              revoke.mutate(session.id, {
                onSuccess: () => toast.show(t('sessions.revoked', { device: device(session) })),
              })
            }
          >
            {t('sessions.signOut')}
            <span className="ui-visually-hidden"> {device(session)}</span>
          </Button>
        ),
    },
  ];

  return (
    <Card title={t('sessions.heading')} description={t('sessions.description')} labelledBy="sessions-heading">
      {revoke.isError && <Banner tone="danger">{errorMessage(t, revoke.error)}</Banner>}
      {sessions.isPending ? (
        <LoadingState />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : sessions.data.items.length === 0 ? (
        <EmptyState title={t('sessions.empty')} />
      ) : (
        <DataTable
          caption={t('sessions.heading')}
          hideCaption
          columns={columns}
          rows={sessions.data.items}
          rowKey={(session) => session.id}
        />
      )}
    </Card>
  );
}
