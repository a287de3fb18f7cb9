import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { authStore, signOut, useAuth } from '../../../app/auth';
import { BootScreen } from '../../../app/components/BootScreen';
import { safeNextPath } from '../../../app/guards';
import { Banner, Button, Checkbox } from '../../../ui';
import { AuthLayout } from '../components/AuthLayout';
import { RecoveryCodes } from '../components/RecoveryCodes';
import { TwoFactorEnrolment, type TwoFactorEnabled } from '../components/TwoFactorEnrolment';

/**
 * `/two-factor/enrol`: the network requires 2FA and this account has none yet. The session may only
 * be used to enrol; once enabled, the recovery codes are shown before entering the app.
 */
export function EnrolTwoFactorPage() {
  const { t } = useTranslation('auth');
  const auth = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [enabled, setEnabled] = useState<TwoFactorEnabled | null>(null);
  const [saved, setSaved] = useState(false);

  if (enabled) {
    const finish = () => {
      authStore.dispatch({ type: 'session', session: enabled.session });
      void navigate(next, { replace: true });
    };
    return (
      <AuthLayout title={t('recovery.title')} wide>
        <RecoveryCodes codes={enabled.recoveryCodes} email={enabled.session.user.email} />
        <Checkbox
          label={t('recovery.confirmSaved')}
          checked={saved}
          onChange={(event) => setSaved(event.target.checked)}
        />
        <Button variant="primary" disabled={!saved} onClick={finish}>
          {t('recovery.continue')}
        </Button>
      </AuthLayout>
    );
  }

  switch (auth.status) {
    case 'loading':
      return <BootScreen />;
    case 'authenticated':
      // Already fully signed in: enrolment from the security settings instead.
      return <Navigate to="/settings?tab=two-factor" replace />;
    case 'enrolment':
      return (
        <AuthLayout title={t('enrol.title')} wide>
          <Banner tone="info">{t('enrol.required')}</Banner>
          <TwoFactorEnrolment onEnabled={setEnabled} onCancel={() => void signOut()} />
        </AuthLayout>
      );
    default:
      return <Navigate to="/login" replace />;
  }
}
