import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DisableTwoFactorBodySchema, TotpCodeSchema } from '@serantau/shared';
import { authStore, useCurrentUser } from '../../../app/auth';
import { isApiError } from '../../../lib/api';
import { validate, type FieldErrors } from '../../../lib/validation';
import { Badge, Banner, Button, Card, TextField, errorMessage, useToast } from '../../../ui';
import { RecoveryCodes } from '../../auth/components/RecoveryCodes';
import { TwoFactorEnrolment } from '../../auth/components/TwoFactorEnrolment';
import { useDisableTwoFactor, useRegenerateRecoveryCodes } from '../api';

/** Turn two-factor authentication on or off, and replace the recovery codes. */
export function TwoFactorSection() {
  const { t } = useTranslation('account');
  const user = useCurrentUser();
  // Fresh recovery codes stay on screen until dismissed, even as the account state changes under them.
  const [codes, setCodes] = useState<string[] | null>(null);

  return (
    <div className="ui-stack">
      <Card
        title={t('twoFactor.heading')}
        description={t('twoFactor.description')}
        labelledBy="two-factor-heading"
        actions={
          user.twoFactorEnabled ? (
            <Badge tone="success">{t('twoFactor.on')}</Badge>
          ) : (
            <Badge tone="warning">{t('twoFactor.off')}</Badge>
          )
        }
      >
        {codes ? (
          <>
            <RecoveryCodes codes={codes} email={user.email} />
            <div className="ui-form-actions">
              <Button variant="primary" onClick={() => setCodes(null)}>
                {t('twoFactor.codesDone')}
              </Button>
            </div>
          </>
        ) : user.twoFactorEnabled ? (
          <p>{t('twoFactor.enabledText')}</p>
        ) : (
          <TwoFactorEnrolment
            onEnabled={(result) => {
              // Enabling rotates this session (and signs out the others): adopt the new one at once.
              authStore.dispatch({ type: 'session', session: result.session });
              setCodes(result.recoveryCodes);
            }}
          />
        )}
      </Card>
      {user.twoFactorEnabled && !codes && (
        <>
          <RegenerateCodes onCodes={setCodes} />
          <DisableTwoFactor />
        </>
      )}
    </div>
  );
}

function RegenerateCodes({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const { t } = useTranslation('account');
  const regenerate = useRegenerateRecoveryCodes();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = code.replace(/\s+/g, '');
    if (!TotpCodeSchema.safeParse(value).success) {
      setError(t('twoFactor.codeInvalid'));
      return;
    }
    setError(null);
    regenerate.mutate(
      { code: value },
      { onSuccess: (result) => onCodes(result.recoveryCodes), onSettled: () => setCode('') },
    );
  };

  return (
    <Card
      title={t('twoFactor.regenerateHeading')}
      description={t('twoFactor.regenerateText')}
      labelledBy="regenerate-heading"
    >
      <form className="ui-form settings-narrow" onSubmit={submit} noValidate>
        {regenerate.isError && <Banner tone="danger">{errorMessage(t, regenerate.error)}</Banner>}
        <TextField
          label={t('twoFactor.code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={error}
          required
        />
        <div className="ui-form-actions">
          <Button type="submit" busy={regenerate.isPending}>
            {t('twoFactor.regenerate')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function DisableTwoFactor() {
  const { t } = useTranslation('account');
  const toast = useToast();
  const disable = useDisableTwoFactor();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(DisableTwoFactorBodySchema, { password, code: code.replace(/\s+/g, '') }, t, {
      password: t('password.currentRequired'),
      code: t('twoFactor.codeInvalid'),
    });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    disable.mutate(checked.data, {
      onSuccess: () => toast.show(t('twoFactor.disabled')),
      onSettled: () => {
        setPassword('');
        setCode('');
      },
    });
  };

  return (
    <Card
      title={t('twoFactor.disableHeading')}
      description={t('twoFactor.disableText')}
      labelledBy="disable-heading"
    >
      <form className="ui-form settings-narrow" onSubmit={submit} noValidate>
        {disable.isError && (
          <Banner tone="danger">
            {isApiError(disable.error, 'FORBIDDEN')
              ? t('twoFactor.requiredByNetwork')
              : isApiError(disable.error, 'INVALID_CREDENTIALS')
                ? t('twoFactor.wrongPasswordOrCode')
                : errorMessage(t, disable.error)}
          </Banner>
        )}
        <TextField
          label={t('password.current')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.password}
          required
        />
        <TextField
          label={t('twoFactor.code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={errors.code}
          required
        />
        <div className="ui-form-actions">
          <Button type="submit" variant="danger" busy={disable.isPending}>
            {t('twoFactor.disable')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
