import { useTranslation } from 'react-i18next';
import { ButtonLink, EmptyState, Page } from '../../ui';

export function ForbiddenPage() {
  const { t } = useTranslation('app');
  return (
    <Page title={t('forbidden.title')}>
      <EmptyState
        title={t('forbidden.heading')}
        action={
          <ButtonLink to="/" variant="primary">
            {t('forbidden.home')}
          </ButtonLink>
        }
      >
        {t('forbidden.body')}
      </EmptyState>
    </Page>
  );
}
