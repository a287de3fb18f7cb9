import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  IdSchema,
  REQUEST_TRANSITIONS,
  type CooperationRequest,
  type JurisdictionCode,
  type RequestStatus,
} from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
import { CollaborativeEditor, ReadOnlyDocument } from '../../../editor';
import { isApiError } from '../../../lib/api';
import {
  Banner,
  Button,
  Card,
  Cluster,
  DescriptionList,
  Dialog,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
  TextField,
  cx,
  errorMessage,
  useToast,
} from '../../../ui';
import {
  useCase,
  useCaseLive,
  useDocumentMeta,
  useRequest,
  useRequestMutations,
  useVersionContent,
} from '../api';
import { CaseBanner, HandlingBadge, RequestStatusBadge } from '../components/common';
import { ExportButtons } from '../components/ExportButtons';
import { HandlingDialog } from '../components/HandlingDialog';
import '../cases.css';

const MAIN_PATH: RequestStatus[] = ['draft', 'sent', 'acknowledged', 'in_execution', 'executed'];

/** `/cases/:caseId/requests/:requestId`: a legal-cooperation request, its pipeline, draft and sent version. */
export function RequestPage() {
  const { t } = useTranslation('cases');
  const { caseId = '', requestId = '' } = useParams();
  const valid = IdSchema.safeParse(caseId).success && IdSchema.safeParse(requestId).success;
  const navigate = useNavigate();
  const toast = useToast();
  const user = useCurrentUser();
  const detail = useCase(caseId);
  const request = useRequest(caseId, requestId);
  useCaseLive(caseId, valid && detail.isSuccess, () => {
    toast.show(t('workspace.revoked'), 'danger');
    void navigate('/cases');
  });
  const back = <Link to={`/cases/${caseId}?tab=requests`}>{t('requests.back')}</Link>;
  if (!valid || isApiError(request.error, 'NOT_FOUND')) {
    return (
      <Page title={t('requests.notFound')} eyebrow={back}>
        <EmptyState title={t('requests.notFound')} />
      </Page>
    );
  }
  if (isApiError(request.error, 'FORBIDDEN') || isApiError(detail.error, 'FORBIDDEN')) {
    return (
      <Page title={t('workspace.forbidden')} eyebrow={back}>
        <EmptyState title={t('workspace.forbidden')}>{t('workspace.forbiddenHint')}</EmptyState>
      </Page>
    );
  }
  if (request.isPending || detail.isPending) {
    return (
      <Page title={t('requests.loading')} eyebrow={back}>
        <LoadingState />
      </Page>
    );
  }
  if (request.isError || detail.isError) {
    return (
      <Page title={t('requests.loading')} eyebrow={back}>
        <ErrorState error={request.error ?? detail.error} />
      </Page>
    );
  }
  const canManage = detail.data.capabilities.includes('requests.manage');
  return (
    <div className="case-frame">
      <CaseBanner sensitivity={detail.data.sensitivity} title={detail.data.title} />
      <RequestView
        request={request.data}
        canManage={canManage}
        canChangeHandling={
          detail.data.capabilities.includes('handling.change') ||
          (canManage && request.data.handling.originatorId === user.id)
        }
        countries={detail.data.countries}
        canExport={detail.data.capabilities.includes('material.export')}
        back={back}
      />
    </div>
  );
}

