import { useTranslation } from 'react-i18next';
import type { SessionEndReason } from '@serantau/shared';
import { Banner } from '../../../ui';

/** Why the reader is back at the login page (signed out elsewhere, suspended, expired…). */
export function SessionEndNotice({ reason }: { reason: SessionEndReason | null }) {
  const { t } = useTranslation('auth');
  if (!reason) return null;
  return (
    <Banner tone={reason === 'logged_out' ? 'success' : reason === 'suspended' ? 'danger' : 'warning'}>
      {t(`sessionEnded.${reason}`)}
    </Banner>
  );
}
