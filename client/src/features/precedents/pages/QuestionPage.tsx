import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PrecedentTarget, Question } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { isApiError } from '../../../lib/api';
import {
  Banner,
  Button,
  Card,
  DescriptionList,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
  SafeMarkdown,
  useToast,
} from '../../../ui';
import { useModerationActions, useQuestion, useQuestionActions, usePrecedentLive } from '../api';
import { ActionMenu, type MenuAction } from '../components/ActionMenu';
import { AnswerCard, type ContentHandlers } from '../components/AnswerCard';
import { AnswerForm } from '../components/AnswerForm';
import { MoveDialog, ReasonDialog, ReportDialog } from '../components/Dialogs';
import { EditQuestionForm } from '../components/EditQuestionForm';
import { ExportButtons } from '../components/ExportButtons';
import {
  Asker,
  Deadline,
  Jurisdictions,
  StatusBadge,
  TopicBadges,
  UrgencyBadge,
} from '../components/QuestionBits';
import { StatusPipeline } from '../components/StatusPipeline';
import { SummaryPanel } from '../components/SummaryPanel';
import { usePrecedentLabels } from '../lib/vocabulary';
import '../precedents.css';

/** `/precedents/questions/:id`: the question, its answers with citations, the co-edited summary. */
export function QuestionPage() {
  const { t } = useTranslation('precedents');
  const { id = '' } = useParams();
  const toast = useToast();
  const navigate = useNavigate();
  const question = useQuestion(id);
  usePrecedentLive(id, question.isSuccess, () => {
    toast.show(t('live.revoked'), 'info');
    void navigate('/precedents', { replace: true });
  });

  if (question.isPending) return <LoadingState />;
  if (question.isError) {
    const missing = isApiError(question.error, 'NOT_FOUND') || isApiError(question.error, 'FORBIDDEN');
    return (
      <Page
        title={t('question.unavailableTitle')}
        eyebrow={<Link to="/precedents">{t('question.backToDesk')}</Link>}
      >
        {missing ? (
          <EmptyState title={t('question.unavailable')} />
        ) : (
          <ErrorState error={question.error} onRetry={() => void question.refetch()} />
        )}
      </Page>
    );
  }
  return <QuestionView question={question.data} />;
}

type Dialog =
  | { kind: 'report'; target: PrecedentTarget }
  | { kind: 'hide' | 'unhide'; target: PrecedentTarget }
  | { kind: 'lock' | 'unlock' | 'close' | 'reopen' | 'move' };

