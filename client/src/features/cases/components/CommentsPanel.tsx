import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentComment } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { Banner, Button, Checkbox, ErrorState, LoadingState, TextArea, cx, errorMessage } from '../../../ui';
import { useCommentMutations } from '../api';

export interface PendingAnchor {
  start: string;
  end: string;
  quote: string;
}

/** Comments on selected passages: anchored to the text as it moves, with replies and resolution. */
export function CommentsPanel({
  documentId,
  comments,
  activeId,
  onActivate,
  canWrite,
  pending,
  onPendingDone,
}: {
  documentId: string;
  comments: {
    data?: { items: DocumentComment[] };
    isPending: boolean;
    isError: boolean;
    error: unknown;
    refetch: () => unknown;
  };
  activeId: string | null;
  onActivate: (id: string | null) => void;
  canWrite: boolean;
  pending: PendingAnchor | null;
  onPendingDone: () => void;
}) {
  const { t } = useTranslation('cases');
  const [showResolved, setShowResolved] = useState(false);
  const mutations = useCommentMutations(documentId);
  const [body, setBody] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pending || !body.trim()) return;
    mutations.create.mutate(
      { anchor: { start: pending.start, end: pending.end }, quote: pending.quote, body: body.trim() },
      {
        onSuccess: (created) => {
          setBody('');
          onPendingDone();
          onActivate(created.id);
        },
      },
    );
  };
  if (comments.isPending) return <LoadingState />;
  if (comments.isError) return <ErrorState error={comments.error} onRetry={() => void comments.refetch()} />;
  const items = (comments.data?.items ?? []).filter((comment) => showResolved || !comment.resolved);
  return (
    <div className="ui-stack">
      {pending && canWrite && (
        <form className="case-comment case-comment--new ui-stack" onSubmit={submit}>
          <blockquote className="case-comment__quote">{pending.quote}</blockquote>
          <TextArea
            label={t('comments.new')}
            rows={3}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            autoFocus
          />
          <div className="case-comment__actions">
            <Button size="sm" onClick={onPendingDone}>
              {t('common.cancel')}
            </Button>
            <Button size="sm" variant="primary" type="submit" busy={mutations.create.isPending}>
              {t('comments.post')}
            </Button>
          </div>
          {mutations.create.error && <Banner tone="danger">{errorMessage(t, mutations.create.error)}</Banner>}
        </form>
      )}
      <Checkbox
        label={t('comments.showResolved')}
        checked={showResolved}
        onChange={(event) => setShowResolved(event.target.checked)}
      />
      {items.length === 0 ? (
        <p className="ui-muted ui-small">{canWrite ? t('comments.noneHint') : t('comments.none')}</p>
      ) : (
        <ul className="ui-list-reset ui-stack">
          {items.map((comment) => (
            <CommentCard
              key={comment.id}
              documentId={documentId}
              comment={comment}
              active={comment.id === activeId}
              onActivate={onActivate}
              canWrite={canWrite}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function CommentCard({
  documentId,
  comment,
  active,
  onActivate,
  canWrite,
}: {
  documentId: string;
  comment: DocumentComment;
  active: boolean;
  onActivate: (id: string | null) => void;
  canWrite: boolean;
}) {
  const { t } = useTranslation('cases');
  const format = useFormat();
  const mutations = useCommentMutations(documentId);
  const [reply, setReply] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reply.trim()) return;
    mutations.reply.mutate({ commentId: comment.id, body: reply.trim() }, { onSuccess: () => setReply('') });
  };
  return (
    <li
      className={cx(
        'case-comment',
        active && 'case-comment--active',
        comment.resolved && 'case-comment--resolved',
      )}
    >
      <button
        type="button"
        className="case-comment__quote-button"
        onClick={() => onActivate(active ? null : comment.id)}
        aria-pressed={active}
      >
        <blockquote className="case-comment__quote">{comment.quote || t('comments.noQuote')}</blockquote>
      </button>
      <p className="case-comment__meta ui-small ui-muted">
        {comment.author.name} · {format.dateTime(comment.createdAt)}
      </p>
      <p className="case-comment__body">{comment.body}</p>
      {comment.replies.map((entry) => (
        <div key={entry.id} className="case-comment__reply">
          <p className="case-comment__meta ui-small ui-muted">
            {entry.author.name} · {format.dateTime(entry.createdAt)}
          </p>
          <p className="case-comment__body">{entry.body}</p>
        </div>
      ))}
      {comment.resolved && comment.resolvedBy && (
        <p className="ui-small ui-muted">{t('comments.resolvedBy', { name: comment.resolvedBy.name })}</p>
      )}
      {canWrite && (
        <>
          {!comment.resolved && (
            <form className="ui-stack" onSubmit={submit}>
              <TextArea
                label={t('comments.reply')}
                rows={2}
                value={reply}
                onChange={(event) => setReply(event.target.value)}
              />
              <Button size="sm" type="submit" busy={mutations.reply.isPending} disabled={!reply.trim()}>
                {t('comments.replySend')}
              </Button>
            </form>
          )}
          <Button
            size="sm"
            variant="ghost"
            busy={mutations.resolve.isPending}
            onClick={() => mutations.resolve.mutate({ commentId: comment.id, resolved: !comment.resolved })}
          >
            {comment.resolved ? t('comments.reopen') : t('comments.resolve')}
          </Button>
        </>
      )}
    </li>
  );
}
