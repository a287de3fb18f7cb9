import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CreateInvitationBodySchema,
  type CreatedInvitation,
  type GlobalRole,
  type JurisdictionCode,
} from '@serantau/shared';
import { CountrySelect } from '../../../app/components/CountrySelect';
import { useLabels } from '../../../app/labels';
import { isApiError } from '../../../lib/api';
import { serverFieldErrors, validate, type FieldErrors } from '../../../lib/validation';
import { Banner, Button, Select, TextField, errorMessage } from '../../../ui';
import { useCreateInvitation } from '../api';
import { AgencySelect } from './AgencySelect';

interface Values {
  email: string;
  displayName: string;
  country: JurisdictionCode | '';
  agencyId: string;
  role: GlobalRole;
  title: string;
}

const EMPTY: Values = { email: '', displayName: '', country: '', agencyId: '', role: 'member', title: '' };

/** Invite a new member; the one-time link goes to `onCreated` to be shown once. */
export function InvitationForm({ onCreated }: { onCreated: (created: CreatedInvitation) => void }) {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const create = useCreateInvitation();
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});

  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      email: values.email,
      displayName: values.displayName,
      country: values.country,
      agencyId: values.agencyId || null,
      role: values.role,
      title: values.title.trim() || undefined,
    };
    const checked = validate(CreateInvitationBodySchema, body, t, {
      email: t('invitations.emailInvalid'),
      country: t('invitations.countryRequired'),
    });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    create.mutate(checked.data, {
      onSuccess: (created) => {
        setValues(EMPTY);
        onCreated(created);
      },
      onError: (error) => {
        if (isApiError(error, 'VALIDATION_FAILED')) setErrors(serverFieldErrors(error));
        if (isApiError(error, 'ALREADY_EXISTS') || isApiError(error, 'CONFLICT')) {
          setErrors({ email: t('invitations.emailTaken') });
        }
      },
    });
  };

  return (
    <form className="ui-form" onSubmit={submit} noValidate>
      {create.isError && !isApiError(create.error, 'VALIDATION_FAILED') && (
        <Banner tone="danger">{errorMessage(t, create.error)}</Banner>
      )}
      <div className="ui-form-grid">
        <TextField
          label={t('fields.email')}
          type="email"
          autoComplete="off"
          value={values.email}
          maxLength={254}
          onChange={(event) => set('email', event.target.value)}
          error={errors.email}
          required
        />
        <TextField
          label={t('fields.displayName')}
          hint={t('invitations.displayNameHint')}
          autoComplete="off"
          value={values.displayName}
          maxLength={80}
          onChange={(event) => set('displayName', event.target.value)}
          error={errors.displayName}
          required
        />
        <CountrySelect
          label={t('fields.country')}
          placeholder={t('invitations.chooseCountry')}
          value={values.country}
          onChange={(event) => {
            set('country', event.target.value as JurisdictionCode | '');
            set('agencyId', '');
          }}
          error={errors.country}
          required
        />
        <AgencySelect
          country={values.country}
          value={values.agencyId}
          onChange={(agencyId) => set('agencyId', agencyId)}
          error={errors.agencyId}
        />
        <Select
          label={t('fields.role')}
          hint={t('fields.roleHint')}
          value={values.role}
          onChange={(event) => set('role', event.target.value as GlobalRole)}
          options={labels.roleOptions}
          error={errors.role}
        />
        <TextField
          label={t('fields.title')}
          value={values.title}
          maxLength={120}
          onChange={(event) => set('title', event.target.value)}
          error={errors.title}
        />
      </div>
      <div className="ui-form-actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          {t('invitations.create')}
        </Button>
      </div>
    </form>
  );
}
