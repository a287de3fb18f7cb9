import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { threadRoutes, type ThreadDetail } from '@serantau/shared';
import { CollaborativeEditor } from '../../../editor';
import { apiRequest } from '../../../lib/api';
import { Button, errorMessage } from '../../../ui';
import { channelKeys } from '../api';

/**
 * The thread's living conclusion, co-edited by its participants with the same editor as case notes:
 * a document owned by the thread, started by the first person who may reply here. Who may edit or
 * only read it follows the thread (the collab endpoint asks the thread's container on every open).
 */
export function ThreadSummaryPanel({ thread }: { thread: ThreadDetail }) {
  const { t } = useTranslation('channels');
  const queryClient = useQueryClient();
  const panelId = useId();
  const [open, setOpen] = useState(true);
  const start = useMutation({
    mutationFn: () => apiRequest(threadRoutes.startSummary, { params: { id: thread.id } }),
    onSuccess: (updated) => queryClient.setQueryData(channelKeys.thread(thread.id), updated),
  });
  const documentId = thread.summaryDocumentId;
  return (
    <section className="thread-summary" aria-labelledby={`${panelId}-heading`}>
      <div className="thread-summary__header">
        <h2 id={`${panelId}-heading`} className="channel-aside__heading">
          {t('summary.heading')}
        </h2>
        {documentId && (
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((value) => !value)}
          >
            {open ? t('summary.hide') : t('summary.show')}
          </Button>
        )}
      </div>
      <div id={panelId} hidden={Boolean(documentId) && !open}>
        {documentId ? (
          <CollaborativeEditor
            documentId={documentId}
            access={thread.access.post ? 'edit' : 'view'}
            label={t('summary.label', { title: thread.title })}
            placeholder={t('summary.placeholder')}
            showOutline={false}
          />
        ) : thread.access.post ? (
          <>
            <p className="ui-small ui-muted">{t('summary.none')}</p>
            <Button size="sm" busy={start.isPending} onClick={() => start.mutate()}>
              {t('summary.start')}
            </Button>
            {start.isError && <p className="ui-field__error">{errorMessage(t, start.error)}</p>}
          </>
        ) : (
          <p className="ui-small ui-muted">{t('summary.noneReadOnly')}</p>
        )}
      </div>
    </section>
  );
}
