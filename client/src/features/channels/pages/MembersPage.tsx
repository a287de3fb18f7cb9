import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { roleHas } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { useLabels } from '../../../app/labels';
import {
  Badge,
  Button,
  Card,
  Cluster,
  ErrorState,
  LoadingState,
  Page,
  TextField,
  errorMessage,
  useToast,
} from '../../../ui';
import { useChannel, useChannelMembers, useMemberChanges, usePeopleSearch } from '../api';

/** `/channels/:channelId/members`: who is in the channel; managers invite and remove (private channels). */
export function MembersPage() {
  const { channelId = '' } = useParams();
  const { t } = useTranslation('channels');
  const labels = useLabels();
  const user = useCurrentUser();
  const toast = useToast();
  const channel = useChannel(channelId);
  const members = useChannelMembers(channelId);
  const changes = useMemberChanges(channelId);
  const [query, setQuery] = useState('');
  const people = usePeopleSearch(query.trim(), query.trim().length >= 2);
  const fail = (error: unknown) => toast.show(errorMessage(t, error), 'danger');

  if (channel.isPending || members.isPending) return <LoadingState />;
  if (channel.isError) return <ErrorState error={channel.error} />;
  if (members.isError) return <ErrorState error={members.error} />;
  const manages = channel.data.me.canManage;
  const appoints = roleHas(user.role, 'channels.moderateAny');
  const invites = manages && channel.data.kind === 'private' && !channel.data.archived;
  const present = new Set(members.data.items.map((member) => member.id));

  return (
    <Page
      title={t('members.title', { name: channel.data.name })}
      eyebrow={<Link to={`/channels/${channelId}`}>{t('thread.backToChannel')}</Link>}
      width="wide"
    >
      {invites && (
        <Card title={t('members.invite')} description={t('members.inviteHint')}>
          <TextField
            label={t('members.search')}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          <ul className="ui-list-reset ui-stack">
            {(people.data?.items ?? [])
              .filter((person) => !present.has(person.id))
              .map((person) => (
                <li key={person.id} className="member-row">
                  <span>
                    {person.displayName} · {labels.country(person.country)}
                  </span>
                  <Button
                    size="sm"
                    busy={changes.add.isPending && changes.add.variables === person.id}
                    onClick={() =>
                      changes.add.mutate(person.id, {
                        onSuccess: () =>
                          toast.show(t('members.added', { name: person.displayName }), 'success'),
                        onError: fail,
                      })
                    }
                  >
                    {t('members.add')}
                  </Button>
                </li>
              ))}
          </ul>
        </Card>
      )}
      <ul className="ui-list-reset member-list" aria-label={t('members.list')}>
        {members.data.items.map((member) => (
          <li key={member.id} className="member-row">
            <span>
              <Link to={`/directory/members/${member.id}`}>{member.displayName}</Link>{' '}
              <span className="ui-small ui-muted">
                {labels.country(member.country)}
                {member.title ? ` · ${member.title}` : ''}
              </span>
            </span>
            <Cluster>
              {member.channelModerator && <Badge tone="info">{t('members.moderator')}</Badge>}
              {appoints && (
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() =>
                    changes.moderator.mutate(
                      { userId: member.id, value: !member.channelModerator },
                      { onError: fail },
                    )
                  }
                >
                  {member.channelModerator ? t('members.removeModerator') : t('members.makeModerator')}
                </Button>
              )}
              {invites && member.id !== user.id && (
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => changes.remove.mutate(member.id, { onError: fail })}
                >
                  {t('members.remove')}
                </Button>
              )}
            </Cluster>
          </li>
        ))}
      </ul>
    </Page>
  );
}
