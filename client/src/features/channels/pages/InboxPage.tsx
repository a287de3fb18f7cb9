import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingState, Page } from '../../../ui';
import { useInbox } from '../api';
import { ThreadRow } from '../components/ThreadRow';
import { threadHref } from '../lib/links';

/** `/channels/inbox`: threads I follow, those with unread replies first. */
export function InboxPage() {
  const { t } = useTranslation('channels');
  const inbox = useInbox();
  return (
    <Page title={t('inbox.title')} description={t('inbox.description')} width="wide">
      {inbox.isPending ? (
        <LoadingState />
      ) : inbox.isError ? (
        <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : inbox.data.items.length === 0 ? (
        <EmptyState title={t('inbox.emptyTitle')}>{t('inbox.empty')}</EmptyState>
      ) : (
        <ul className="ui-list-reset thread-list">
          {inbox.data.items.map((thread) => (
            <li key={thread.id}>
              <ThreadRow
                thread={thread}
                context={thread.containerName}
                to={threadHref(thread.container, thread.id)}
              />
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
