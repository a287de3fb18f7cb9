import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import * as Y from 'yjs';
import { VERSION_KINDS, VersionKindSchema, type DocumentVersion, type VersionKind } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { blockLines, diffLines, fromBase64, ReadOnlyDocument } from '../../../editor';
import {
  Badge,
  Banner,
  Button,
  ConfirmDialog,
  Dialog,
  ErrorState,
  LoadingState,
  Select,
  TextField,
  errorMessage,
  useToast,
} from '../../../ui';
import { useVersionContent, useVersionMutations, useVersions } from '../api';
import { ExportButtons } from './ExportButtons';

/** Version history: automatic and named versions, view read-only, compare with now, restore. */
export function VersionsPanel({
  documentId,
  canEdit,
  canExport,
  currentDoc,
}: {
  documentId: string;
  canEdit: boolean;
  /** The case's `material.export`: without it the server refuses every export. */
  canExport: boolean;
  currentDoc: () => Y.Doc | null;
}) {
  const { t } = useTranslation('cases');
  const format = useFormat();
  const toast = useToast();
  const [kind, setKind] = useState<VersionKind | undefined>(undefined);
  const versions = useVersions(documentId, kind);
  const items = useMemo(() => versions.data?.pages.flatMap((page) => page.items) ?? [], [versions.data]);
  const mutations = useVersionMutations(documentId);
  const [name, setName] = useState('');
  const [viewing, setViewing] = useState<{ version: DocumentVersion; mode: 'view' | 'compare' } | null>(null);
  const [restoring, setRestoring] = useState<DocumentVersion | null>(null);
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    mutations.create.mutate(name.trim(), {
      onSuccess: () => {
        setName('');
        toast.show(t('versions.saved'), 'success');
      },
    });
  };
  return (
    <div className="ui-stack">
      {canEdit && (
        <form className="case-inline-form" onSubmit={save}>
          <TextField
            label={t('versions.name')}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <Button type="submit" busy={mutations.create.isPending}>
            {t('versions.save')}
          </Button>
        </form>
      )}
      {mutations.create.error && <Banner tone="danger">{errorMessage(t, mutations.create.error)}</Banner>}
      <Select
        label={t('versions.filter')}
        placeholder={t('versions.allKinds')}
        value={kind ?? ''}
        onChange={(event) => {
          const chosen = VersionKindSchema.safeParse(event.target.value);
          setKind(chosen.success ? chosen.data : undefined);
        }}
        options={VERSION_KINDS.map((value) => ({ value, label: t(`versions.kinds.${value}`) }))}
      />
      {versions.isPending ? (
        <LoadingState />
      ) : versions.isError && items.length === 0 ? (
        <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
      ) : items.length === 0 ? (
        <p className="ui-muted ui-small">{kind ? t('versions.noneOfKind') : t('versions.none')}</p>
      ) : (
        <ol className="ui-list-reset case-versions">
          {items.map((version) => (
            <li key={version.id} className="case-version" data-kind={version.kind}>
              <div>
                <strong>{version.name}</strong>{' '}
                <Badge tone={version.locked ? 'warning' : 'neutral'}>
                  {t(`versions.kinds.${version.kind}`)}
                </Badge>
              </div>
              <span className="ui-small ui-muted">
                {format.dateTime(version.createdAt)}
                {version.createdBy && ` · ${version.createdBy.name}`}
              </span>
              <div className="case-version__actions">
                <Button size="sm" variant="ghost" onClick={() => setViewing({ version, mode: 'view' })}>
                  {t('versions.view')}
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setViewing({ version, mode: 'compare' })}>
                  {t('versions.compare')}
                </Button>
                {canEdit && (
                  <Button size="sm" variant="ghost" onClick={() => setRestoring(version)}>
                    {t('versions.restore')}
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      {versions.isFetchNextPageError && <ErrorState error={versions.error} />}
      {versions.hasNextPage && (
        <div className="load-more">
          <Button busy={versions.isFetchingNextPage} onClick={() => void versions.fetchNextPage()}>
            {t('versions.showOlder')}
          </Button>
        </div>
      )}
      {viewing && (
        <VersionDialog
          documentId={documentId}
          version={viewing.version}
          mode={viewing.mode}
          canExport={canExport}
          currentDoc={currentDoc}
          onClose={() => setViewing(null)}
        />
      )}
      <ConfirmDialog
        open={restoring !== null}
        tone="primary"
        title={t('versions.restoreTitle', { name: restoring?.name ?? '' })}
        message={t('versions.restoreBody')}
        confirmLabel={t('versions.restore')}
        busy={mutations.restore.isPending}
        error={mutations.restore.error ? errorMessage(t, mutations.restore.error) : undefined}
        onCancel={() => setRestoring(null)}
        onConfirm={() => {
          if (!restoring) return;
          mutations.restore.mutate(restoring.id, {
            onSuccess: () => {
              toast.show(t('versions.restored', { name: restoring.name }), 'success');
              setRestoring(null);
            },
          });
        }}
      />
    </div>
  );
}

function VersionDialog({
  documentId,
  version,
  mode,
  canExport,
  currentDoc,
  onClose,
}: {
  documentId: string;
  version: DocumentVersion;
  mode: 'view' | 'compare';
  canExport: boolean;
  currentDoc: () => Y.Doc | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('cases');
  const content = useVersionContent(documentId, version.id);
  const diff = useMemo(() => {
    if (mode !== 'compare' || !content.data) return null;
    const live = currentDoc();
    if (!live) return null;
    const old = new Y.Doc();
    Y.applyUpdate(old, fromBase64(content.data.state));
    const lines = diffLines(blockLines(old), blockLines(live));
    old.destroy();
    return lines;
  }, [mode, content.data, currentDoc]);
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={mode === 'view' ? version.name : t('versions.compareTitle', { name: version.name })}
    >
      {content.isPending ? (
        <LoadingState />
      ) : content.isError ? (
        <ErrorState error={content.error} />
      ) : mode === 'view' ? (
        <div className="ui-stack">
          <ReadOnlyDocument state={content.data.state} label={version.name} />
          {canExport ? (
            <ExportButtons documentId={documentId} versionId={version.id} />
          ) : (
            <p className="ui-muted ui-small">{t('export.notAllowed')}</p>
          )}
        </div>
      ) : diff ? (
        <div className="ui-stack">
          <p className="ui-small ui-muted">{t('versions.compareLegend')}</p>
          <ol className="collab-diff" aria-label={t('versions.compareTitle', { name: version.name })}>
            {diff.map((line, index) => (
              <li key={index} className={`collab-diff__line collab-diff__line--${line.kind}`}>
                <span className="ui-visually-hidden">{t(`versions.diff.${line.kind}`)}</span>
                {line.text}
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <p>{t('versions.compareUnavailable')}</p>
      )}
    </Dialog>
  );
}
