import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Message, ThreadDetail } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import {
  Badge,
  Banner,
  Button,
  Cluster,
  ErrorState,
  LoadingState,
  Page,
  errorMessage,
  useToast,
} from '../../../ui';
import { useThread, useThreadChanges } from '../api';
import { Composer, type ComposerDraft } from '../components/Composer';
import { MessageItem } from '../components/MessageItem';
import { MoveThreadDialog } from '../components/ModerationDialogs';
import { ThreadSummaryPanel } from '../components/ThreadSummaryPanel';
import { fromWireText } from '../lib/mentions';
import { dismissRejected, outboxFor, useThreadOutbox } from '../live/outbox';
import { useThreadTimeline } from '../live/useThreadTimeline';
// Imported here too, not only by the channels layout: the view is embedded in other features' pages.
import '../channels.css';

/** `/channels/:channelId/threads/:threadId`: the discussion, live. */
export function ThreadPage() {
  const { threadId = '', channelId = '' } = useParams();
  const { t } = useTranslation('channels');
  const user = useCurrentUser();
  const { hash } = useLocation();
  const focusSeq = /^#seq-(\d+)$/.exec(hash)?.[1];
  const timeline = useThreadTimeline(threadId, user.id, focusSeq ? Number(focusSeq) : null);
  const thread = useThread(threadId);

  if (timeline.status === 'error') return <ErrorState error={timeline.error} />;
  if (!thread.data || timeline.status === 'loading') return <LoadingState label={t('thread.loading')} />;
  return <ThreadView thread={thread.data} channelId={channelId} timeline={timeline} myUserId={user.id} />;
}

export interface ThreadViewProps {
  thread: ThreadDetail;
  timeline: ReturnType<typeof useThreadTimeline>;
  myUserId: string;
  /** The channel the URL names (a moved thread follows its new channel); channel pages only. */
  channelId?: string;
  /**
   * Shown inside another feature's page (a case's one discussion thread): no page frame or link
   * back to a channel, and none of the actions that only mean something among a channel's many
   * threads (pin, resolve, move).
   */
  embedded?: boolean;
}

