import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Editor } from '@tiptap/core';
import { IdSchema } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import {
  CollaborativeEditor,
  OutlineList,
  documentOf,
  selectionAnchor,
  type CommentAnchorView,
} from '../../../editor';
import { isApiError } from '../../../lib/api';
import {
  Banner,
  Button,
  Card,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
  Tabs,
  useToast,
} from '../../../ui';
import { useCase, useCaseLive, useComments, useDocumentMeta, useUpdateDocument } from '../api';
import { CaseBanner, HandlingBadge } from '../components/common';
import { CommentsPanel, type PendingAnchor } from '../components/CommentsPanel';
import { ExportButtons } from '../components/ExportButtons';
import { HandlingDialog } from '../components/HandlingDialog';
import { VersionsPanel } from '../components/VersionsPanel';
import '../cases.css';

/** `/cases/:caseId/documents/:documentId`: a co-edited case document with comments, versions and exports. */
export function DocumentPage() {
  const { t } = useTranslation('cases');
  const { caseId = '', documentId = '' } = useParams();
  const valid = IdSchema.safeParse(caseId).success && IdSchema.safeParse(documentId).success;
  const navigate = useNavigate();
  const toast = useToast();
  const detail = useCase(caseId);
  const meta = useDocumentMeta(documentId);
  useCaseLive(caseId, valid && detail.isSuccess, () => {
    toast.show(t('workspace.revoked'), 'danger');
    void navigate('/cases');
  });
  const back = <Link to={`/cases/${caseId}?tab=documents`}>{t('document.back')}</Link>;
  if (!valid || isApiError(meta.error, 'NOT_FOUND')) {
    return (
      <Page title={t('document.notFound')} eyebrow={back}>
        <EmptyState title={t('document.notFound')} />
      </Page>
    );
  }
  if (isApiError(meta.error, 'FORBIDDEN') || isApiError(detail.error, 'FORBIDDEN')) {
    return (
      <Page title={t('workspace.forbidden')} eyebrow={back}>
        <EmptyState title={t('workspace.forbidden')}>{t('workspace.forbiddenHint')}</EmptyState>
      </Page>
    );
  }
  if (meta.isPending || detail.isPending) {
    return (
      <Page title={t('document.loading')} eyebrow={back}>
        <LoadingState />
      </Page>
    );
  }
  if (meta.isError || detail.isError) {
    return (
      <Page title={t('document.loading')} eyebrow={back}>
        <ErrorState error={meta.error ?? detail.error} />
      </Page>
    );
  }
  return (
    <DocumentWorkspace
      caseId={caseId}
      documentId={documentId}
      back={back}
      detail={detail.data}
      meta={meta.data}
    />
  );
}

function DocumentWorkspace({
  caseId,
  documentId,
  back,
  detail,
  meta,
}: {
  caseId: string;
  documentId: string;
  back: React.ReactNode;
  detail: NonNullable<ReturnType<typeof useCase>['data']>;
  meta: NonNullable<ReturnType<typeof useDocumentMeta>['data']>;
}) {
  const { t } = useTranslation('cases');
  const user = useCurrentUser();
  const [editor, setEditor] = useState<Editor | null>(null);
  const [activeComment, setActiveComment] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingAnchor | null>(null);
  const [needSelection, setNeedSelection] = useState(false);
  const [panel, setPanel] = useState<'outline' | 'comments' | 'versions' | 'export'>('comments');
  const [changingHandling, setChangingHandling] = useState(false);
  const comments = useComments(documentId);
  const updateDocument = useUpdateDocument(documentId);
  const canEdit = meta.access === 'edit';
  const canExport = detail.capabilities.includes('material.export');
  const canChangeHandling =
    detail.capabilities.includes('handling.change') || (canEdit && meta.handling?.originatorId === user.id);

  const anchors: CommentAnchorView[] = useMemo(
    () =>
      (comments.data?.items ?? [])
        .filter((comment) => !comment.resolved)
        .map((comment) => ({
          id: comment.id,
          start: comment.anchor.start,
          end: comment.anchor.end,
          active: comment.id === activeComment,
        })),
    [comments.data, activeComment],
  );
  const activate = useCallback((id: string | null) => {
    setActiveComment(id);
    setPanel('comments');
  }, []);
  const currentDoc = useCallback(() => (editor ? documentOf(editor) : null), [editor]);

  const startComment = () => {
    const anchor = editor ? selectionAnchor(editor) : null;
    if (!anchor) {
      setNeedSelection(true);
      return;
    }
    setNeedSelection(false);
    setPending(anchor);
    setPanel('comments');
  };

  return (
    <div className="case-frame">
      <CaseBanner sensitivity={detail.sensitivity} title={detail.title} />
      <Page
        title={meta.title}
        eyebrow={back}
        width="wide"
        description={
          meta.handling ? (
            <span className="case-handling-line">
              <HandlingBadge handling={meta.handling} />
              {canChangeHandling && (
                <Button size="sm" variant="ghost" onClick={() => setChangingHandling(true)}>
                  {t('handling.change')}
                </Button>
              )}
            </span>
          ) : undefined
        }
      >
        {needSelection && (
          <Banner tone="info" onDismiss={() => setNeedSelection(false)}>
            {t('comments.selectFirst')}
          </Banner>
        )}
        <div className="case-document">
          <CollaborativeEditor
            documentId={documentId}
            access={meta.access}
            label={meta.title}
            comments={anchors}
            onCommentActivate={activate}
            onEditorReady={setEditor}
            showOutline={false}
            toolbarExtra={
              canEdit && (
                <Button size="sm" onClick={startComment}>
                  {t('comments.add')}
                </Button>
              )
            }
          />
          <aside className="case-document__side" aria-label={t('document.sidebar')}>
            <Tabs
              label={t('document.sidebar')}
              selectedId={panel}
              onSelect={(id) => setPanel(id as typeof panel)}
              items={[
                { id: 'outline', label: t('document.outline'), panel: <OutlineList editor={editor} /> },
                {
                  id: 'comments',
                  label: t('document.comments', {
                    count: (comments.data?.items ?? []).filter((comment) => !comment.resolved).length,
                  }),
                  panel: (
                    <CommentsPanel
                      documentId={documentId}
                      comments={comments}
                      activeId={activeComment}
                      onActivate={setActiveComment}
                      canWrite={canEdit}
                      pending={pending}
                      onPendingDone={() => setPending(null)}
                    />
                  ),
                },
                {
                  id: 'versions',
                  label: t('document.versions'),
                  panel: (
                    <VersionsPanel
                      documentId={documentId}
                      canEdit={canEdit}
                      canExport={canExport}
                      currentDoc={currentDoc}
                    />
                  ),
                },
                {
                  id: 'export',
                  label: t('document.export'),
                  panel: canExport ? (
                    <Card
                      title={t('export.title')}
                      description={t('export.hint')}
                      level={3}
                      labelledBy="document-export"
                    >
                      <ExportButtons documentId={documentId} />
                    </Card>
                  ) : (
                    <p className="ui-muted ui-small">{t('export.notAllowed')}</p>
                  ),
                },
              ]}
            />
          </aside>
        </div>
      </Page>
      {meta.handling && changingHandling && (
        <HandlingDialog
          caseId={caseId}
          countries={detail.countries}
          current={meta.handling}
          busy={updateDocument.isPending}
          error={updateDocument.error}
          onSave={(handling) =>
            updateDocument.mutate({ handling }, { onSuccess: () => setChangingHandling(false) })
          }
          onClose={() => setChangingHandling(false)}
        />
      )}
    </div>
  );
}
