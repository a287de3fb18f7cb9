import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { QuestionListItem } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { Badge, Cluster, cx } from '../../../ui';
import { Asker, Deadline, Jurisdictions, StatusBadge, TopicBadges, UrgencyBadge } from './QuestionBits';

/** One question in a list of the desk. Overdue questions stand out for moderators, who follow them up. */
export function QuestionListEntry({
  question,
  highlightOverdue,
}: {
  question: QuestionListItem;
  highlightOverdue: boolean;
}) {
  const { t } = useTranslation('precedents');
  const format = useFormat();
  const overdue = highlightOverdue && question.overdue;
  return (
    <li className={cx('precedent-item', overdue && 'precedent-item--overdue')}>
      <article aria-labelledby={`question-${question.id}`}>
        <h3 id={`question-${question.id}`} className="precedent-item__title">
          <Link to={`/precedents/questions/${question.id}`}>{question.title}</Link>
        </h3>
        <Cluster className="precedent-item__badges">
          <StatusBadge status={question.status} />
          <UrgencyBadge urgency={question.urgency} />
          {overdue && <Badge tone="danger">{t('list.overdue')}</Badge>}
          {question.locked && <Badge>{t('question.locked')}</Badge>}
          {question.state === 'hidden' && <Badge tone="warning">{t('question.hiddenBadge')}</Badge>}
        </Cluster>
        {question.excerpt && <p className="precedent-item__excerpt">{question.excerpt}</p>}
        <TopicBadges topics={question.topics} />
        <p className="ui-small ui-muted precedent-item__meta">
          <Jurisdictions codes={question.jurisdictions} />
          <span aria-hidden="true"> · </span>
          <Asker author={question.author} anonymous={question.anonymous} askedByMe={question.askedByMe} />
          <span aria-hidden="true"> · </span>
          <span>{t('list.answers', { count: question.answerCount })}</span>
          {question.deadline && (
            <>
              <span aria-hidden="true"> · </span>
              <span>
                {t('list.deadline')} <Deadline deadline={question.deadline} />
              </span>
            </>
          )}
          <span aria-hidden="true"> · </span>
          <span>
            {t('list.asked')}{' '}
            <time dateTime={question.createdAt}>{format.dateTime(question.createdAt, 'date')}</time>
          </span>
        </p>
      </article>
    </li>
  );
}
