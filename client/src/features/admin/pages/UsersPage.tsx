import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser, UserStatus } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { CountrySelect } from '../../../app/components/CountrySelect';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
import {
  Badge,
  Banner,
  Button,
  ButtonLink,
  Cluster,
  ConfirmDialog,
  DataTable,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
  Select,
  TextField,
  errorMessage,
  useToast,
  type Column,
  type Tone,
} from '../../../ui';
import { useAccountAction, useAdminUsers, type AccountAction } from '../api';
import { EditUserDialog } from '../components/EditUserDialog';
import { useAdminUserFilters } from '../hooks/filters';

const STATUS_TONES: Record<UserStatus, Tone> = { active: 'success', invited: 'info', suspended: 'danger' };

/** `/admin/users`: every account, with role changes, suspension and 2FA resets. */
export function UsersPage() {
  const { t } = useTranslation('admin');
  const me = useCurrentUser();
  const labels = useLabels();
  const format = useFormat();
  const toast = useToast();
  const { filters, setFilter, clear, active } = useAdminUserFilters();
  const users = useAdminUsers(filters);
  const action = useAccountAction();
  const [text, setText] = useState(filters.q ?? '');
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const [pending, setPending] = useState<{ user: AdminUser; action: AccountAction } | null>(null);
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];

  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', text.trim() || undefined);
  };

  const confirmAction = () => {
    if (!pending) return;
    action.mutate(
      { id: pending.user.id, action: pending.action },
      {
        onSuccess: (user) => {
          toast.show(t(`users.actions.${pending.action}.done`, { name: user.displayName }));
          setPending(null);
        },
      },
    );
  };

  const columns: Column<AdminUser>[] = [
    {
      key: 'name',
      header: t('users.name'),
      rowHeader: true,
      render: (user) => (
        <>
          <span className="admin-user__name">{user.displayName}</span>
          <span className="admin-user__email">{user.email}</span>
        </>
      ),
    },
    {
      key: 'country',
      header: t('users.countryAgency'),
      render: (user) => (
        <>
          {labels.country(user.country)}
          {user.agencyName && <span className="admin-user__email">{user.agencyName}</span>}
        </>
      ),
    },
    {
      key: 'role',
      header: t('users.role'),
      render: (user) => (
        <>
          {labels.role(user.role)}
          {user.contactPoint && (
            <span className="admin-user__email">
              <Badge tone="success">{t('users.contactPoint')}</Badge>
            </span>
          )}
        </>
      ),
    },
    {
      key: 'status',
      header: t('users.status'),
      render: (user) => (
        <Cluster>
          <Badge tone={STATUS_TONES[user.status]}>{t(`statuses.${user.status}`)}</Badge>
          <Badge tone={user.twoFactorEnabled ? 'success' : 'warning'}>
            {user.twoFactorEnabled ? t('users.twoFactorOn') : t('users.twoFactorOff')}
          </Badge>
        </Cluster>
      ),
    },
    {
      key: 'lastLogin',
      header: t('users.lastLogin'),
      render: (user) => (user.lastLoginAt ? format.dateTime(user.lastLoginAt) : t('users.never')),
    },
    {
      key: 'actions',
      header: t('users.actionsHeader'),
      render: (user) => {
        const self = user.id === me.id;
        const named = <span className="ui-visually-hidden"> {user.displayName}</span>;
        return (
          <Cluster className="admin-user__actions">
            <Button size="sm" onClick={() => setEditing(user)}>
              {t('users.edit')}
              {named}
            </Button>
            {user.status === 'suspended' ? (
              <Button size="sm" onClick={() => setPending({ user, action: 'reactivate' })}>
                {t('users.actions.reactivate.button')}
                {named}
              </Button>
            ) : (
              <Button
                size="sm"
                variant="danger"
                disabled={self}
                onClick={() => setPending({ user, action: 'suspend' })}
              >
                {t('users.actions.suspend.button')}
                {named}
              </Button>
            )}
            {user.twoFactorEnabled && (
              <Button size="sm" onClick={() => setPending({ user, action: 'resetTwoFactor' })}>
                {t('users.actions.resetTwoFactor.button')}
                {named}
              </Button>
            )}
          </Cluster>
        );
      },
    },
  ];

  return (
    <Page
      title={t('users.title')}
      description={t('users.description')}
      width="wide"
      actions={
        <ButtonLink to="/admin/invitations" variant="primary">
          {t('users.invite')}
        </ButtonLink>
      }
    >
      <form className="filters" role="search" aria-label={t('users.filtersLabel')} onSubmit={search}>
        <div className="filters__search">
          <TextField
            label={t('users.search')}
            hint={t('users.searchHint')}
            type="search"
            value={text}
            maxLength={100}
            onChange={(event) => setText(event.target.value)}
          />
          <Button type="submit" variant="primary">
            {t('users.searchSubmit')}
          </Button>
        </div>
        <div className="filters__grid">
          <Select
            label={t('users.status')}
            placeholder={t('users.anyStatus')}
            value={filters.status ?? ''}
            onChange={(event) => setFilter('status', event.target.value || undefined)}
            options={(['active', 'invited', 'suspended'] as const).map((status) => ({
              value: status,
              label: t(`statuses.${status}`),
            }))}
          />
          <Select
            label={t('users.role')}
            placeholder={t('users.anyRole')}
            value={filters.role ?? ''}
            onChange={(event) => setFilter('role', event.target.value || undefined)}
            options={labels.roleOptions}
          />
          <CountrySelect
            label={t('fields.country')}
            placeholder={t('users.anyCountry')}
            value={filters.country ?? ''}
            onChange={(event) => setFilter('country', event.target.value || undefined)}
          />
        </div>
        {active && (
          <div className="filters__footer">
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setText('');
                clear();
              }}
            >
              {t('users.clearFilters')}
            </Button>
          </div>
        )}
      </form>
      {users.isPending ? (
        <LoadingState />
      ) : users.isError && rows.length === 0 ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t('users.empty')} />
      ) : (
        <>
          <DataTable
            caption={t('users.caption')}
            hideCaption
            columns={columns}
            rows={rows}
            rowKey={(row) => row.id}
          />
          {users.isFetchNextPageError && <ErrorState error={users.error} />}
          {users.hasNextPage && (
            <div className="load-more">
              <Button busy={users.isFetchingNextPage} onClick={() => void users.fetchNextPage()}>
                {t('users.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
      <EditUserDialog user={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={pending !== null}
        title={pending ? t(`users.actions.${pending.action}.title`, { name: pending.user.displayName }) : ''}
        message={
          pending ? t(`users.actions.${pending.action}.message`, { name: pending.user.displayName }) : ''
        }
        confirmLabel={pending ? t(`users.actions.${pending.action}.confirm`) : ''}
        tone={pending?.action === 'reactivate' ? 'primary' : 'danger'}
        busy={action.isPending}
        error={action.isError && <Banner tone="danger">{errorMessage(t, action.error)}</Banner>}
        onConfirm={confirmAction}
        onCancel={() => {
          setPending(null);
          action.reset();
        }}
      />
    </Page>
  );
}
