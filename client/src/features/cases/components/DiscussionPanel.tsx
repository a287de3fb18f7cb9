import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CaseChangedEventSchema, type Case, type ThreadDetail } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { useSocketEvent } from '../../../lib/socket';
import { EmptyState, ErrorState, LoadingState } from '../../../ui';
import { channelKeys, useThread } from '../../channels/api';
import { useThreadTimeline } from '../../channels/live/useThreadTimeline';
import { ThreadView } from '../../channels/pages/ThreadPage';

/**
 * The case's one discussion thread, opened by the case itself: the channels feature's thread view
 * (messages, composer, co-edited summary), live. The team reads it; leads and members write while
 * the case is open; the server decides, the view shows what it was told.
 */
export function DiscussionPanel({ detail }: { detail: Case }) {
  const { t } = useTranslation('cases');
  if (!detail.threadId) {
    return <EmptyState title={t('discussion.unavailable')}>{t('discussion.unavailableHint')}</EmptyState>;
  }
  return <CaseDiscussion caseId={detail.id} threadId={detail.threadId} />;
}

function CaseDiscussion({ caseId, threadId }: { caseId: string; threadId: string }) {
  const { t } = useTranslation('cases');
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const timeline = useThreadTimeline(threadId, user.id);
  const thread = useThread(threadId);

  // What the discussion allows follows the case (closed, reopened) and the team (roles): ask again.
  useSocketEvent('cases:changed', (event) => {
    const parsed = CaseChangedEventSchema.safeParse(event);
    if (!parsed.success || parsed.data.caseId !== caseId) return;
    if (parsed.data.scope === 'case' || parsed.data.scope === 'team')
      void queryClient.invalidateQueries({ queryKey: channelKeys.thread(threadId) });
  });
  // Outside the channels section nobody else patches the cached thread (locked, renamed…).
  useSocketEvent('thread:updated', ({ thread: changed }) => {
    if (changed.id !== threadId) return;
    queryClient.setQueryData<ThreadDetail>(channelKeys.thread(threadId), (current) =>
      current ? { ...current, ...changed } : current,
    );
  });

  if (timeline.status === 'error') return <ErrorState error={timeline.error} />;
  if (!thread.data || timeline.status === 'loading') return <LoadingState label={t('discussion.loading')} />;
  return (
    <section aria-label={t('discussion.label')}>
      {timeline.messages.length === 0 && (
        <p className="ui-small ui-muted">
          {thread.data.access.post ? t('discussion.empty') : t('discussion.emptyReadOnly')}
        </p>
      )}
      <ThreadView thread={thread.data} timeline={timeline} myUserId={user.id} embedded />
    </section>
  );
}