function QuestionView({ question }: { question: Question }) {
  const { t } = useTranslation('precedents');
  const labels = usePrecedentLabels();
  const format = useFormat();
  const toast = useToast();
  const actions = useQuestionActions(question.id);
  const moderation = useModerationActions(question.id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    // Back to "Edit question" once the form is gone, so keyboard users keep their place.
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);
  const finishEditing = (saved: boolean) => {
    returnFocus.current = true;
    setEditing(false);
    if (saved) toast.show(t('edit.saved'), 'success');
  };
  const close = () => setDialog(null);
  const done = (message: string) => () => {
    setDialog(null);
    toast.show(message, 'success');
  };

  const handlers: ContentHandlers = {
    report: (target) => setDialog({ kind: 'report', target }),
    hide: (target) => setDialog({ kind: 'hide', target }),
    unhide: (target) => setDialog({ kind: 'unhide', target }),
  };
  const self: PrecedentTarget = { type: 'question', id: question.id };

  const reportMenu: MenuAction[] =
    question.access.report && !question.askedByMe && question.state === 'visible'
      ? [{ id: 'report', label: t('report.question'), onSelect: () => handlers.report(self) }]
      : [];
  const moderatorMenu: MenuAction[] = question.access.moderate
    ? [
        question.state === 'hidden'
          ? { id: 'unhide', label: t('moderation.unhideQuestion'), onSelect: () => handlers.unhide(self) }
          : {
              id: 'hide',
              label: t('moderation.hideQuestion'),
              onSelect: () => handlers.hide(self),
              danger: true,
            },
        question.locked
          ? { id: 'unlock', label: t('moderation.unlock'), onSelect: () => setDialog({ kind: 'unlock' }) }
          : { id: 'lock', label: t('moderation.lock'), onSelect: () => setDialog({ kind: 'lock' }) },
        { id: 'move', label: t('moderation.move'), onSelect: () => setDialog({ kind: 'move' }) },
        question.status === 'closed'
          ? { id: 'reopen', label: t('moderation.reopen'), onSelect: () => setDialog({ kind: 'reopen' }) }
          : {
              id: 'close',
              label: t('moderation.close'),
              onSelect: () => setDialog({ kind: 'close' }),
              danger: true,
            },
      ]
    : [];

  function renderDialog(open: Dialog): ReactNode {
    switch (open.kind) {
      case 'report':
        return (
          <ReportDialog
            target={open.target}
            busy={actions.report.isPending}
            error={actions.report.error}
            onClose={close}
            onSend={(body) => actions.report.mutate(body, { onSuccess: done(t('report.sent')) })}
          />
        );
      case 'hide':
      case 'unhide': {
        const { kind, target } = open;
        const mutation = moderation[kind];
        return (
          <ReasonDialog
            open
            title={t(`moderation.${kind}Title.${target.type}`)}
            confirmLabel={kind === 'hide' ? t('moderation.hide') : t('moderation.unhide')}
            tone={kind === 'hide' ? 'danger' : 'primary'}
            busy={mutation.isPending}
            error={mutation.error}
            onClose={close}
            onConfirm={(reason) =>
              mutation.mutate(
                { target, reason },
                { onSuccess: done(kind === 'hide' ? t('moderation.hidden') : t('moderation.unhidden')) },
              )
            }
          />
        );
      }
      case 'lock':
      case 'unlock': {
        const locking = open.kind === 'lock';
        return (
          <ReasonDialog
            open
            title={locking ? t('moderation.lockTitle') : t('moderation.unlockTitle')}
            description={locking ? t('moderation.lockDescription') : undefined}
            confirmLabel={locking ? t('moderation.lock') : t('moderation.unlock')}
            busy={moderation.lock.isPending}
            error={moderation.lock.error}
            onClose={close}
            onConfirm={(reason) =>
              moderation.lock.mutate(
                { locked: locking, reason },
                { onSuccess: done(locking ? t('moderation.locked') : t('moderation.unlocked')) },
              )
            }
          />
        );
      }
      case 'close':
      case 'reopen': {
        const closing = open.kind === 'close';
        const mutation = closing ? moderation.close : moderation.reopen;
        return (
          <ReasonDialog
            open
            title={closing ? t('moderation.closeTitle') : t('moderation.reopenTitle')}
            confirmLabel={closing ? t('moderation.close') : t('moderation.reopen')}
            tone={closing ? 'danger' : 'primary'}
            busy={mutation.isPending}
            error={mutation.error}
            onClose={close}
            onConfirm={(reason) =>
              mutation.mutate(reason, {
                onSuccess: done(closing ? t('moderation.closed') : t('moderation.reopened')),
              })
            }
          />
        );
      }
      case 'move':
        return (
          <MoveDialog
            open
            topics={question.topics}
            jurisdictions={question.jurisdictions}
            busy={moderation.move.isPending}
            error={moderation.move.error}
            onClose={close}
            onMove={(body) => moderation.move.mutate(body, { onSuccess: done(t('moderation.moved')) })}
          />
        );
    }
  }

  const visibleAnswers = question.answers.filter((answer) => answer.state !== 'deleted');
  return (
    <Page
      title={question.title}
      eyebrow={<Link to="/precedents">{t('question.backToDesk')}</Link>}
      width="wide"
      actions={
        <>
          {question.access.edit && question.situation !== null && !editing && (
            <Button ref={editButton} onClick={() => setEditing(true)}>
              {t('edit.action')}
            </Button>
          )}
          <ExportButtons questionId={question.id} />
          <ActionMenu label={t('report.menu')} actions={reportMenu} variant="secondary" />
          <ActionMenu label={t('moderation.menu')} actions={moderatorMenu} variant="secondary" />
        </>
      }
    >
      <div className="precedent-question">
        <div className="precedent-question__main ui-stack">
          {question.state === 'hidden' && (
            <Banner tone="warning">
              {question.moderation?.reason
                ? t('question.hiddenReason', { reason: question.moderation.reason })
                : t('question.hidden')}
            </Banner>
          )}
          {question.locked && <Banner tone="info">{t('question.lockedNotice')}</Banner>}
          {editing ? (
            <EditQuestionForm question={question} onDone={finishEditing} />
          ) : (
            <Card title={t('question.situation')} labelledBy="precedent-situation">
              <StatusPipeline question={question} />
              {question.situation !== null ? (
                <SafeMarkdown className="precedent-markdown">{question.situation}</SafeMarkdown>
              ) : (
                <p className="precedent-notice">{t('question.situationHidden')}</p>
              )}
              {question.editedAt && (
                <p className="ui-small ui-muted">
                  <time dateTime={question.editedAt}>
                    {t('question.editedOn', { date: format.dateTime(question.editedAt) })}
                  </time>
                </p>
              )}
              {question.personalDataRemoved > 0 && (
                <p className="ui-small ui-muted">
                  {t('question.personalDataRemoved', { count: question.personalDataRemoved })}
                </p>
              )}
            </Card>
          )}

          <section className="ui-stack" aria-labelledby="precedent-answers">
            <h2 id="precedent-answers" className="precedent-section-title">
              {t('question.answersHeading', { count: visibleAnswers.length })}
            </h2>
            {question.answers.length === 0 ? (
              <p className="ui-muted">{t('question.noAnswers')}</p>
            ) : (
              <ol className="ui-list-reset ui-stack">
                {question.answers.map((answer) => (
                  <li key={answer.id}>
                    <AnswerCard question={question} answer={answer} handlers={handlers} />
                  </li>
                ))}
              </ol>
            )}
          </section>

          {question.access.answer ? (
            <Card title={t('answer.formTitle')} labelledBy="precedent-answer-form">
              <AnswerForm
                onSubmit={(submission) =>
                  actions.answer.mutateAsync(submission).then(() => toast.show(t('answer.posted'), 'success'))
                }
              />
            </Card>
          ) : (
            <p className="ui-small ui-muted">
              {question.askedByMe
                ? t('question.askerCannotAnswer')
                : question.status === 'closed'
                  ? t('question.closedNoAnswers')
                  : question.locked
                    ? t('question.lockedNoAnswers')
                    : t('question.cannotAnswer')}
            </p>
          )}
        </div>

        <aside className="precedent-question__side ui-stack" aria-label={t('question.details')}>
          <Card title={t('question.details')} labelledBy="precedent-details">
            <DescriptionList
              items={[
                { term: t('question.status'), description: <StatusBadge status={question.status} /> },
                {
                  term: t('question.askedByLabel'),
                  description: (
                    <Asker
                      author={question.author}
                      anonymous={question.anonymous}
                      askedByMe={question.askedByMe}
                    />
                  ),
                },
                {
                  term: t('question.askedOn'),
                  description: (
                    <time dateTime={question.createdAt}>{format.dateTime(question.createdAt)}</time>
                  ),
                },
                {
                  term: t('question.jurisdictions'),
                  description: <Jurisdictions codes={question.jurisdictions} />,
                },
                { term: t('question.topics'), description: <TopicBadges topics={question.topics} /> },
                { term: t('question.urgency'), description: <UrgencyBadge urgency={question.urgency} /> },
                {
                  term: t('question.deadline'),
                  description: question.deadline ? (
                    <Deadline deadline={question.deadline} />
                  ) : (
                    t('question.noDeadline')
                  ),
                },
                {
                  term: t('question.audience'),
                  description:
                    question.audience.kind === 'countries'
                      ? t('question.audienceCountries', {
                          countries: question.audience.countries.map(labels.country).join(', '),
                        })
                      : t(`audience.${question.audience.kind}`),
                },
              ]}
            />
            {question.overdue && question.access.moderate && (
              <Banner tone="danger">{t('question.overdueNotice')}</Banner>
            )}
          </Card>
          <SummaryPanel question={question} />
        </aside>
      </div>

      {dialog && renderDialog(dialog)}
    </Page>
  );
}
