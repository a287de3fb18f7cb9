import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  AcceptInvitationBodySchema,
  InvitationTokenParamsSchema,
  PASSWORD_MIN_LENGTH,
  type InvitationPreview,
} from '@serantau/shared';
import { authStore } from '../../../app/auth';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
import { isApiError } from '../../../lib/api';
import { serverFieldErrors, validate, type FieldErrors } from '../../../lib/validation';
import {
  Banner,
  Button,
  ButtonLink,
  DescriptionList,
  ErrorState,
  LoadingState,
  TextField,
  errorMessage,
} from '../../../ui';
import { useAcceptInvitation, useInvitationPreview } from '../api';
import { AuthLayout } from '../components/AuthLayout';

/** An invitation that no longer works: unknown, expired, revoked or already used. */
function isDeadLink(error: unknown): boolean {
  return (
    isApiError(error, 'NOT_FOUND') ||
    isApiError(error, 'GONE') ||
    isApiError(error, 'VALIDATION_FAILED') ||
    isApiError(error, 'BAD_REQUEST')
  );
}

/** `/invite/:token`: see what the invitation is for, choose a password, and come in. */
export function InvitePage() {
  const { t } = useTranslation('auth');
  const { token = '' } = useParams();
  const wellFormed = InvitationTokenParamsSchema.safeParse({ token }).success;
  const preview = useInvitationPreview(token, wellFormed);

  if (!wellFormed || (preview.isError && isDeadLink(preview.error))) {
    return <DeadInvitation />;
  }
  return (
    <AuthLayout title={t('invite.title')}>
      {preview.isPending ? (
        <LoadingState />
      ) : preview.isError ? (
        <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
      ) : (
        <AcceptForm token={token} preview={preview.data} />
      )}
    </AuthLayout>
  );
}

function DeadInvitation() {
  const { t } = useTranslation('auth');
  return (
    <AuthLayout title={t('invite.deadTitle')}>
      <Banner tone="warning">{t('invite.deadBody')}</Banner>
      <ButtonLink to="/login" variant="primary">
        {t('invite.goToLogin')}
      </ButtonLink>
    </AuthLayout>
  );
}

function AcceptForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const { t } = useTranslation('auth');
  const labels = useLabels();
  const format = useFormat();
  const navigate = useNavigate();
  const accept = useAcceptInvitation(token);
  const [displayName, setDisplayName] = useState(preview.displayName);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(AcceptInvitationBodySchema, { password, displayName }, t, {
      password: t('invite.passwordTooShort', { count: PASSWORD_MIN_LENGTH }),
    });
    const nextErrors: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (confirmation !== password) nextErrors.confirmation = t('invite.passwordMismatch');
    setErrors(nextErrors);
    if (!checked.ok || nextErrors.confirmation) return;
    accept.mutate(checked.data, {
      onSuccess: (result) => {
        authStore.dispatch({ type: 'login_result', result });
        const destination =
          result.status === 'authenticated'
            ? '/'
            : result.status === 'two_factor_required'
              ? '/login'
              : '/two-factor/enrol';
        void navigate(destination, { replace: true });
      },
      onError: (error) => {
        if (!isApiError(error, 'VALIDATION_FAILED')) return;
        const fields = serverFieldErrors(error);
        // Without field details the refusal is about the password (e.g. it contains the email name).
        setErrors(Object.keys(fields).length ? fields : { password: t('invite.passwordRejected') });
      },
    });
  };

  if (accept.isError && isApiError(accept.error, 'GONE'))
    return <Banner tone="warning">{t('invite.deadBody')}</Banner>;

  return (
    <form className="ui-form" onSubmit={submit} noValidate>
      <p>
        {t('invite.intro', { role: labels.role(preview.role), country: labels.country(preview.country) })}
      </p>
      <DescriptionList
        items={[
          { term: t('invite.email'), description: preview.email },
          { term: t('invite.expires'), description: format.dateTime(preview.expiresAt) },
        ]}
      />
      {accept.isError && !isApiError(accept.error, 'VALIDATION_FAILED') && (
        <Banner tone="danger">{errorMessage(t, accept.error)}</Banner>
      )}
      <TextField
        label={t('invite.displayName')}
        hint={t('invite.displayNameHint')}
        name="displayName"
        autoComplete="name"
        value={displayName}
        onChange={(event) => setDisplayName(event.target.value)}
        error={errors.displayName}
        required
      />
      {/* Lets password managers store the new credential under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={preview.email} />
      <TextField
        label={t('invite.password')}
        hint={t('invite.passwordHint', { count: PASSWORD_MIN_LENGTH })}
        type="password"
        name="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={errors.password}
        required
      />
      <TextField
        label={t('invite.confirm')}
        type="password"
        name="confirmation"
        autoComplete="new-password"
        value={confirmation}
        onChange={(event) => setConfirmation(event.target.value)}
        error={errors.confirmation}
        required
      />
      <Button type="submit" variant="primary" busy={accept.isPending}>
        {t('invite.submit')}
      </Button>
      <p className="ui-small ui-muted">
        {t('invite.haveAccount')} <Link to="/login">{t('invite.goToLogin')}</Link>
      </p>
    </form>
  );
}
