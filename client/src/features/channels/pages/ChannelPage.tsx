import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Channel, ContainerRef } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { emitWithAck, useSocket } from '../../../lib/socket';
import { setPresence } from '../live/presence';
import { useLabels } from '../../../app/labels';
import {
  Badge,
  Banner,
  Button,
  ButtonLink,
  Cluster,
  ConfirmDialog,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
  Select,
  useToast,
} from '../../../ui';
import {
  useArchiveChannel,
  useChannel,
  useJoinChannel,
  useLeaveChannel,
  useThreadList,
  useUpdateMembership,
} from '../api';
import { ChannelName } from '../components/ChannelName';
import { EditChannelDialog } from '../components/EditChannelDialog';
import { NewThreadForm } from '../components/NewThreadForm';
import { PresenceList } from '../components/PresenceList';
import { ThreadRow } from '../components/ThreadRow';

/** `/channels/:channelId`: the channel's threads, newest activity first, and what I can do here. */
export function ChannelPage() {
  const { channelId = '' } = useParams();
  const { t } = useTranslation('channels');
  const channel = useChannel(channelId);

  if (channel.isPending) return <LoadingState label={t('channel.loading')} />;
  if (channel.isError) return <ErrorState error={channel.error} onRetry={() => void channel.refetch()} />;
  return <ChannelView channel={channel.data} />;
}

