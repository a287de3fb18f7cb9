import { useTranslation } from 'react-i18next';
import { ButtonLink, EmptyState, Page } from '../../ui';

export function NotFoundPage() {
  const { t } = useTranslation('app');
  return (
    <Page title={t('notFound.title')}>
      <EmptyState
        title={t('notFound.heading')}
        action={
          <ButtonLink to="/" variant="primary">
            {t('notFound.home')}
          </ButtonLink>
        }
      >
        {t('notFound.body')}
      </EmptyState>
    </Page>
  );
}
