import { useTranslation } from 'react-i18next';
import type { Question } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { cx } from '../../../ui';

const STEPS = ['open', 'answered', 'resolved'] as const;

/** open → answered → resolved, with the date each was reached; or closed by a moderator, with why. */
export function StatusPipeline({ question }: { question: Question }) {
  const { t } = useTranslation('precedents');
  const format = useFormat();
  const reached: Record<(typeof STEPS)[number], string | null> = {
    open: question.createdAt,
    answered: question.answeredAt,
    resolved: question.resolvedAt,
  };
  const current = question.status === 'closed' ? null : question.status;
  return (
    <div className="precedent-pipeline-wrap">
      <ol className="ui-list-reset precedent-pipeline" aria-label={t('question.pipeline')}>
        {STEPS.map((step) => {
          const at = reached[step];
          return (
            <li
              key={step}
              className={cx(
                'precedent-pipeline__step',
                at && 'precedent-pipeline__step--done',
                current === step && 'precedent-pipeline__step--current',
              )}
              aria-current={current === step ? 'step' : undefined}
            >
              <span className="precedent-pipeline__label">{t(`status.${step}`)}</span>
              <span className="ui-small ui-muted">
                {at ? <time dateTime={at}>{format.dateTime(at, 'date')}</time> : t('question.notYet')}
              </span>
            </li>
          );
        })}
      </ol>
      {question.closed && (
        <p className="precedent-notice">
          {t('question.closedOn', {
            date: format.dateTime(question.closed.at, 'date'),
            reason: question.closed.reason,
          })}
        </p>
      )}
    </div>
  );
}