function ChannelView({ channel }: { channel: Channel }) {
  const { t } = useTranslation('channels');
  const labels = useLabels();
  const ref: ContainerRef = { type: 'channel', id: channel.id };
  const [composing, setComposing] = useState(false);
  const [editing, setEditing] = useState(false);
  const socket = useSocket();

  // Joined channels are watched by the section's live link; one only looked at is watched while open.
  const watchHere = channel.me.canRead && !channel.me.joined;
  useEffect(() => {
    if (!watchHere || !socket) return;
    const container: ContainerRef = { type: 'channel', id: channel.id };
    const subscribe = () =>
      void emitWithAck('container:subscribe', { container }).then((ack) => {
        if (ack.ok) setPresence(`channel:${channel.id}`, ack.presence);
      });
    subscribe();
    socket.on('connect', subscribe);
    return () => {
      socket.off('connect', subscribe);
      void emitWithAck('container:unsubscribe', { container });
    };
  }, [watchHere, socket, channel.id]);

  return (
    <Page
      title={channel.name}
      width="wide"
      eyebrow={
        <Cluster>
          <ChannelName channel={channel} />
          <Badge>{t(`kinds.${channel.kind}`)}</Badge>
          {channel.country && <Badge tone="info">{labels.country(channel.country)}</Badge>}
          {channel.archived && <Badge tone="warning">{t('channel.archived')}</Badge>}
        </Cluster>
      }
      description={channel.description || undefined}
      actions={
        <Cluster>
          {channel.me.canStartThread && (
            <Button variant="primary" onClick={() => setComposing(true)} disabled={composing}>
              {t('channel.newThread')}
            </Button>
          )}
          {channel.me.canManage && <Button onClick={() => setEditing(true)}>{t('channel.edit')}</Button>}
          {channel.me.canModerate && (
            <ButtonLink to={`/channels/${channel.id}/moderation`}>{t('channel.moderation')}</ButtonLink>
          )}
          <ButtonLink to={`/channels/${channel.id}/members`}>{t('channel.members')}</ButtonLink>
        </Cluster>
      }
    >
      {channel.archived && <Banner tone="warning">{t('channel.archivedNotice')}</Banner>}
      {!channel.me.canRead && <Banner tone="info">{t('channel.manageOnly')}</Banner>}
      <div className="channel-page">
        <div className="channel-page__threads">
          {composing && <NewThreadForm container={ref} onDone={() => setComposing(false)} />}
          {channel.me.canRead && <ThreadList container={ref} channelId={channel.id} />}
        </div>
        <aside className="channel-page__aside" aria-label={t('channel.about')}>
          <MembershipPanel channel={channel} />
          {channel.me.canRead && <PresenceList containerKey={`channel:${channel.id}`} />}
          {channel.moderators.length > 0 && (
            <section>
              <h2 className="channel-aside__heading">{t('channel.moderators')}</h2>
              <ul className="ui-list-reset ui-small">
                {channel.moderators.map((moderator) => (
                  <li key={moderator.id}>
                    <Link to={`/directory/members/${moderator.id}`}>{moderator.displayName}</Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </div>
      <EditChannelDialog channel={channel} open={editing} onClose={() => setEditing(false)} />
    </Page>
  );
}

function ThreadList({ container, channelId }: { container: ContainerRef; channelId: string }) {
  const { t } = useTranslation('channels');
  const threads = useThreadList(container);
  const items = threads.data?.pages.flatMap((page) => page.items) ?? [];
  if (threads.isPending) return <LoadingState label={t('threads.loading')} />;
  if (threads.isError) return <ErrorState error={threads.error} onRetry={() => void threads.refetch()} />;
  if (items.length === 0)
    return <EmptyState title={t('threads.emptyTitle')}>{t('threads.empty')}</EmptyState>;
  return (
    <section aria-labelledby="thread-list-heading">
      <h2 id="thread-list-heading" className="ui-visually-hidden">
        {t('threads.heading')}
      </h2>
      <ul className="ui-list-reset thread-list">
        {items.map((thread) => (
          <li key={thread.id}>
            <ThreadRow thread={thread} to={`/channels/${channelId}/threads/${thread.id}`} />
          </li>
        ))}
      </ul>
      {threads.hasNextPage && (
        <div className="load-more">
          <Button busy={threads.isFetchingNextPage} onClick={() => void threads.fetchNextPage()}>
            {t('threads.more')}
          </Button>
        </div>
      )}
    </section>
  );
}

/** Join or leave, how much to hear from this channel, and (for managers) archive. */
function MembershipPanel({ channel }: { channel: Channel }) {
  const { t } = useTranslation('channels');
  const toast = useToast();
  const navigate = useNavigate();
  const join = useJoinChannel();
  const leave = useLeaveChannel();
  const membership = useUpdateMembership(channel.id);
  const archive = useArchiveChannel(channel.id);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const format = useFormat();

  return (
    <section className="channel-membership">
      <h2 className="channel-aside__heading">{t('membership.heading')}</h2>
      <p className="ui-small ui-muted">
        {t('channel.created', { date: format.dateTime(channel.createdAt, 'date') })}
      </p>
      {channel.me.joined ? (
        <>
          <Select
            label={t('membership.level')}
            value={channel.me.notificationLevel}
            onChange={(event) =>
              membership.mutate({
                notificationLevel: event.target.value as Channel['me']['notificationLevel'],
              })
            }
            options={(['all', 'mentions', 'none'] as const).map((level) => ({
              value: level,
              label: t(`membership.levels.${level}`),
            }))}
          />
          <Cluster>
            <Button
              size="sm"
              onClick={() => membership.mutate({ muted: !channel.me.muted })}
              aria-pressed={channel.me.muted}
            >
              {channel.me.muted ? t('membership.unmute') : t('membership.mute')}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirmLeave(true)}>
              {t('membership.leave')}
            </Button>
          </Cluster>
        </>
      ) : channel.me.canJoin ? (
        <Button
          variant="primary"
          busy={join.isPending}
          onClick={() =>
            join.mutate(channel.id, { onSuccess: () => toast.show(t('membership.joined'), 'success') })
          }
        >
          {t('membership.join')}
        </Button>
      ) : null}
      {channel.me.canManage && (
        <Button
          size="sm"
          variant={channel.archived ? 'secondary' : 'danger'}
          busy={archive.isPending}
          onClick={() => archive.mutate(!channel.archived)}
        >
          {channel.archived ? t('channel.restore') : t('channel.archive')}
        </Button>
      )}
      <ConfirmDialog
        open={confirmLeave}
        onCancel={() => setConfirmLeave(false)}
        title={t('membership.leaveTitle', { name: channel.name })}
        message={channel.kind === 'private' ? t('membership.leavePrivate') : t('membership.leavePublic')}
        confirmLabel={t('membership.leave')}
        tone={channel.kind === 'private' ? 'danger' : 'primary'}
        busy={leave.isPending}
        onConfirm={() =>
          leave.mutate(channel.id, {
            onSuccess: () => {
              setConfirmLeave(false);
              if (channel.kind === 'private') void navigate('/channels');
            },
          })
        }
      />
    </section>
  );
}
