import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PRECEDENT_LIMITS,
  type Answer,
  type Comment,
  type PrecedentTarget,
  type Question,
} from '@serantau/shared';
import { useFormat } from '../../../app/format';
import {
  Badge,
  Button,
  Cluster,
  ConfirmDialog,
  SafeMarkdown,
  TextArea,
  errorMessage,
  useToast,
} from '../../../ui';
import { useQuestionActions } from '../api';
import { newClientRequestId } from '../pages/AskPage';
import { ActionMenu, type MenuAction } from './ActionMenu';
import { AnswerForm } from './AnswerForm';
import { CitationList } from './CitationView';
import { usePrecedentLabels } from '../lib/vocabulary';

/** What the question page asks of its parent for reports and moderation (dialogs live there). */
export interface ContentHandlers {
  report: (target: PrecedentTarget) => void;
  hide: (target: PrecedentTarget) => void;
  unhide: (target: PrecedentTarget) => void;
}

/**
 * One answer: its advice, citations, helpful mark and acceptance, its author's edit and withdraw,
 * follow-up comments, and report / moderation. Every control follows the `access` the server sent.
 */
export function AnswerCard({
  question,
  answer,
  handlers,
}: {
  question: Question;
  answer: Answer;
  handlers: ContentHandlers;
}) {
  const { t } = useTranslation('precedents');
  const labels = usePrecedentLabels();
  const format = useFormat();
  const toast = useToast();
  const actions = useQuestionActions(question.id);
  const [editing, setEditing] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const target: PrecedentTarget = { type: 'answer', id: answer.id };
  const headingId = `answer-${answer.id}`;

  const menu: MenuAction[] = [];
  if (question.access.report && !answer.mine && answer.state === 'visible') {
    menu.push({ id: 'report', label: t('report.answer'), onSelect: () => handlers.report(target) });
  }
  if (answer.access.moderate && answer.state === 'visible') {
    menu.push({
      id: 'hide',
      label: t('moderation.hideAnswer'),
      onSelect: () => handlers.hide(target),
      danger: true,
    });
  }
  if (answer.access.moderate && answer.state === 'hidden') {
    menu.push({ id: 'unhide', label: t('moderation.unhideAnswer'), onSelect: () => handlers.unhide(target) });
  }

  return (
    <article
      className={answer.accepted ? 'precedent-answer precedent-answer--accepted' : 'precedent-answer'}
      aria-labelledby={headingId}
    >
      <header className="precedent-answer__header">
        <h3 id={headingId} className="precedent-answer__author">
          {t('answer.by', {
            name: answer.author.displayName,
            country: labels.country(answer.author.country),
          })}
          {answer.mine && <span className="ui-muted"> {t('answer.yours')}</span>}
        </h3>
        <Cluster className="ui-small ui-muted">
          <time dateTime={answer.createdAt}>{format.dateTime(answer.createdAt)}</time>
          {answer.editedAt && <span>{t('answer.edited')}</span>}
          {answer.accepted && (
            <Badge tone="success">
              {answer.accepted.byAsker ? t('answer.acceptedByAsker') : t('answer.acceptedByModerator')}
            </Badge>
          )}
        </Cluster>
      </header>

      {answer.state !== 'visible' && (
        <p className="precedent-notice">
          {answer.state === 'deleted'
            ? t('answer.withdrawn')
            : answer.moderation?.hiddenBy
              ? t('answer.hiddenBy', {
                  name: answer.moderation.hiddenBy,
                  reason: answer.moderation.reason ?? '',
                })
              : answer.moderation?.reason
                ? t('answer.hiddenReason', { reason: answer.moderation.reason })
                : t('answer.hidden')}
        </p>
      )}

      {editing ? (
        <AnswerForm
          answer={answer}
          onCancel={() => setEditing(false)}
          onSubmit={(submission) =>
            actions.updateAnswer
              .mutateAsync({
                answerId: answer.id,
                body: { body: submission.body, citations: submission.citations },
              })
              .then(() => {
                setEditing(false);
                toast.show(t('answer.saved'), 'success');
              })
          }
        />
      ) : (
        <>
          {answer.body !== null && <SafeMarkdown className="precedent-markdown">{answer.body}</SafeMarkdown>}
          <CitationList citations={answer.citations} />
        </>
      )}

      {answer.state === 'visible' && !editing && (
        <div className="precedent-answer__actions">
          {answer.mine ? (
            <span className="ui-small ui-muted">
              {t('answer.helpfulCount', { count: answer.helpfulCount })}
            </span>
          ) : answer.access.markHelpful ? (
            <Button
              size="sm"
              aria-pressed={answer.markedHelpfulByMe}
              busy={actions.setHelpful.isPending}
              onClick={() =>
                actions.setHelpful.mutate({ answerId: answer.id, helpful: !answer.markedHelpfulByMe })
              }
            >
              {t('answer.helpful')}{' '}
              <span className="precedent-count">
                {t('answer.helpfulButtonCount', { count: answer.helpfulCount })}
              </span>
            </Button>
          ) : (
            <span className="ui-small ui-muted">
              {t('answer.helpfulCount', { count: answer.helpfulCount })}
            </span>
          )}
          {answer.access.accept && (
            <Button
              size="sm"
              variant={answer.accepted ? 'secondary' : 'primary'}
              busy={actions.setAccepted.isPending}
              onClick={() =>
                actions.setAccepted.mutate(
                  { answerId: answer.id, accepted: !answer.accepted },
                  {
                    onSuccess: () =>
                      toast.show(
                        answer.accepted ? t('answer.unacceptedToast') : t('answer.acceptedToast'),
                        'success',
                      ),
                  },
                )
              }
            >
              {answer.accepted ? t('answer.unaccept') : t('answer.accept')}
            </Button>
          )}
          {answer.access.edit && (
            <>
              <Button size="sm" variant="ghost" onClick={() => setEditing(true)}>
                {t('answer.edit')}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setWithdrawing(true)}>
                {t('answer.withdraw')}
              </Button>
            </>
          )}
          <ActionMenu label={t('actions.more')} actions={menu} />
        </div>
      )}
      {answer.state !== 'visible' && menu.length > 0 && (
        <ActionMenu label={t('actions.more')} actions={menu} />
      )}
      {(actions.setHelpful.isError || actions.setAccepted.isError) && (
        <p className="ui-field__error">
          {errorMessage(t, actions.setHelpful.error ?? actions.setAccepted.error)}
        </p>
      )}

      <Comments question={question} answer={answer} handlers={handlers} />

      <ConfirmDialog
        open={withdrawing}
        title={t('answer.withdrawTitle')}
        message={t('answer.withdrawMessage')}
        confirmLabel={t('answer.withdraw')}
        busy={actions.deleteAnswer.isPending}
        error={actions.deleteAnswer.isError ? errorMessage(t, actions.deleteAnswer.error) : null}
        onCancel={() => setWithdrawing(false)}
        onConfirm={() =>
          actions.deleteAnswer.mutate(answer.id, {
            onSuccess: () => {
              setWithdrawing(false);
              toast.show(t('answer.withdrawnToast'), 'success');
            },
          })
        }
      />
    </article>
  );
}

