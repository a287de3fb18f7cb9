import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { LegalTopicSchema, MemberStateCodeSchema, roleHas, type QuestionView } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { useUrlFilters } from '../../../lib/useUrlFilters';
import {
  Banner,
  Button,
  ButtonLink,
  Cluster,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
  Select,
  Tabs,
} from '../../../ui';
import { useDeskAccess, useQuestions } from '../api';
import { ModerationPanel } from '../components/ModerationPanel';
import { QuestionListEntry } from '../components/QuestionListItem';
import { usePrecedentLabels } from '../lib/vocabulary';
import '../precedents.css';

const MEMBER_VIEWS = ['for_me', 'open', 'urgent', 'unanswered', 'mine'] as const;
const MODERATOR_VIEWS = ['overdue', 'moderation'] as const;
type DeskView = (typeof MEMBER_VIEWS)[number] | (typeof MODERATOR_VIEWS)[number];

const FIELDS = {
  view: z.enum([...MEMBER_VIEWS, ...MODERATOR_VIEWS]),
  topic: LegalTopicSchema,
  jurisdiction: MemberStateCodeSchema,
};

/** `/precedents`: the desk — questions for me, open, urgent, unanswered, mine; for moderators also overdue and moderation. */
export function DeskPage() {
  const { t } = useTranslation('precedents');
  const user = useCurrentUser();
  const { filters, setFilter } = useUrlFilters(FIELDS);
  const moderator = roleHas(user.role, 'precedent.moderate');
  // The role table answers at once; the server's answer adds observers the network lets contribute.
  const deskAccess = useDeskAccess();
  const contributor = deskAccess.data?.contribute ?? roleHas(user.role, 'precedent.contribute');
  const views: readonly DeskView[] = moderator ? [...MEMBER_VIEWS, ...MODERATOR_VIEWS] : MEMBER_VIEWS;
  const requested = filters.view ?? (contributor ? 'for_me' : 'open');
  const view = views.includes(requested) ? requested : 'open';
  return (
    <Page
      title={t('desk.title')}
      description={t('desk.description')}
      width="wide"
      actions={
        <>
          <ButtonLink to="/precedents/library">{t('desk.library')}</ButtonLink>
          {contributor && (
            <ButtonLink to="/precedents/ask" variant="primary">
              {t('desk.ask')}
            </ButtonLink>
          )}
        </>
      }
    >
      {!contributor && <Banner tone="info">{t('desk.observerNote')}</Banner>}
      <Tabs
        className="precedent-desk-tabs"
        label={t('desk.viewsLabel')}
        selectedId={view}
        onSelect={(id) => setFilter('view', id)}
        items={views.map((id) => ({
          id,
          label: t(`desk.views.${id}`),
          panel: id !== view ? null : id === 'moderation' ? <ModerationPanel /> : <QuestionList view={id} />,
        }))}
      />
    </Page>
  );
}

function QuestionList({ view }: { view: QuestionView }) {
  const { t } = useTranslation('precedents');
  const labels = usePrecedentLabels();
  const user = useCurrentUser();
  const { filters, setFilter, setFilters } = useUrlFilters(FIELDS);
  const questions = useQuestions({ view, topic: filters.topic, jurisdiction: filters.jurisdiction });
  const items = questions.data?.pages.flatMap((page) => page.items) ?? [];
  const moderator = roleHas(user.role, 'precedent.moderate');
  return (
    <div className="ui-stack">
      <form
        className="precedent-filters precedent-filters--desk"
        aria-label={t('filters.label')}
        onSubmit={(event) => event.preventDefault()}
      >
        <Select
          label={t('filters.topic')}
          value={filters.topic ?? ''}
          placeholder={t('filters.anyTopic')}
          options={labels.topicOptions}
          onChange={(event) => setFilter('topic', event.target.value || undefined)}
        />
        <Select
          label={t('filters.jurisdiction')}
          value={filters.jurisdiction ?? ''}
          placeholder={t('filters.anyJurisdiction')}
          options={labels.memberStateOptions}
          onChange={(event) => setFilter('jurisdiction', event.target.value || undefined)}
        />
        {(filters.topic || filters.jurisdiction) && (
          <Button variant="ghost" onClick={() => setFilters({ topic: undefined, jurisdiction: undefined })}>
            {t('filters.clear')}
          </Button>
        )}
      </form>
      {view === 'for_me' && <p className="ui-small ui-muted">{t('desk.forMeHint')}</p>}
      {questions.isPending ? (
        <LoadingState />
      ) : questions.isError ? (
        <ErrorState error={questions.error} onRetry={() => void questions.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t(`desk.empty.${view}`, { defaultValue: t('desk.empty.default') })} />
      ) : (
        <>
          <h2 className="ui-visually-hidden">{t(`desk.views.${view}`)}</h2>
          <ol className="ui-list-reset precedent-list">
            {items.map((question) => (
              <QuestionListEntry key={question.id} question={question} highlightOverdue={moderator} />
            ))}
          </ol>
          {questions.hasNextPage && (
            <Cluster>
              <Button busy={questions.isFetchingNextPage} onClick={() => void questions.fetchNextPage()}>
                {t('list.loadMore')}
              </Button>
            </Cluster>
          )}
        </>
      )}
    </div>
  );
}
