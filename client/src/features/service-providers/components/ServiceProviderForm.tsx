import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ServiceProviderBodySchema,
  type JurisdictionCode,
  type Language,
  type ServiceProvider,
  type VictimService,
} from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
import { isApiError } from '../../../lib/api';
import { serverFieldErrors, validate, type FieldErrors } from '../../../lib/validation';
import {
  Banner,
  Button,
  Checkbox,
  CheckboxGroup,
  Select,
  TextArea,
  TextField,
  errorMessage,
  useToast,
} from '../../../ui';
import { useSaveServiceProvider } from '../api';
import { useServiceOptions } from './ServiceLabels';

interface FormValues {
  name: string;
  country: JurisdictionCode | '';
  services: VictimService[];
  languages: Language[];
  phone: string;
  email: string;
  website: string;
  address: string;
  notes: string;
  verified: boolean;
}

function initialValues(existing: ServiceProvider | null): FormValues {
  return {
    name: existing?.name ?? '',
    country: existing?.country ?? '',
    services: existing?.services ?? [],
    languages: existing?.languages ?? [],
    phone: existing?.contact.phone ?? '',
    email: existing?.contact.email ?? '',
    website: existing?.contact.website ?? '',
    address: existing?.contact.address ?? '',
    notes: existing?.notes ?? '',
    // "Verified" means "I checked it now", so it never starts ticked.
    verified: false,
  };
}

/** Empty optional fields are sent as null, as the contract expects. */
function toBody(values: FormValues) {
  const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    name: values.name,
    country: values.country,
    services: values.services,
    languages: values.languages,
    contact: {
      phone: orNull(values.phone),
      email: orNull(values.email),
      website: orNull(values.website),
      address: orNull(values.address),
    },
    notes: values.notes,
    verified: values.verified,
  };
}

export function ServiceProviderForm({
  existing,
  onSaved,
}: {
  existing: ServiceProvider | null;
  onSaved: (saved: ServiceProvider) => void;
}) {
  const { t } = useTranslation('service-providers');
  const labels = useLabels();
  const format = useFormat();
  const serviceOptions = useServiceOptions();
  const toast = useToast();
  const save = useSaveServiceProvider(existing?.id ?? null);
  const [values, setValues] = useState<FormValues>(() => initialValues(existing));
  const [errors, setErrors] = useState<FieldErrors>({});

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(ServiceProviderBodySchema, toBody(values), t, {
      country: t('form.countryRequired'),
      services: t('form.servicesRequired'),
      'contact.phone': t('form.phoneInvalid'),
      'contact.website': t('form.websiteInvalid'),
    });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    save.mutate(checked.data, {
      onSuccess: (saved) => {
        toast.show(existing ? t('form.updated') : t('form.created'));
        onSaved(saved);
      },
      onError: (error) => {
        if (isApiError(error, 'VALIDATION_FAILED')) setErrors(serverFieldErrors(error));
      },
    });
  };

  const hasErrors = Object.keys(errors).length > 0;

  return (
    <form className="ui-form" onSubmit={submit} noValidate>
      {hasErrors && <Banner tone="danger">{t('form.fixErrors')}</Banner>}
      {save.isError && !isApiError(save.error, 'VALIDATION_FAILED') && (
        <Banner tone="danger">{errorMessage(t, save.error)}</Banner>
      )}
      <TextField
        label={t('form.name')}
        value={values.name}
        maxLength={160}
        onChange={(event) => set('name', event.target.value)}
        error={errors.name}
        required
      />
      <Select
        label={t('form.country')}
        placeholder={t('form.chooseCountry')}
        value={values.country}
        onChange={(event) => set('country', event.target.value as JurisdictionCode | '')}
        options={labels.memberStateOptions}
        error={errors.country}
        required
      />
      <CheckboxGroup
        legend={t('form.services')}
        options={serviceOptions}
        value={values.services}
        onChange={(next) => set('services', next)}
        error={errors.services}
      />
      <CheckboxGroup
        legend={t('form.languages')}
        options={labels.languageOptions}
        value={values.languages}
        onChange={(next) => set('languages', next)}
        columns={3}
        error={errors.languages}
      />
      <fieldset className="ui-fieldset">
        <legend className="ui-field__label">{t('form.contact')}</legend>
        <div className="ui-form-grid">
          <TextField
            label={t('form.phone')}
            type="tel"
            value={values.phone}
            maxLength={40}
            onChange={(event) => set('phone', event.target.value)}
            error={errors['contact.phone']}
          />
          <TextField
            label={t('form.email')}
            type="email"
            value={values.email}
            maxLength={254}
            onChange={(event) => set('email', event.target.value)}
            error={errors['contact.email']}
          />
          <TextField
            label={t('form.website')}
            type="url"
            hint={t('form.websiteHint')}
            value={values.website}
            maxLength={2048}
            onChange={(event) => set('website', event.target.value)}
            error={errors['contact.website']}
            className="ui-span-all"
          />
          <TextField
            label={t('form.address')}
            value={values.address}
            maxLength={300}
            onChange={(event) => set('address', event.target.value)}
            error={errors['contact.address']}
            className="ui-span-all"
          />
        </div>
      </fieldset>
      <TextArea
        label={t('form.notes')}
        hint={t('form.notesHint')}
        value={values.notes}
        maxLength={2000}
        rows={5}
        onChange={(event) => set('notes', event.target.value)}
        error={errors.notes}
      />
      <Checkbox
        label={t('form.verified')}
        hint={
          existing?.verifiedAt
            ? t('form.verifiedBefore', {
                by: existing.verifiedBy ?? t('detail.unknownVerifier'),
                date: format.dateTime(existing.verifiedAt, 'date'),
              })
            : t('form.verifiedHint')
        }
        checked={values.verified}
        onChange={(event) => set('verified', event.target.checked)}
      />
      <div className="ui-form-actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {existing ? t('form.saveChanges') : t('form.create')}
        </Button>
      </div>
    </form>
  );
}