function Comments({
  question,
  answer,
  handlers,
}: {
  question: Question;
  answer: Answer;
  handlers: ContentHandlers;
}) {
  const { t } = useTranslation('precedents');
  if (answer.comments.length === 0 && !answer.access.comment) return null;
  return (
    <section
      className="precedent-comments"
      aria-label={t('comments.label', { name: answer.author.displayName })}
    >
      {answer.comments.length > 0 && (
        <ol className="ui-list-reset precedent-comments__list">
          {answer.comments.map((comment) => (
            <CommentItem key={comment.id} question={question} comment={comment} handlers={handlers} />
          ))}
        </ol>
      )}
      {answer.access.comment && <CommentForm questionId={question.id} answerId={answer.id} />}
    </section>
  );
}

function CommentItem({
  question,
  comment,
  handlers,
}: {
  question: Question;
  comment: Comment;
  handlers: ContentHandlers;
}) {
  const { t } = useTranslation('precedents');
  const format = useFormat();
  const actions = useQuestionActions(question.id);
  const target: PrecedentTarget = { type: 'comment', id: comment.id };
  const author = comment.author
    ? comment.byAsker
      ? t('comments.namedAsker', { name: comment.author.displayName })
      : comment.author.displayName
    : t('comments.asker');
  const menu: MenuAction[] = [];
  if (comment.mine && comment.state === 'visible' && !question.locked && question.status !== 'closed') {
    menu.push({
      id: 'withdraw',
      label: t('comments.withdraw'),
      onSelect: () => actions.deleteComment.mutate({ answerId: comment.answerId, commentId: comment.id }),
    });
  }
  if (question.access.report && !comment.mine && comment.state === 'visible') {
    menu.push({ id: 'report', label: t('report.comment'), onSelect: () => handlers.report(target) });
  }
  if (question.access.moderate) {
    if (comment.state === 'visible')
      menu.push({
        id: 'hide',
        label: t('moderation.hideComment'),
        onSelect: () => handlers.hide(target),
        danger: true,
      });
    if (comment.state === 'hidden')
      menu.push({
        id: 'unhide',
        label: t('moderation.unhideComment'),
        onSelect: () => handlers.unhide(target),
      });
  }
  return (
    <li className="precedent-comment">
      <p className="ui-small">
        <strong>{author}</strong>{' '}
        <time className="ui-muted" dateTime={comment.createdAt}>
          {format.dateTime(comment.createdAt)}
        </time>
      </p>
      {comment.state !== 'visible' && (
        <p className="precedent-notice ui-small">
          {comment.state === 'deleted' ? t('comments.withdrawn') : t('comments.hidden')}
        </p>
      )}
      {comment.body !== null && <SafeMarkdown className="precedent-markdown">{comment.body}</SafeMarkdown>}
      <ActionMenu label={t('actions.more')} actions={menu} />
      {actions.deleteComment.isError && (
        <p className="ui-field__error">{errorMessage(t, actions.deleteComment.error)}</p>
      )}
    </li>
  );
}

