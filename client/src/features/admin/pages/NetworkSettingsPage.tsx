import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkSettings } from '@serantau/shared';
import {
  Banner,
  Button,
  Card,
  Checkbox,
  ErrorState,
  LoadingState,
  Page,
  errorMessage,
  useToast,
} from '../../../ui';
import { useNetworkSettings, useUpdateNetworkSettings } from '../api';

/** `/admin/settings`: rules that apply to the whole network. */
export function NetworkSettingsPage() {
  const { t } = useTranslation('admin');
  const settings = useNetworkSettings();
  return (
    <Page title={t('settings.title')} description={t('settings.description')} width="narrow">
      {settings.isPending ? (
        <LoadingState />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsForm key={JSON.stringify(settings.data)} initial={settings.data} />
      )}
    </Page>
  );
}

function SettingsForm({ initial }: { initial: NetworkSettings }) {
  const { t } = useTranslation('admin');
  const toast = useToast();
  const update = useUpdateNetworkSettings();
  const [values, setValues] = useState(initial);
  const changed =
    values.requireTwoFactor !== initial.requireTwoFactor ||
    values.observersMayContribute !== initial.observersMayContribute;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(values, { onSuccess: () => toast.show(t('settings.saved')) });
  };

  return (
    <Card>
      <form className="ui-form" onSubmit={submit} noValidate>
        {update.isError && <Banner tone="danger">{errorMessage(t, update.error)}</Banner>}
        <Checkbox
          label={t('settings.requireTwoFactor')}
          hint={t('settings.requireTwoFactorHint')}
          checked={values.requireTwoFactor}
          onChange={(event) =>
            setValues((current) => ({ ...current, requireTwoFactor: event.target.checked }))
          }
        />
        {values.requireTwoFactor && !initial.requireTwoFactor && (
          <Banner tone="warning">{t('settings.requireTwoFactorWarning')}</Banner>
        )}
        <Checkbox
          label={t('settings.observersMayContribute')}
          hint={t('settings.observersMayContributeHint')}
          checked={values.observersMayContribute}
          onChange={(event) =>
            setValues((current) => ({ ...current, observersMayContribute: event.target.checked }))
          }
        />
        <div className="ui-form-actions">
          <Button type="submit" variant="primary" busy={update.isPending} disabled={!changed}>
            {t('settings.save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
