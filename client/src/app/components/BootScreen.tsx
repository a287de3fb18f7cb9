import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner, Button, Spinner, useDocumentTitle } from '../../ui';
import { loadSession } from '../auth';

/** Shown for the moment it takes to learn whether this browser has a session. */
export function BootScreen() {
  const { t } = useTranslation('app');
  return (
    <div className="boot-screen">
      <Spinner label={t('boot.loading')} />
    </div>
  );
}

/** Start-up could not reach the server: say so and let the reader retry. */
export function ServerUnreachable() {
  const { t } = useTranslation('app');
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('boot.unreachableTitle'));
  const retry = async () => {
    setBusy(true);
    await loadSession();
    setBusy(false);
  };
  return (
    <main className="boot-screen" id="main">
      <div className="boot-screen__panel">
        <h1>{t('boot.unreachableTitle')}</h1>
        <Banner
          tone="warning"
          actions={
            <Button variant="primary" busy={busy} onClick={() => void retry()}>
              {t('boot.retry')}
            </Button>
          }
        >
          {t('boot.unreachableBody')}
        </Banner>
      </div>
    </main>
  );
}