/**
 * "Add a follow-up": a button under each answer that opens the box (an open, empty box under every
 * answer crowded the page). Focus moves into the box, and back to the button when it closes.
 */
function CommentForm({ questionId, answerId }: { questionId: string; answerId: string }) {
  const { t } = useTranslation('precedents');
  const actions = useQuestionActions(questionId);
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const [clientRequestId, setClientRequestId] = useState(newClientRequestId);
  const [problem, setProblem] = useState<string | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const refocus = useRef<'box' | 'toggle' | null>(null);
  useEffect(() => {
    if (refocus.current === 'box') box.current?.focus();
    if (refocus.current === 'toggle') toggle.current?.focus();
    refocus.current = null;
  }, [open]);
  const show = (next: boolean) => {
    refocus.current = next ? 'box' : 'toggle';
    setOpen(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setProblem(t('ui:validation.required'));
      return;
    }
    setProblem(null);
    actions.comment.mutate(
      { answerId, body: { clientRequestId, body } },
      {
        onSuccess: () => {
          setBody('');
          setClientRequestId(newClientRequestId());
          show(false);
        },
      },
    );
  };
  if (!open) {
    return (
      <div>
        <Button ref={toggle} size="sm" variant="ghost" onClick={() => show(true)}>
          {t('comments.add')}
        </Button>
      </div>
    );
  }
  return (
    <form className="precedent-comment-form" onSubmit={submit} noValidate>
      <TextArea
        ref={box}
        label={t('comments.add')}
        rows={2}
        maxLength={PRECEDENT_LIMITS.commentMaxBytes}
        value={body}
        error={problem ?? (actions.comment.isError ? errorMessage(t, actions.comment.error) : null)}
        onChange={(event) => setBody(event.target.value)}
      />
      <Cluster>
        <Button type="submit" size="sm" busy={actions.comment.isPending}>
          {t('comments.post')}
        </Button>
        <Button size="sm" variant="ghost" disabled={actions.comment.isPending} onClick={() => show(false)}>
          {t('actions.cancel')}
        </Button>
      </Cluster>
    </form>
  );
}
