import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LoginBodySchema } from '@serantau/shared';
import { authStore } from '../../../app/auth';
import { isApiError } from '../../../lib/api';
import { validate, type FieldErrors } from '../../../lib/validation';
import { Banner, Button, TextField, errorMessage } from '../../../ui';
import { useLogin } from '../api';

/** Step one: email and password. The reply decides the next step (see `authReducer`). */
export function CredentialsForm() {
  const { t } = useTranslation('auth');
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(LoginBodySchema, { email, password }, t, {
      email: t('login.emailInvalid'),
      password: t('login.passwordRequired'),
    });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    login.mutate(checked.data, {
      onSuccess: (result) => authStore.dispatch({ type: 'login_result', result }),
      // The password never stays in memory after a failed attempt.
      onError: () => setPassword(''),
    });
  };

  return (
    <form className="ui-form" onSubmit={submit} noValidate aria-describedby="login-intro">
      <p id="login-intro" className="ui-muted">
        {t('login.intro')}
      </p>
      {login.isError && (
        <Banner tone="danger" title={t('login.failed')}>
          {isApiError(login.error, 'ACCOUNT_SUSPENDED') ? t('login.suspended') : errorMessage(t, login.error)}
        </Banner>
      )}
      <TextField
        label={t('login.email')}
        type="email"
        name="email"
        autoComplete="username"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={errors.email}
        required
        autoFocus
      />
      <TextField
        label={t('login.password')}
        type="password"
        name="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={errors.password}
        required
      />
      <Button type="submit" variant="primary" busy={login.isPending}>
        {t('login.submit')}
      </Button>
      <p className="ui-muted ui-small">{t('login.noAccount')}</p>
    </form>
  );
}
