import { useTranslation } from 'react-i18next';
import { APP_NAME, Banner, Button, CopyButton, downloadText } from '../../../ui';

/** Recovery codes, shown once: list them plainly and offer copy and download. */
export function RecoveryCodes({ codes, email }: { codes: readonly string[]; email: string }) {
  const { t } = useTranslation('auth');
  const text = [`${APP_NAME} — ${t('recovery.fileHeading', { email })}`, '', ...codes, ''].join('\n');
  return (
    <div className="ui-stack">
      <Banner tone="warning" title={t('recovery.onceTitle')}>
        {t('recovery.onceBody')}
      </Banner>
      <ol className="recovery-codes" aria-label={t('recovery.listLabel')}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="ui-form-actions">
        <CopyButton text={codes.join('\n')} copiedMessage={t('recovery.copied')}>
          {t('recovery.copy')}
        </CopyButton>
        <Button size="sm" onClick={() => downloadText('serantau-recovery-codes.txt', text)}>
          {t('recovery.download')}
        </Button>
      </div>
    </div>
  );
}
