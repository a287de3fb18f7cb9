import { useId } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PRECEDENT_LIMITS } from '@serantau/shared';
import { Cluster } from '../../../ui';
import { useSimilarQuestions } from '../api';
import { useDebounced } from '../lib/useDebounced';
import { StatusBadge } from './QuestionBits';

/** How long typing must pause before similar questions are looked up. */
export const SIMILAR_DEBOUNCE_MS = 300;

/** The text searched for similar questions: the title and the start of the situation. */
export function similarQuery(title: string, situation: string): string {
  const text = `${title.trim()} ${situation.trim().slice(0, 120)}`.replace(/\s+/g, ' ').trim();
  return text.slice(0, PRECEDENT_LIMITS.queryMaxLength).trim();
}

/**
 * "Has the network answered this already?": questions like the one being typed, so the asker can
 * read an existing answer instead of asking twice.
 */
export function SimilarQuestions({
  title,
  situation,
  placement,
}: {
  title: string;
  situation: string;
  /** Beside the form on wide screens; inside it, right under the situation, on narrow ones. */
  placement: 'side' | 'inline';
}) {
  const { t } = useTranslation('precedents');
  const headingId = useId();
  const q = useDebounced(similarQuery(title, situation), SIMILAR_DEBOUNCE_MS);
  const similar = useSimilarQuestions(q.length >= 3 ? q : '');
  const items = q.length >= 3 ? (similar.data?.items ?? []) : [];
  return (
    <aside className={`precedent-similar precedent-similar--${placement}`} aria-labelledby={headingId}>
      <h2 id={headingId} className="precedent-similar__heading">
        {t('ask.similar.heading')}
      </h2>
      <div aria-live="polite">
        {q.length < 3 ? (
          <p className="ui-small ui-muted">{t('ask.similar.start')}</p>
        ) : similar.isError ? (
          <p className="ui-small ui-muted">{t('ask.similar.failed')}</p>
        ) : items.length === 0 ? (
          <p className="ui-small ui-muted">
            {similar.isFetching ? t('ask.similar.searching') : t('ask.similar.none')}
          </p>
        ) : (
          <>
            <p className="ui-small ui-muted">{t('ask.similar.found', { count: items.length })}</p>
            <ul className="ui-list-reset precedent-similar__list">
              {items.map((item) => (
                <li key={item.id}>
                  <Link to={`/precedents/questions/${item.id}`} target="_blank" rel="noopener">
                    {item.title}
                    <span className="ui-visually-hidden"> ({t('ask.similar.newTab')})</span>
                  </Link>
                  <Cluster className="ui-small ui-muted">
                    <StatusBadge status={item.status} />
                    <span>{t('list.answers', { count: item.answerCount })}</span>
                  </Cluster>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </aside>
  );
}
