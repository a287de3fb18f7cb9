import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RecoveryCodeSchema, TotpCodeSchema } from '@serantau/shared';
import { authStore } from '../../../app/auth';
import { Banner, Button, TextField, errorMessage } from '../../../ui';
import { useSecondFactor } from '../api';

type Mode = 'totp' | 'recovery';

/** Step two: a code from the authenticator app, or one of the recovery codes. */
export function SecondFactorForm() {
  const { t } = useTranslation('auth');
  const secondFactor = useSecondFactor();
  const [mode, setMode] = useState<Mode>('totp');
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);

  const switchMode = () => {
    setMode((current) => (current === 'totp' ? 'recovery' : 'totp'));
    setCode('');
    setFieldError(null);
    secondFactor.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = code.replace(/\s+/g, '');
    const schema = mode === 'totp' ? TotpCodeSchema : RecoveryCodeSchema;
    if (!schema.safeParse(value).success) {
      setFieldError(mode === 'totp' ? t('secondFactor.totpInvalid') : t('secondFactor.recoveryInvalid'));
      return;
    }
    setFieldError(null);
    secondFactor.mutate(mode === 'totp' ? { code: value } : { recoveryCode: value }, {
      onSuccess: (session) => authStore.dispatch({ type: 'session', session }),
      onError: () => setCode(''),
    });
  };

  return (
    <form className="ui-form" onSubmit={submit} noValidate>
      <p className="ui-muted">
        {mode === 'totp' ? t('secondFactor.introTotp') : t('secondFactor.introRecovery')}
      </p>
      {secondFactor.isError && <Banner tone="danger">{errorMessage(t, secondFactor.error)}</Banner>}
      {mode === 'totp' ? (
        <TextField
          key="totp"
          label={t('secondFactor.totpLabel')}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={fieldError}
          required
          autoFocus
        />
      ) : (
        <TextField
          key="recovery"
          label={t('secondFactor.recoveryLabel')}
          hint={t('secondFactor.recoveryHint')}
          name="recoveryCode"
          autoComplete="off"
          spellCheck={false}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={fieldError}
          required
          autoFocus
        />
      )}
      <Button type="submit" variant="primary" busy={secondFactor.isPending}>
        {t('secondFactor.submit')}
      </Button>
      <div className="ui-form-actions">
        <Button variant="ghost" size="sm" onClick={switchMode}>
          {mode === 'totp' ? t('secondFactor.useRecovery') : t('secondFactor.useTotp')}
        </Button>
        <Button
          variant="ghost"
          size="sm"
          onClick={() => authStore.dispatch({ type: 'signed_out', reason: null })}
        >
          {t('secondFactor.startOver')}
        </Button>
      </div>
    </form>
  );
}
