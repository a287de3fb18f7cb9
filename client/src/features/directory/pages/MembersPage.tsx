import { useTranslation } from 'react-i18next';
import { Button, EmptyState, ErrorState, LoadingState, Page } from '../../../ui';
import { useMemberSearch } from '../api';
import { DirectoryNav } from '../components/DirectoryNav';
import { MemberCard } from '../components/MemberCard';
import { MemberFiltersForm } from '../components/MemberFiltersForm';
import { useMemberFilters } from '../hooks/useMemberFilters';

/** `/directory`: find colleagues by country, agency, expertise, language and role. */
export function MembersPage() {
  const { t } = useTranslation('directory');
  const filterState = useMemberFilters();
  const search = useMemberSearch(filterState.filters);
  const members = search.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Page title={t('members.title')} description={t('members.description')} width="wide">
      <DirectoryNav />
      <MemberFiltersForm {...filterState} />
      <section aria-labelledby="members-results" className="ui-stack">
        <h2 id="members-results" className="ui-visually-hidden">
          {t('members.results')}
        </h2>
        {/* Announces how many results the new filter gave, without moving focus. */}
        <p role="status" className="ui-muted ui-small">
          {search.isSuccess &&
            (members.length === 0
              ? ''
              : search.hasNextPage
                ? t('members.countMore', { count: members.length })
                : t('members.count', { count: members.length }))}
        </p>
        {search.isPending ? (
          <LoadingState label={t('members.loading')} />
        ) : search.isError && members.length === 0 ? (
          <ErrorState error={search.error} onRetry={() => void search.refetch()} />
        ) : members.length === 0 ? (
          <EmptyState title={t('members.emptyTitle')}>
            {filterState.active ? t('members.emptyFiltered') : t('members.emptyAll')}
          </EmptyState>
        ) : (
          <>
            <ul className="ui-list-reset member-grid" aria-busy={search.isPlaceholderData || undefined}>
              {members.map((member) => (
                <li key={member.id}>
                  <MemberCard member={member} />
                </li>
              ))}
            </ul>
            {search.isFetchNextPageError && <ErrorState error={search.error} />}
            {search.hasNextPage && (
              <div className="load-more">
                <Button busy={search.isFetchingNextPage} onClick={() => void search.fetchNextPage()}>
                  {t('members.loadMore')}
                </Button>
              </div>
            )}
          </>
        )}
      </section>
    </Page>
  );
}
