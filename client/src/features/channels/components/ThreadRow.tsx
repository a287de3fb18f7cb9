import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ThreadListItem } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { Badge, Cluster } from '../../../ui';

/** One thread in a list: title, state, last activity and the unread marker. */
export function ThreadRow({ thread, to, context }: { thread: ThreadListItem; to: string; context?: string }) {
  const { t } = useTranslation('channels');
  const format = useFormat();
  const unread = thread.me.unread;
  return (
    <Link to={to} className={`thread-row${unread > 0 ? ' thread-row--unread' : ''}`}>
      <span className="thread-row__title">
        {unread > 0 && <span className="thread-row__dot" aria-hidden="true" />}
        {thread.title}
      </span>
      <Cluster className="thread-row__meta">
        {context && <span className="ui-small">{context}</span>}
        {thread.pinned && <Badge tone="info">{t('threads.pinned')}</Badge>}
        {thread.locked && <Badge tone="warning">{t('threads.locked')}</Badge>}
        {thread.resolved && <Badge tone="success">{t('threads.resolved')}</Badge>}
        {thread.tags.map((tag) => (
          <Badge key={tag}>{tag}</Badge>
        ))}
        {unread > 0 && <Badge tone="info">{t('threads.unread', { count: unread })}</Badge>}
      </Cluster>
      {thread.excerpt && <span className="thread-row__excerpt">{thread.excerpt}</span>}
      <span className="thread-row__footer ui-small ui-muted">
        {t('threads.byline', {
          author: thread.author.displayName,
          replies: thread.lastSeq > 0 ? thread.lastSeq - 1 : 0,
          when: format.relative(thread.lastActivityAt),
        })}
      </span>
    </Link>
  );
}