/** A thread's live discussion: summary, messages and composer (a page of its own, or embedded). */
export function ThreadView({ thread, channelId, timeline, myUserId, embedded = false }: ThreadViewProps) {
  const { t } = useTranslation('channels');
  const toast = useToast();
  const navigate = useNavigate();
  const changes = useThreadChanges(thread.id);
  const outbox = useThreadOutbox(thread.id);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [restore, setRestore] = useState<ComposerDraft | null>(null);
  const [moving, setMoving] = useState(false);
  const firstUnreadRef = useRef<HTMLLIElement | null>(null);
  const isAuthor = thread.author.id === myUserId;
  const onRestored = useCallback(() => setRestore(null), []);

  // The thread moved to a channel this URL does not name: follow it.
  useEffect(() => {
    if (embedded || channelId === undefined) return;
    if (thread.container.type === 'channel' && thread.container.id !== channelId) {
      void navigate(`/channels/${thread.container.id}/threads/${thread.id}`, { replace: true });
    }
  }, [thread.container, thread.id, channelId, navigate, embedded]);

  // Opened at one message (#seq-N): bring it into view once it is there.
  const { hash } = useLocation();
  const loaded = timeline.messages.length > 0;
  useEffect(() => {
    const seq = /^#seq-(\d+)$/.exec(hash)?.[1];
    if (!seq || !loaded) return;
    const target = document.querySelector<HTMLElement>(`article[data-seq="${seq}"]`);
    target?.scrollIntoView?.({ block: 'center' });
    target?.closest('li')?.focus();
  }, [hash, loaded]);

  const jumpToFirstUnread = () => {
    firstUnreadRef.current?.scrollIntoView?.({ block: 'center' });
    firstUnreadRef.current?.querySelector<HTMLElement>('article')?.focus();
  };

  const fail = (error: unknown) => toast.show(errorMessage(t, error), 'danger');

  const badges = (
    <>
      {thread.pinned && !embedded && <Badge tone="info">{t('threads.pinned')}</Badge>}
      {thread.locked && <Badge tone="warning">{t('threads.locked')}</Badge>}
      {thread.resolved && !embedded && <Badge tone="success">{t('threads.resolved')}</Badge>}
      {thread.tags.map((tag) => (
        <Badge key={tag}>{tag}</Badge>
      ))}
    </>
  );
  const actions = (
    <Cluster>
      <Button
        aria-pressed={thread.me.following}
        busy={changes.follow.isPending}
        onClick={() => changes.follow.mutate(!thread.me.following, { onError: fail })}
      >
        {thread.me.following ? t('thread.unfollow') : t('thread.follow')}
      </Button>
      {!embedded && (isAuthor || thread.access.moderate) && (
        <Button onClick={() => changes.resolve.mutate(!thread.resolved, { onError: fail })}>
          {thread.resolved ? t('thread.reopen') : t('thread.markResolved')}
        </Button>
      )}
      {thread.access.moderate && (
        <Button onClick={() => changes.lock.mutate(!thread.locked, { onError: fail })}>
          {thread.locked ? t('thread.unlock') : t('thread.lock')}
        </Button>
      )}
      {!embedded && thread.access.moderate && (
        <>
          <Button onClick={() => changes.pin.mutate(!thread.pinned, { onError: fail })}>
            {thread.pinned ? t('thread.unpin') : t('thread.pin')}
          </Button>
          <Button onClick={() => setMoving(true)}>{t('thread.move')}</Button>
        </>
      )}
    </Cluster>
  );
  const discussion = (
    <>
      {thread.locked && <Banner tone="warning">{t('thread.lockedNotice')}</Banner>}
      <div className="thread-page">
        <ThreadSummaryPanel thread={thread} />
        <section className="thread-page__messages" aria-label={t('thread.messages')}>
          {timeline.firstUnreadSeq !== null &&
            timeline.messages.some((message) => message.seq >= (timeline.firstUnreadSeq ?? 0)) && (
              <Button size="sm" className="thread-page__jump" onClick={jumpToFirstUnread}>
                {t('thread.jumpToUnread')}
              </Button>
            )}
          {timeline.hasOlder && (
            <div className="load-more">
              <Button size="sm" onClick={() => void timeline.loadOlder().catch(fail)}>
                {t('thread.loadOlder')}
              </Button>
            </div>
          )}
          <ol className="ui-list-reset message-list">
            {timeline.messages.map((message) => {
              const firstUnread = message.seq === timeline.firstUnreadSeq;
              return (
                <li key={message.id} ref={firstUnread ? firstUnreadRef : undefined} tabIndex={-1}>
                  {firstUnread && (
                    <div className="unread-divider" role="separator">
                      <span>{t('thread.newMessages')}</span>
                    </div>
                  )}
                  <MessageItem
                    message={message}
                    thread={thread}
                    myUserId={myUserId}
                    onReply={setReplyTo}
                    onReplace={timeline.replace}
                  />
                </li>
              );
            })}
            {outbox.pending.map((entry) => (
              <li key={entry.clientMessageId} className="message message--pending" aria-live="polite">
                <p className="ui-small ui-muted">{t('thread.sending')}</p>
                <p className="message__pending-text">{entry.body}</p>
              </li>
            ))}
            {outbox.rejected.map((entry) => (
              <li key={entry.clientMessageId} className="message message--rejected">
                <Banner tone="danger" title={t('thread.notSent')}>
                  {entry.error.message}
                </Banner>
                <p className="message__pending-text">{entry.body}</p>
                <Cluster>
                  <Button
                    size="sm"
                    onClick={() => {
                      setRestore(fromWireText(entry.body, [], (code) => code));
                      dismissRejected(entry.clientMessageId);
                      outboxFor(myUserId).discard(entry.clientMessageId);
                    }}
                  >
                    {t('thread.editAgain')}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => dismissRejected(entry.clientMessageId)}>
                    {t('thread.discard')}
                  </Button>
                </Cluster>
              </li>
            ))}
          </ol>
          {timeline.hasNewer && (
            <div className="load-more">
              <Button size="sm" onClick={() => void timeline.loadNewer().catch(fail)}>
                {t('thread.loadNewer')}
              </Button>
            </div>
          )}
          <p className="typing-indicator ui-small ui-muted" aria-live="polite">
            {timeline.typing.length > 0 &&
              t('thread.typing', { names: timeline.typing.join(', '), count: timeline.typing.length })}
          </p>
          <Composer
            thread={thread}
            replyTo={replyTo}
            onCancelReply={() => setReplyTo(null)}
            restore={restore}
            onRestored={onRestored}
          />
        </section>
      </div>
    </>
  );

  if (embedded) {
    return (
      <div className="thread-embedded">
        <div className="thread-embedded__header">
          <Cluster>{badges}</Cluster>
          {actions}
        </div>
        {discussion}
      </div>
    );
  }
  return (
    <Page
      title={thread.title}
      width="wide"
      eyebrow={
        <Cluster>
          <Link to={`/channels/${thread.container.id}`}>
            {thread.containerName || t('thread.backToChannel')}
          </Link>
          {badges}
        </Cluster>
      }
      actions={actions}
    >
      {discussion}
      <MoveThreadDialog
        open={moving}
        threadId={thread.id}
        from={thread.container}
        onClose={() => setMoving(false)}
        onMoved={(to) => {
          setMoving(false);
          void navigate(`/channels/${to.id}/threads/${thread.id}`);
        }}
      />
    </Page>
  );
}
