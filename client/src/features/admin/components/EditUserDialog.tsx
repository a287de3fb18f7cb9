import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AdminUpdateUserBodySchema,
  type AdminUser,
  type GlobalRole,
  type JurisdictionCode,
} from '@serantau/shared';
import { CountrySelect } from '../../../app/components/CountrySelect';
import { useLabels } from '../../../app/labels';
import { isApiError } from '../../../lib/api';
import { serverFieldErrors, validate, type FieldErrors } from '../../../lib/validation';
import { Banner, Button, Dialog, Select, TextField, errorMessage, useToast } from '../../../ui';
import { useUpdateUser } from '../api';
import { AgencySelect } from './AgencySelect';

interface Values {
  role: GlobalRole;
  country: JurisdictionCode;
  agencyId: string;
  title: string;
  contactPoint: string;
}

/** Change a member's role, country, agency, title and contact-point designation. */
export function EditUserDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const { t } = useTranslation('admin');
  return (
    <Dialog
      open={user !== null}
      onClose={onClose}
      title={user ? t('users.editTitle', { name: user.displayName }) : ''}
      description={user?.email}
      size="lg"
    >
      {user && <EditUserForm key={user.id} user={user} onDone={onClose} />}
    </Dialog>
  );
}

function EditUserForm({ user, onDone }: { user: AdminUser; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const toast = useToast();
  const update = useUpdateUser();
  const [values, setValues] = useState<Values>({
    role: user.role,
    country: user.country,
    agencyId: user.agencyId ?? '',
    title: user.title,
    contactPoint: user.contactPoint ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});

  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      role: values.role,
      country: values.country,
      agencyId: values.agencyId || null,
      title: values.title,
      contactPoint: values.contactPoint.trim() || null,
    };
    const checked = validate(AdminUpdateUserBodySchema, body, t);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    update.mutate(
      { id: user.id, body: checked.data },
      {
        onSuccess: (saved) => {
          toast.show(t('users.saved', { name: saved.displayName }));
          onDone();
        },
        onError: (error) => {
          if (isApiError(error, 'VALIDATION_FAILED')) setErrors(serverFieldErrors(error));
        },
      },
    );
  };

  return (
    <form className="ui-form" onSubmit={submit} noValidate>
      {update.isError && <Banner tone="danger">{errorMessage(t, update.error)}</Banner>}
      <div className="ui-form-grid">
        <Select
          label={t('fields.role')}
          hint={t('fields.roleHint')}
          value={values.role}
          onChange={(event) => set('role', event.target.value as GlobalRole)}
          options={labels.roleOptions}
          error={errors.role}
        />
        <CountrySelect
          label={t('fields.country')}
          value={values.country}
          onChange={(event) => {
            set('country', event.target.value as JurisdictionCode);
            // The agency list depends on the country; an agency of another country cannot stay.
            set('agencyId', '');
          }}
          error={errors.country}
        />
        <AgencySelect
          country={values.country}
          value={values.agencyId}
          onChange={(agencyId) => set('agencyId', agencyId)}
          error={errors.agencyId}
        />
        <TextField
          label={t('fields.title')}
          value={values.title}
          maxLength={120}
          onChange={(event) => set('title', event.target.value)}
          error={errors.title}
        />
        <TextField
          className="ui-span-all"
          label={t('fields.contactPoint')}
          hint={t('fields.contactPointHint')}
          value={values.contactPoint}
          maxLength={120}
          onChange={(event) => set('contactPoint', event.target.value)}
          error={errors.contactPoint}
        />
      </div>
      <div className="ui-dialog__footer">
        <Button onClick={onDone} disabled={update.isPending}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" variant="primary" busy={update.isPending}>
          {t('users.save')}
        </Button>
      </div>
    </form>
  );
}
