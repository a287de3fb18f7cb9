import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page, Tabs } from '../../../ui';
import { PasswordSection } from '../components/PasswordSection';
import { ProfileSection } from '../components/ProfileSection';
import { SessionsSection } from '../components/SessionsSection';
import { TwoFactorSection } from '../components/TwoFactorSection';

const TABS = ['profile', 'password', 'two-factor', 'sessions'] as const;

/** `/settings`: the reader's own profile and account security, one tab each (kept in `?tab=`). */
export function SettingsPage() {
  const { t } = useTranslation('account');
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const selected = TABS.find((tab) => tab === requested) ?? 'profile';

  return (
    <Page title={t('title')} description={t('description')}>
      <Tabs
        label={t('tabsLabel')}
        selectedId={selected}
        onSelect={(id) => setParams({ tab: id }, { replace: true })}
        items={[
          { id: 'profile', label: t('tabs.profile'), panel: <ProfileSection /> },
          { id: 'password', label: t('tabs.password'), panel: <PasswordSection /> },
          { id: 'two-factor', label: t('tabs.twoFactor'), panel: <TwoFactorSection /> },
          { id: 'sessions', label: t('tabs.sessions'), panel: <SessionsSection /> },
        ]}
      />
    </Page>
  );
}
