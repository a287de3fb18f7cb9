import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { roleHas, type CaseListItem } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
import { Badge, Button, DataTable, EmptyState, ErrorState, LoadingState, Page, Tabs } from '../../../ui';
import { useCases } from '../api';
import { CaseStatusBadge } from '../components/common';
import { CreateCaseDialog } from '../components/CreateCaseDialog';
import '../cases.css';

/** `/cases`: the cases the user is on; admins also see every case for team management. */
export function CaseListPage() {
  const { t } = useTranslation('cases');
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const isAdmin = roleHas(user.role, 'cases.manageAnyTeam');
  const scope = isAdmin && params.get('scope') === 'all' ? 'all' : 'mine';
  const list = <CaseTable scope={scope} />;
  return (
    <Page
      title={t('list.title')}
      description={t('list.description')}
      width="wide"
      actions={
        roleHas(user.role, 'cases.create') && (
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('list.create')}
          </Button>
        )
      }
    >
      {isAdmin ? (
        <Tabs
          label={t('list.scopeLabel')}
          selectedId={scope}
          onSelect={(id) => setParams(id === 'all' ? { scope: 'all' } : {})}
          items={[
            { id: 'mine', label: t('list.mine'), panel: scope === 'mine' ? list : null },
            { id: 'all', label: t('list.all'), panel: scope === 'all' ? list : null },
          ]}
        />
      ) : (
        list
      )}
      <CreateCaseDialog open={creating} onClose={() => setCreating(false)} defaultCountry={user.country} />
    </Page>
  );
}

function CaseTable({ scope }: { scope: 'mine' | 'all' }) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const format = useFormat();
  const cases = useCases({ scope });
  if (cases.isPending) return <LoadingState />;
  if (cases.isError) return <ErrorState error={cases.error} onRetry={() => void cases.refetch()} />;
  if (cases.data.items.length === 0) {
    return (
      <EmptyState title={scope === 'all' ? t('list.noneAll') : t('list.none')}>
        {t('list.noneHint')}
      </EmptyState>
    );
  }
  return (
    <DataTable<CaseListItem>
      caption={t('list.caption')}
      hideCaption
      rows={cases.data.items}
      rowKey={(item) => item.id}
      columns={[
        {
          key: 'title',
          header: t('fields.title'),
          rowHeader: true,
          render: (item) => <Link to={`/cases/${item.id}`}>{item.title}</Link>,
        },
        {
          key: 'status',
          header: t('fields.status'),
          render: (item) => <CaseStatusBadge status={item.status} />,
        },
        {
          key: 'sensitivity',
          header: t('fields.sensitivity'),
          render: (item) => (
            <Badge tone={item.sensitivity === 'CONFIDENTIAL' ? 'danger' : 'warning'}>
              {t(`sensitivity.${item.sensitivity}`)}
            </Badge>
          ),
        },
        {
          key: 'countries',
          header: t('fields.countries'),
          render: (item) => item.countries.map(labels.country).join(', '),
        },
        {
          key: 'role',
          header: t('fields.myRole'),
          render: (item) => (item.myRole ? t(`roles.${item.myRole}`) : t('roles.none')),
        },
        { key: 'team', header: t('fields.team'), render: (item) => item.teamSize },
        { key: 'updated', header: t('fields.updated'), render: (item) => format.dateTime(item.updatedAt) },
      ]}
    />
  );
}
