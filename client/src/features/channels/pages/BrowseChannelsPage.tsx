import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { roleHas } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { useLabels } from '../../../app/labels';
import {
  Badge,
  Button,
  Checkbox,
  Cluster,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
  useToast,
} from '../../../ui';
import { useChannels, useJoinChannel } from '../api';
import { ChannelName } from '../components/ChannelName';
import { CreateChannelDialog } from '../components/CreateChannelDialog';

/** `/channels/browse`: every channel I may read or join (admins: every channel, to manage it). */
export function BrowseChannelsPage() {
  const { t } = useTranslation('channels');
  const user = useCurrentUser();
  const labels = useLabels();
  const toast = useToast();
  const [archived, setArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const channels = useChannels('all', archived);
  const join = useJoinChannel();

  return (
    <Page
      title={t('browse.title')}
      description={t('browse.description')}
      width="wide"
      actions={
        roleHas(user.role, 'channels.create') && (
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('browse.create')}
          </Button>
        )
      }
    >
      <Checkbox
        label={t('browse.showArchived')}
        checked={archived}
        onChange={(event) => setArchived(event.target.checked)}
      />
      {channels.isPending ? (
        <LoadingState />
      ) : channels.isError ? (
        <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />
      ) : channels.data.items.length === 0 ? (
        <EmptyState title={t('browse.emptyTitle')}>{t('browse.empty')}</EmptyState>
      ) : (
        <ul className="ui-list-reset channel-cards">
          {channels.data.items.map((channel) => (
            <li key={channel.id} className="channel-card">
              <div className="channel-card__main">
                <Link to={`/channels/${channel.id}`} className="channel-card__name">
                  <ChannelName channel={channel} />
                </Link>
                <Cluster>
                  <Badge>{t(`kinds.${channel.kind}`)}</Badge>
                  {channel.country && <Badge tone="info">{labels.country(channel.country)}</Badge>}
                  {channel.archived && <Badge tone="warning">{t('channel.archived')}</Badge>}
                  {channel.me.joined && <Badge tone="success">{t('browse.joined')}</Badge>}
                </Cluster>
                {channel.description && <p className="ui-small">{channel.description}</p>}
              </div>
              {!channel.me.joined && channel.me.canJoin && (
                <Button
                  size="sm"
                  busy={join.isPending && join.variables === channel.id}
                  onClick={() =>
                    join.mutate(channel.id, {
                      onSuccess: () => toast.show(t('membership.joined'), 'success'),
                    })
                  }
                >
                  {t('membership.join')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <CreateChannelDialog open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}
