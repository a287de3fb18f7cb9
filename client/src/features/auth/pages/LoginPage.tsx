import { Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { loadSession, useAuth } from '../../../app/auth';
import { BootScreen } from '../../../app/components/BootScreen';
import { safeNextPath } from '../../../app/guards';
import { Banner, Button } from '../../../ui';
import { AuthLayout } from '../components/AuthLayout';
import { CredentialsForm } from '../components/CredentialsForm';
import { SecondFactorForm } from '../components/SecondFactorForm';
import { SessionEndNotice } from '../components/SessionEndNotice';

/** `/login`: the two-step sign-in. Which step shows follows the auth state machine. */
export function LoginPage() {
  const { t } = useTranslation('auth');
  const auth = useAuth();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));

  switch (auth.status) {
    case 'loading':
      return <BootScreen />;
    case 'authenticated':
      return <Navigate to={next} replace />;
    case 'enrolment':
      return (
        <Navigate
          to={next === '/' ? '/two-factor/enrol' : `/two-factor/enrol?next=${encodeURIComponent(next)}`}
          replace
        />
      );
    case 'second_factor':
      return (
        <AuthLayout title={t('secondFactor.title')}>
          <SecondFactorForm />
        </AuthLayout>
      );
    case 'anonymous':
    case 'unreachable':
      return (
        <AuthLayout title={t('login.title')}>
          {auth.status === 'unreachable' && (
            <Banner
              tone="warning"
              actions={
                <Button size="sm" onClick={() => void loadSession()}>
                  {t('login.retryConnection')}
                </Button>
              }
            >
              {t('login.unreachable')}
            </Banner>
          )}
          <SessionEndNotice reason={auth.endReason} />
          <CredentialsForm />
        </AuthLayout>
      );
  }
}
