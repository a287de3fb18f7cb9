import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  HANDLING_CODES,
  MAX_ATTACHMENT_BYTES,
  type Case,
  type CaseAttachment,
  type HandlingCode,
} from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { useFormat } from '../../../app/format';
import {
  Banner,
  Button,
  Card,
  Cluster,
  DataTable,
  EmptyState,
  ErrorState,
  LoadingState,
  Select,
  errorMessage,
  useToast,
} from '../../../ui';
import { isApiError } from '../../../lib/api';
import { downloadAttachment, useAttachmentMutations, useAttachments } from '../api';
import { HandlingBadge } from './common';
import { HandlingDialog } from './HandlingDialog';

/** Files attached to the case, each under a handling code enforced on download. */
export function FilesPanel({ detail }: { detail: Case }) {
  const { t } = useTranslation('cases');
  const format = useFormat();
  const toast = useToast();
  const attachments = useAttachments(detail.id);
  const mutations = useAttachmentMutations(detail.id);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [changing, setChanging] = useState<CaseAttachment | null>(null);
  const user = useCurrentUser();
  const mayChange = (file: CaseAttachment) =>
    detail.capabilities.includes('handling.change') || (canUpload && file.handling.originatorId === user.id);
  const canUpload = detail.capabilities.includes('attachments.upload');
  const canExport = detail.capabilities.includes('material.export');
  if (attachments.isPending) return <LoadingState />;
  if (attachments.isError)
    return <ErrorState error={attachments.error} onRetry={() => void attachments.refetch()} />;
  return (
    <div className="ui-stack">
      {downloadError !== null && (
        <Banner tone="danger" onDismiss={() => setDownloadError(null)}>
          {isApiError(downloadError, 'FORBIDDEN') ? t('files.forbidden') : errorMessage(t, downloadError)}
        </Banner>
      )}
      {attachments.data.items.length === 0 ? (
        <EmptyState title={t('files.none')} />
      ) : (
        <DataTable<CaseAttachment>
          caption={t('files.caption')}
          hideCaption
          rows={attachments.data.items}
          rowKey={(file) => file.id}
          columns={[
            { key: 'name', header: t('files.name'), rowHeader: true, render: (file) => file.fileName },
            {
              key: 'size',
              header: t('files.size'),
              render: (file) =>
                t('files.kilobytes', { size: Math.max(1, Math.round(file.sizeBytes / 1024)) }),
            },
            {
              key: 'handling',
              header: t('handling.label'),
              render: (file) => <HandlingBadge handling={file.handling} />,
            },
            {
              key: 'by',
              header: t('files.uploadedBy'),
              render: (file) => `${file.uploadedBy.name}, ${format.dateTime(file.uploadedAt)}`,
            },
            {
              key: 'actions',
              header: t('files.actions'),
              render: (file) => (
                <Cluster>
                  {mayChange(file) && (
                    <Button size="sm" variant="ghost" onClick={() => setChanging(file)}>
                      {t('handling.change')}
                    </Button>
                  )}
                  {canExport ? (
                    <Button
                      size="sm"
                      onClick={() =>
                        void downloadAttachment(detail.id, file.id).then(
                          () => toast.show(t('files.downloaded'), 'success'),
                          (error: unknown) => setDownloadError(error),
                        )
                      }
                    >
                      {t('files.download')}
                    </Button>
                  ) : (
                    <span className="ui-small ui-muted">{t('files.viewerNoDownload')}</span>
                  )}
                </Cluster>
              ),
            },
          ]}
        />
      )}
      {canUpload && <UploadForm upload={mutations.upload} />}
      {changing && (
        <HandlingDialog
          caseId={detail.id}
          countries={detail.countries}
          current={changing.handling}
          busy={mutations.setHandling.isPending}
          error={mutations.setHandling.error}
          onSave={(handling) =>
            mutations.setHandling.mutate(
              { attachmentId: changing.id, handling },
              { onSuccess: () => setChanging(null) },
            )
          }
          onClose={() => setChanging(null)}
        />
      )}
    </div>
  );
}

function UploadForm({ upload }: { upload: ReturnType<typeof useAttachmentMutations>['upload'] }) {
  const { t } = useTranslation('cases');
  const input = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState<HandlingCode>('team_only');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return;
    if (file.size > MAX_ATTACHMENT_BYTES) {
      setProblem(t('files.tooLarge'));
      return;
    }
    setProblem(null);
    upload.mutate(
      { file, handlingCode: code },
      {
        onSuccess: () => {
          if (input.current) input.current.value = '';
        },
      },
    );
  };
  return (
    <Card
      title={t('files.uploadTitle')}
      description={t('files.uploadHint')}
      labelledBy="files-upload"
      level={3}
    >
      <form className="case-inline-form" onSubmit={submit}>
        <div className="ui-field">
          <label className="ui-field__label" htmlFor="case-file-input">
            {t('files.file')}
          </label>
          <input id="case-file-input" ref={input} type="file" className="ui-input" />
        </div>
        <Select
          label={t('handling.label')}
          value={code}
          options={HANDLING_CODES.map((value) => ({ value, label: t(`handling.codes.${value}`) }))}
          onChange={(event) => setCode(event.target.value as HandlingCode)}
        />
        <Button type="submit" variant="primary" busy={upload.isPending}>
          {t('files.upload')}
        </Button>
      </form>
      {(problem || upload.error) && <Banner tone="danger">{problem ?? errorMessage(t, upload.error)}</Banner>}
    </Card>
  );
}
