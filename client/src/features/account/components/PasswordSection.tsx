import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangePasswordBodySchema, PASSWORD_MIN_LENGTH } from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { isApiError } from '../../../lib/api';
import { validate, type FieldErrors } from '../../../lib/validation';
import { Banner, Button, Card, TextField, errorMessage, useToast } from '../../../ui';
import { useChangePassword } from '../api';

/** Change my password; the server signs out my other sessions. */
export function PasswordSection() {
  const { t } = useTranslation('account');
  const user = useCurrentUser();
  const toast = useToast();
  const change = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(ChangePasswordBodySchema, { currentPassword, newPassword }, t, {
      currentPassword: t('password.currentRequired'),
      newPassword: t('password.tooShort', { count: PASSWORD_MIN_LENGTH }),
    });
    const nextErrors: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (confirmation !== newPassword) nextErrors.confirmation = t('password.mismatch');
    setErrors(nextErrors);
    if (!checked.ok || nextErrors.confirmation) return;
    change.mutate(checked.data, {
      onSuccess: () => {
        setCurrentPassword('');
        setNewPassword('');
        setConfirmation('');
        toast.show(t('password.changed'));
      },
      onError: (error) => {
        setCurrentPassword('');
        if (isApiError(error, 'INVALID_CREDENTIALS'))
          setErrors({ currentPassword: t('password.currentWrong') });
        // The server refuses passwords built from the account's own name or email (no field details).
        if (isApiError(error, 'VALIDATION_FAILED')) setErrors({ newPassword: t('password.rejected') });
      },
    });
  };

  return (
    <Card title={t('password.heading')} description={t('password.description')} labelledBy="password-heading">
      <form className="ui-form settings-narrow" onSubmit={submit} noValidate>
        {change.isError &&
          !isApiError(change.error, 'INVALID_CREDENTIALS') &&
          !isApiError(change.error, 'VALIDATION_FAILED') && (
            <Banner tone="danger">{errorMessage(t, change.error)}</Banner>
          )}
        <input type="hidden" name="username" autoComplete="username" value={user.email} />
        <TextField
          label={t('password.current')}
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
          error={errors.currentPassword}
          required
        />
        <TextField
          label={t('password.new')}
          hint={t('password.hint', { count: PASSWORD_MIN_LENGTH })}
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
          error={errors.newPassword}
          required
        />
        <TextField
          label={t('password.confirm')}
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          error={errors.confirmation}
          required
        />
        <div className="ui-form-actions">
          <Button type="submit" variant="primary" busy={change.isPending}>
            {t('password.submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
