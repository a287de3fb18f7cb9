import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { threadRoutes, type ThreadDetail } from '@serantau/shared';
import { apiRequest } from '../../../lib/api';
import { Button, errorMessage } from '../../../ui';
import { channelKeys } from '../api';

/**
 * The thread's living conclusion, co-edited by its participants: a document owned by the thread,
 * created the first time someone who may reply starts it.
 */
export function ThreadSummaryPanel({ thread }: { thread: ThreadDetail }) {
  const { t } = useTranslation('channels');
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: () => apiRequest(threadRoutes.startSummary, { params: { id: thread.id } }),
    onSuccess: (updated) => queryClient.setQueryData(channelKeys.thread(thread.id), updated),
  });
  return (
    <section className="thread-summary" aria-labelledby={`summary-${thread.id}`}>
      <h2 id={`summary-${thread.id}`} className="channel-aside__heading">
        {t('summary.heading')}
      </h2>
      {thread.summaryDocumentId ? (
        <p className="ui-small ui-muted">{t('summary.unavailable')}</p>
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
    </section>
  );
}
