import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TotpCodeSchema, type RouteOutput, type authRoutes } from '@serantau/shared';
import { Banner, Button, CopyButton, TextField, errorMessage } from '../../../ui';
import { useTwoFactorEnable, useTwoFactorSetup } from '../api';

export type TwoFactorEnabled = RouteOutput<typeof authRoutes.twoFactorEnable>;

/** Groups a base32 secret in fours so it can be typed into an app by hand. */
function groupSecret(secret: string): string {
  return secret
    .replace(/\s+/g, '')
    .replace(/(.{4})/g, '$1 ')
    .trim();
}

/**
 * Two-factor enrolment: start → scan the QR code (or type the secret) → confirm with a code.
 * The parent shows the recovery codes that `onEnabled` receives.
 */
export function TwoFactorEnrolment({
  onEnabled,
  onCancel,
}: {
  onEnabled: (result: TwoFactorEnabled) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('auth');
  const setup = useTwoFactorSetup();
  const enable = useTwoFactorEnable();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    const value = code.replace(/\s+/g, '');
    if (!TotpCodeSchema.safeParse(value).success) {
      setCodeError(t('secondFactor.totpInvalid'));
      return;
    }
    setCodeError(null);
    enable.mutate({ code: value }, { onSuccess: onEnabled, onError: () => setCode('') });
  };

  if (!setup.data) {
    return (
      <div className="ui-stack">
        <p>{t('enrol.intro')}</p>
        <ol className="enrol-steps">
          <li>{t('enrol.stepInstall')}</li>
          <li>{t('enrol.stepScan')}</li>
          <li>{t('enrol.stepConfirm')}</li>
        </ol>
        {setup.isError && <Banner tone="danger">{errorMessage(t, setup.error)}</Banner>}
        <div className="ui-form-actions">
          <Button variant="primary" busy={setup.isPending} onClick={() => setup.mutate()}>
            {t('enrol.begin')}
          </Button>
          {onCancel && (
            <Button variant="ghost" onClick={onCancel}>
              {t('enrol.cancel')}
            </Button>
          )}
        </div>
      </div>
    );
  }

  const secret = groupSecret(setup.data.secret);
  return (
    <div className="enrol">
      <div className="enrol__qr">
        {/* A data: URL from the server; the CSP allows data: images (img-src 'self' data:). */}
        <img src={setup.data.qrCodeDataUrl} alt={t('enrol.qrAlt')} width={200} height={200} />
      </div>
      <div className="ui-stack">
        <p>{t('enrol.scan')}</p>
        <div>
          <p className="ui-small ui-muted">{t('enrol.manual')}</p>
          <code className="ui-code-block enrol__secret">{secret}</code>
          <div className="ui-form-actions enrol__copy">
            <CopyButton text={setup.data.secret} copiedMessage={t('enrol.secretCopied')}>
              {t('enrol.copySecret')}
            </CopyButton>
          </div>
        </div>
        <form className="ui-form" onSubmit={confirm} noValidate>
          {enable.isError && <Banner tone="danger">{errorMessage(t, enable.error)}</Banner>}
          <TextField
            label={t('enrol.codeLabel')}
            hint={t('enrol.codeHint')}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            error={codeError}
            required
          />
          <div className="ui-form-actions">
            <Button type="submit" variant="primary" busy={enable.isPending}>
              {t('enrol.confirm')}
            </Button>
            {onCancel && (
              <Button variant="ghost" onClick={onCancel}>
                {t('enrol.cancel')}
              </Button>
            )}
          </div>
        </form>
      </div>
    </div>
  );
}
