import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CASE_ROLES, type CaseRole, type TeamMember } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
import {
  Banner,
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  ErrorState,
  LoadingState,
  Select,
  TextField,
  errorMessage,
  useToast,
} from '../../../ui';
import { useMemberSearch } from '../../directory/api';
import { useTeam, useTeamMutations } from '../api';

/** The case team: leads (and admins) add people from any member state, change roles and remove them. */
export function TeamPanel({ caseId, canManage }: { caseId: string; canManage: boolean }) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const format = useFormat();
  const me = useCurrentUser();
  const team = useTeam(caseId);
  const mutations = useTeamMutations(caseId);
  const toast = useToast();
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  if (team.isPending) return <LoadingState />;
  if (team.isError) return <ErrorState error={team.error} onRetry={() => void team.refetch()} />;
  const failure = mutations.changeRole.error ?? mutations.remove.error;
  return (
    <div className="ui-stack">
      {failure && <Banner tone="danger">{errorMessage(t, failure)}</Banner>}
      <DataTable<TeamMember>
        caption={t('team.caption')}
        rows={team.data.items}
        rowKey={(member) => member.userId}
        columns={[
          {
            key: 'name',
            header: t('team.name'),
            rowHeader: true,
            render: (member) => <Link to={`/directory/members/${member.userId}`}>{member.displayName}</Link>,
          },
          { key: 'country', header: t('team.country'), render: (member) => labels.country(member.country) },
          { key: 'agency', header: t('team.agency'), render: (member) => member.agencyName ?? '—' },
          {
            key: 'role',
            header: t('team.role'),
            render: (member) =>
              canManage ? (
                <Select
                  label={t('team.roleFor', { name: member.displayName })}
                  className="case-compact-field"
                  value={member.role}
                  options={CASE_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
                  onChange={(event) =>
                    mutations.changeRole.mutate(
                      { userId: member.userId, role: event.target.value as CaseRole },
                      {
                        onSuccess: () =>
                          toast.show(t('team.roleChanged', { name: member.displayName }), 'success'),
                      },
                    )
                  }
                />
              ) : (
                t(`roles.${member.role}`)
              ),
          },
          {
            key: 'added',
            header: t('team.added'),
            render: (member) =>
              `${format.dateTime(member.addedAt, 'date')}${member.addedBy ? ` · ${member.addedBy.name}` : ''}`,
          },
          ...(canManage
            ? [
                {
                  key: 'actions',
                  header: t('team.actions'),
                  render: (member: TeamMember) => (
                    <Button
                      size="sm"
                      variant="danger"
                      onClick={() => setRemoving(member)}
                      disabled={
                        member.userId === me.id &&
                        member.role === 'lead' &&
                        team.data.items.filter((entry) => entry.role === 'lead').length === 1
                      }
                    >
                      {t('team.remove')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canManage && (
        <AddMemberForm caseId={caseId} existing={team.data.items.map((member) => member.userId)} />
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t('team.removeTitle', { name: removing?.displayName ?? '' })}
        confirmLabel={t('team.remove')}
        tone="danger"
        message={t('team.removeBody')}
        busy={mutations.remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return;
          mutations.remove.mutate(removing.userId, {
            onSuccess: () => toast.show(t('team.removed', { name: removing.displayName }), 'success'),
            onSettled: () => setRemoving(null),
          });
        }}
      />
    </div>
  );
}

function AddMemberForm({ caseId, existing }: { caseId: string; existing: string[] }) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const toast = useToast();
  const [query, setQuery] = useState('');
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<CaseRole>('member');
  const { add } = useTeamMutations(caseId);
  const search = useMemberSearch(query.trim().length >= 2 ? { q: query.trim() } : {});
  const candidates = (search.data?.pages ?? [])
    .flatMap((page) => page.items)
    .filter((member) => !existing.includes(member.id));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!userId) return;
    add.mutate(
      { userId, role },
      {
        onSuccess: (member) => {
          toast.show(t('team.addedToast', { name: member.displayName }), 'success');
          setUserId('');
          setQuery('');
        },
      },
    );
  };
  return (
    <Card title={t('team.addTitle')} description={t('team.addHint')} labelledBy="team-add" level={3}>
      <form className="case-inline-form" onSubmit={submit}>
        <TextField
          label={t('team.search')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <Select
          label={t('team.person')}
          value={userId}
          placeholder={t('team.choose')}
          options={candidates.map((member) => ({
            value: member.id,
            label: `${member.displayName} (${labels.country(member.country)})`,
          }))}
          onChange={(event) => setUserId(event.target.value)}
        />
        <Select
          label={t('team.role')}
          value={role}
          options={CASE_ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))}
          onChange={(event) => setRole(event.target.value as CaseRole)}
        />
        <Button type="submit" variant="primary" busy={add.isPending} disabled={!userId}>
          {t('team.add')}
        </Button>
      </form>
      {add.error && <Banner tone="danger">{errorMessage(t, add.error)}</Banner>}
    </Card>
  );
}
