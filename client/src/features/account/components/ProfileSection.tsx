import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  UpdateProfileBodySchema,
  type CurrentUser,
  type Language,
  type LegalTopic,
  type UiLocale,
} from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { useLabels } from '../../../app/labels';
import { isApiError } from '../../../lib/api';
import { timeZoneChoices } from '../../../lib/timezones';
import { serverFieldErrors, validate, type FieldErrors } from '../../../lib/validation';
import {
  Banner,
  Button,
  Card,
  CheckboxGroup,
  DescriptionList,
  Select,
  TextField,
  errorMessage,
  useToast,
} from '../../../ui';
import { useUpdateProfile } from '../api';

interface ProfileValues {
  displayName: string;
  title: string;
  languages: Language[];
  expertise: LegalTopic[];
  locale: UiLocale;
  timeZone: string;
}

function valuesOf(user: CurrentUser): ProfileValues {
  return {
    displayName: user.displayName,
    title: user.title,
    languages: user.languages,
    expertise: user.expertise,
    locale: user.locale,
    timeZone: user.timeZone,
  };
}

/** What other members see of me, and my interface preferences. */
export function ProfileSection() {
  const { t } = useTranslation('account');
  const user = useCurrentUser();
  const labels = useLabels();
  const toast = useToast();
  const update = useUpdateProfile();
  const [values, setValues] = useState<ProfileValues>(() => valuesOf(user));
  const [errors, setErrors] = useState<FieldErrors>({});
  const zones = useMemo(() => timeZoneChoices(), []);

  const set = <K extends keyof ProfileValues>(key: K, value: ProfileValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(UpdateProfileBodySchema, values, t);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    update.mutate(checked.data, {
      onSuccess: () => toast.show(t('profile.saved')),
      onError: (error) => {
        if (isApiError(error, 'VALIDATION_FAILED')) setErrors(serverFieldErrors(error));
      },
    });
  };

  return (
    <div className="ui-stack">
      <Card
        title={t('profile.membershipHeading')}
        description={t('profile.membershipHint')}
        labelledBy="membership"
      >
        <DescriptionList
          items={[
            { term: t('profile.email'), description: user.email },
            { term: t('profile.country'), description: labels.country(user.country) },
            { term: t('profile.agency'), description: user.agencyName ?? t('profile.none') },
            { term: t('profile.role'), description: labels.role(user.role) },
            { term: t('profile.contactPoint'), description: user.contactPoint ?? t('profile.none') },
          ]}
        />
      </Card>
      <Card title={t('profile.editHeading')} labelledBy="profile-edit">
        <form className="ui-form" onSubmit={submit} noValidate>
          {update.isError && !isApiError(update.error, 'VALIDATION_FAILED') && (
            <Banner tone="danger">{errorMessage(t, update.error)}</Banner>
          )}
          <div className="ui-form-grid">
            <TextField
              label={t('profile.displayName')}
              value={values.displayName}
              maxLength={80}
              autoComplete="name"
              onChange={(event) => set('displayName', event.target.value)}
              error={errors.displayName}
              required
            />
            <TextField
              label={t('profile.jobTitle')}
              hint={t('profile.jobTitleHint')}
              value={values.title}
              maxLength={120}
              autoComplete="organization-title"
              onChange={(event) => set('title', event.target.value)}
              error={errors.title}
            />
          </div>
          <CheckboxGroup
            legend={t('profile.languages')}
            hint={t('profile.languagesHint')}
            options={labels.languageOptions}
            value={values.languages}
            onChange={(next) => set('languages', next)}
            columns={3}
            error={errors.languages}
          />
          <CheckboxGroup
            legend={t('profile.expertise')}
            hint={t('profile.expertiseHint')}
            options={labels.topicOptions}
            value={values.expertise}
            onChange={(next) => set('expertise', next)}
            error={errors.expertise}
          />
          <div className="ui-form-grid">
            <Select
              label={t('profile.locale')}
              value={values.locale}
              onChange={(event) => set('locale', event.target.value === 'ms' ? 'ms' : 'en')}
              options={[
                { value: 'en', label: 'English' },
                { value: 'ms', label: 'Bahasa Melayu' },
              ]}
              error={errors.locale}
            />
            <Select
              label={t('profile.timeZone')}
              hint={t('profile.timeZoneHint')}
              value={values.timeZone}
              onChange={(event) => set('timeZone', event.target.value)}
              error={errors.timeZone}
            >
              {!zones.network.includes(values.timeZone) && !zones.other.includes(values.timeZone) && (
                <option value={values.timeZone}>{values.timeZone}</option>
              )}
              <optgroup label={t('profile.networkZones')}>
                {zones.network.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replace(/_/g, ' ')}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('profile.otherZones')}>
                {zones.other.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replace(/_/g, ' ')}
                  </option>
                ))}
              </optgroup>
            </Select>
          </div>
          <div className="ui-form-actions">
            <Button type="submit" variant="primary" busy={update.isPending}>
              {t('profile.save')}
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