function RequestView({
  request,
  canManage,
  canChangeHandling,
  countries,
  canExport,
  back,
}: {
  request: CooperationRequest;
  canManage: boolean;
  canChangeHandling: boolean;
  countries: readonly JurisdictionCode[];
  canExport: boolean;
  back: React.ReactNode;
}) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const format = useFormat();
  const draft = useDocumentMeta(request.draftDocumentId);
  const [viewSent, setViewSent] = useState(false);
  const [editing, setEditing] = useState(false);
  const [changingHandling, setChangingHandling] = useState(false);
  const { update } = useRequestMutations(request.caseId);
  return (
    <Page
      title={request.title}
      eyebrow={back}
      width="wide"
      description={
        <Cluster>
          <RequestStatusBadge status={request.status} />
          <span>{t(`requests.types.${request.type}`)}</span>
        </Cluster>
      }
    >
      <Card
        title={t('requests.details')}
        labelledBy="request-details"
        actions={
          <Cluster>
            {canManage && (
              <Button size="sm" onClick={() => setEditing(true)}>
                {t('requests.edit')}
              </Button>
            )}
            {canChangeHandling && (
              <Button size="sm" variant="ghost" onClick={() => setChangingHandling(true)}>
                {t('handling.change')}
              </Button>
            )}
          </Cluster>
        }
      >
        <DescriptionList
          items={[
            {
              term: t('requests.from'),
              description: `${request.fromAuthority} (${labels.country(request.fromCountry)})`,
            },
            {
              term: t('requests.to'),
              description: `${request.toAuthority} (${labels.country(request.toCountry)})`,
            },
            {
              term: t('requests.dueDate'),
              description: request.dueDate ? format.dateTime(`${request.dueDate}T00:00:00Z`, 'date') : '—',
            },
            { term: t('handling.label'), description: <HandlingBadge handling={request.handling} /> },
          ]}
        />
      </Card>
      <Pipeline request={request} canManage={canManage} />
      {request.sentVersionId && (
        <Card
          title={t('requests.sentVersion')}
          description={t('requests.sentVersionHint', {
            date: request.sentAt ? format.dateTime(request.sentAt) : '',
          })}
          labelledBy="request-sent-version"
          actions={
            <Button size="sm" onClick={() => setViewSent(true)}>
              {t('requests.viewSent')}
            </Button>
          }
        >
          {canExport && (
            <ExportButtons documentId={request.draftDocumentId} versionId={request.sentVersionId} />
          )}
        </Card>
      )}
      <Card title={t('requests.draft')} description={t('requests.draftHint')} labelledBy="request-draft">
        {draft.isPending ? (
          <LoadingState />
        ) : draft.isError ? (
          <ErrorState error={draft.error} />
        ) : (
          <CollaborativeEditor
            documentId={request.draftDocumentId}
            access={draft.data.access}
            label={draft.data.title}
            showOutline={false}
          />
        )}
      </Card>
      {editing && <EditRequestDialog request={request} onClose={() => setEditing(false)} />}
      {changingHandling && (
        <HandlingDialog
          caseId={request.caseId}
          countries={countries}
          current={request.handling}
          busy={update.isPending}
          error={update.error}
          onSave={(handling) =>
            update.mutate(
              { requestId: request.id, body: { handling } },
              { onSuccess: () => setChangingHandling(false) },
            )
          }
          onClose={() => setChangingHandling(false)}
        />
      )}
      {viewSent && request.sentVersionId && (
        <SentVersionDialog
          documentId={request.draftDocumentId}
          versionId={request.sentVersionId}
          onClose={() => setViewSent(false)}
        />
      )}
    </Page>
  );
}

