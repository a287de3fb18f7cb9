import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { IdSchema, roleHas, type Case } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { useLabels } from '../../../app/labels';
import { isApiError } from '../../../lib/api';
import {
  Badge,
  Banner,
  Cluster,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
  Tabs,
  useToast,
} from '../../../ui';
import { useCase, useCaseLive, useCases } from '../api';
import { AuditPanel, TimelinePanel } from '../components/TimelinePanel';
import { CaseBanner, CaseStatusBadge } from '../components/common';
import { DiscussionPanel } from '../components/DiscussionPanel';
import { DocumentsPanel } from '../components/DocumentsPanel';
import { FilesPanel } from '../components/FilesPanel';
import { OverviewPanel } from '../components/OverviewPanel';
import { RequestsPanel } from '../components/RequestsPanel';
import { TasksPanel } from '../components/TasksPanel';
import { TeamPanel } from '../components/TeamPanel';
import '../cases.css';

const TABS = [
  'overview',
  'documents',
  'discussion',
  'requests',
  'tasks',
  'files',
  'timeline',
  'team',
  'audit',
] as const;
type TabId = (typeof TABS)[number];

/** `/cases/:caseId`: the case workspace, for its team only. */
export function CaseWorkspacePage() {
  const { t } = useTranslation('cases');
  const { caseId = '' } = useParams();
  const valid = IdSchema.safeParse(caseId).success;
  const user = useCurrentUser();
  const toast = useToast();
  const navigate = useNavigate();
  const detail = useCase(valid ? caseId : '000000000000000000000000');
  useCaseLive(caseId, valid && detail.isSuccess, () => {
    toast.show(t('workspace.revoked'), 'danger');
    void navigate('/cases');
  });
  const back = <Link to="/cases">{t('workspace.back')}</Link>;

  if (!valid || isApiError(detail.error, 'NOT_FOUND')) {
    return (
      <Page title={t('workspace.notFound')} eyebrow={back}>
        <EmptyState title={t('workspace.notFound')} />
      </Page>
    );
  }
  if (isApiError(detail.error, 'FORBIDDEN')) {
    if (roleHas(user.role, 'cases.manageAnyTeam')) return <AdminTeamPage caseId={caseId} />;
    return (
      <Page title={t('workspace.forbidden')} eyebrow={back}>
        <EmptyState title={t('workspace.forbidden')}>{t('workspace.forbiddenHint')}</EmptyState>
      </Page>
    );
  }
  if (detail.isPending) {
    return (
      <Page title={t('workspace.loading')} eyebrow={back}>
        <LoadingState />
      </Page>
    );
  }
  if (detail.isError) {
    return (
      <Page title={t('workspace.loading')} eyebrow={back}>
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      </Page>
    );
  }
  return <Workspace detail={detail.data} back={back} />;
}

function Workspace({ detail, back }: { detail: Case; back: React.ReactNode }) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const [params, setParams] = useSearchParams();
  const visible = TABS.filter((tab) => tab !== 'audit' || detail.capabilities.includes('audit.read'));
  const requested = params.get('tab') as TabId | null;
  const selected: TabId = requested && visible.includes(requested) ? requested : 'overview';
  const panel = (tab: TabId) => {
    if (tab !== selected) return null;
    switch (tab) {
      case 'overview':
        return <OverviewPanel detail={detail} />;
      case 'documents':
        return <DocumentsPanel detail={detail} />;
      case 'discussion':
        return <DiscussionPanel detail={detail} />;
      case 'requests':
        return <RequestsPanel detail={detail} />;
      case 'tasks':
        return <TasksPanel detail={detail} />;
      case 'files':
        return <FilesPanel detail={detail} />;
      case 'timeline':
        return <TimelinePanel caseId={detail.id} />;
      case 'team':
        return <TeamPanel caseId={detail.id} canManage={detail.capabilities.includes('team.manage')} />;
      case 'audit':
        return <AuditPanel caseId={detail.id} />;
    }
  };
  return (
    <div className="case-frame">
      <CaseBanner sensitivity={detail.sensitivity} title={detail.title} />
      <Page
        title={detail.title}
        eyebrow={back}
        width="wide"
        description={
          <Cluster>
            <CaseStatusBadge status={detail.status} />
            <Badge tone="info">{t(`roles.${detail.myRole}`)}</Badge>
            {detail.countries.map((country) => (
              <Badge key={country}>{labels.country(country)}</Badge>
            ))}
          </Cluster>
        }
      >
        {detail.status === 'closed' && <Banner tone="info">{t('workspace.closedNotice')}</Banner>}
        <Tabs
          label={t('workspace.sections')}
          selectedId={selected}
          onSelect={(id) => setParams(id === 'overview' ? {} : { tab: id }, { replace: true })}
          items={visible.map((tab) => ({ id: tab, label: t(`workspace.tabs.${tab}`), panel: panel(tab) }))}
        />
      </Page>
    </div>
  );
}

/** An admin managing a team they are not on: the team, and nothing of the case's material. */
function AdminTeamPage({ caseId }: { caseId: string }) {
  const { t } = useTranslation('cases');
  const all = useCases({ scope: 'all' });
  const summary = all.data?.items.find((item) => item.id === caseId);
  return (
    <div className="case-frame">
      {summary && <CaseBanner sensitivity={summary.sensitivity} title={summary.title} />}
      <Page
        title={summary?.title ?? t('workspace.teamOnlyTitle')}
        eyebrow={<Link to="/cases?scope=all">{t('workspace.back')}</Link>}
        width="wide"
      >
        <Banner tone="info">{t('workspace.adminNotice')}</Banner>
        <TeamPanel caseId={caseId} canManage />
      </Page>
    </div>
  );
}