function Pipeline({ request, canManage }: { request: CooperationRequest; canManage: boolean }) {
  const { t } = useTranslation('cases');
  const format = useFormat();
  const toast = useToast();
  const { transition } = useRequestMutations(request.caseId);
  const [target, setTarget] = useState<RequestStatus | null>(null);
  const [note, setNote] = useState('');
  const reached = new Set(request.history.map((entry) => entry.to));
  const path = MAIN_PATH.includes(request.status)
    ? MAIN_PATH
    : [...MAIN_PATH.filter((status) => reached.has(status)), request.status];
  const next = REQUEST_TRANSITIONS[request.status];
  return (
    <Card title={t('requests.pipeline')} labelledBy="request-pipeline">
      <ol className="case-pipeline" aria-label={t('requests.pipeline')}>
        {path.map((status) => (
          <li
            key={status}
            className={cx(
              'case-pipeline__step',
              reached.has(status) && 'case-pipeline__step--done',
              status === request.status && 'case-pipeline__step--current',
            )}
            aria-current={status === request.status ? 'step' : undefined}
          >
            {t(`requests.status.${status}`)}
          </li>
        ))}
      </ol>
      {canManage && next.length > 0 && (
        <Cluster>
          {next.map((status) => (
            <Button
              key={status}
              size="sm"
              variant={
                status === 'sent'
                  ? 'primary'
                  : status === 'withdrawn' || status === 'refused'
                    ? 'danger'
                    : 'secondary'
              }
              onClick={() => setTarget(status)}
            >
              {t(`requests.moveTo.${status}`)}
            </Button>
          ))}
        </Cluster>
      )}
      <h3 className="case-subheading">{t('requests.history')}</h3>
      <ol className="ui-list-reset case-timeline">
        {[...request.history].reverse().map((entry, index) => (
          <li key={index} className="case-timeline__entry">
            <time className="ui-small ui-muted" dateTime={entry.at}>
              {format.dateTime(entry.at)}
            </time>
            <span>
              {t('requests.historyEntry', { name: entry.by.name, status: t(`requests.status.${entry.to}`) })}
              {entry.note && <span className="ui-muted"> — {entry.note}</span>}
            </span>
          </li>
        ))}
      </ol>
      <Dialog
        open={target !== null}
        onClose={() => setTarget(null)}
        title={target ? t(`requests.moveTo.${target}`) : ''}
        description={target === 'sent' ? t('requests.sendWarning') : undefined}
        footer={
          <>
            <Button onClick={() => setTarget(null)}>{t('common.cancel')}</Button>
            <Button
              variant="primary"
              busy={transition.isPending}
              onClick={() =>
                target &&
                transition.mutate(
                  {
                    requestId: request.id,
                    body: { to: target, ...(note.trim() ? { note: note.trim() } : {}) },
                  },
                  {
                    onSuccess: () => {
                      toast.show(t('requests.moved', { status: t(`requests.status.${target}`) }), 'success');
                      setTarget(null);
                      setNote('');
                    },
                  },
                )
              }
            >
              {t('common.confirm')}
            </Button>
          </>
        }
      >
        {transition.error && <Banner tone="danger">{errorMessage(t, transition.error)}</Banner>}
        <TextField
          label={t('requests.note')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </Dialog>
    </Card>
  );
}

function SentVersionDialog({
  documentId,
  versionId,
  onClose,
}: {
  documentId: string;
  versionId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('cases');
  const content = useVersionContent(documentId, versionId);
  return (
    <Dialog open onClose={onClose} size="lg" title={t('requests.sentVersion')}>
      {content.isPending ? (
        <LoadingState />
      ) : content.isError ? (
        <ErrorState error={content.error} />
      ) : (
        <ReadOnlyDocument state={content.data.state} label={content.data.version.name} />
      )}
    </Dialog>
  );
}

function EditRequestDialog({ request, onClose }: { request: CooperationRequest; onClose: () => void }) {
  const { t } = useTranslation('cases');
  const { update } = useRequestMutations(request.caseId);
  const [title, setTitle] = useState(request.title);
  const [fromAuthority, setFromAuthority] = useState(request.fromAuthority);
  const [toAuthority, setToAuthority] = useState(request.toAuthority);
  const [dueDate, setDueDate] = useState(request.dueDate ?? '');
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('requests.edit')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            busy={update.isPending}
            onClick={() =>
              update.mutate(
                {
                  requestId: request.id,
                  body: { title, fromAuthority, toAuthority, dueDate: dueDate || null },
                },
                { onSuccess: onClose },
              )
            }
          >
            {t('common.save')}
          </Button>
        </>
      }
    >
      <div className="ui-stack">
        {update.error ? <Banner tone="danger">{errorMessage(t, update.error)}</Banner> : null}
        <TextField
          label={t('fields.title')}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
        <TextField
          label={t('requests.fromAuthority')}
          value={fromAuthority}
          onChange={(event) => setFromAuthority(event.target.value)}
        />
        <TextField
          label={t('requests.toAuthority')}
          value={toAuthority}
          onChange={(event) => setToAuthority(event.target.value)}
        />
        <TextField
          label={t('requests.dueDate')}
          type="date"
          value={dueDate}
          onChange={(event) => setDueDate(event.target.value)}
        />
      </div>
    </Dialog>
  );
}
