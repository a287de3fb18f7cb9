import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  CreateCaseBodySchema,
  MEMBER_STATES,
  SENSITIVITY_LABELS,
  type JurisdictionCode,
  type Sensitivity,
} from '@serantau/shared';
import { useLabels } from '../../../app/labels';
import {
  Banner,
  Button,
  CheckboxGroup,
  Dialog,
  Select,
  TextArea,
  TextField,
  errorMessage,
} from '../../../ui';
import { useCreateCase } from '../api';

/** Opens a case: title, summary, sensitivity, participating countries and per-country references. */
export function CreateCaseDialog({
  open,
  onClose,
  defaultCountry,
}: {
  open: boolean;
  onClose: () => void;
  defaultCountry: JurisdictionCode;
}) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const navigate = useNavigate();
  const create = useCreateCase();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [sensitivity, setSensitivity] = useState<Sensitivity>('RESTRICTED');
  const [countries, setCountries] = useState<JurisdictionCode[]>([defaultCountry]);
  const [references, setReferences] = useState<Partial<Record<JurisdictionCode, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = CreateCaseBodySchema.safeParse({
      title,
      summary,
      sensitivity,
      countries,
      references: countries.flatMap((country) => {
        const reference = references[country]?.trim();
        return reference ? [{ country, reference }] : [];
      }),
    });
    if (!parsed.success) {
      setProblem(t('create.invalid', { detail: parsed.error.issues[0]?.message ?? '' }));
      return;
    }
    create.mutate(parsed.data, {
      onSuccess: (created) => {
        onClose();
        void navigate(`/cases/${created.id}`);
      },
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title={t('create.title')}
      description={t('create.description')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" type="submit" form="create-case-form" busy={create.isPending}>
            {t('create.submit')}
          </Button>
        </>
      }
    >
      <form id="create-case-form" className="ui-stack" onSubmit={submit}>
        {(problem || create.error) && (
          <Banner tone="danger">{problem ?? errorMessage(t, create.error)}</Banner>
        )}
        <TextField
          label={t('fields.title')}
          required
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
        <TextArea
          label={t('fields.summary')}
          rows={4}
          value={summary}
          onChange={(event) => setSummary(event.target.value)}
        />
        <Select
          label={t('fields.sensitivity')}
          value={sensitivity}
          options={SENSITIVITY_LABELS.map((value) => ({ value, label: t(`sensitivity.${value}`) }))}
          onChange={(event) => setSensitivity(event.target.value as Sensitivity)}
        />
        <CheckboxGroup
          legend={t('fields.countries')}
          columns={3}
          options={MEMBER_STATES.map((state) => ({
            value: state.code as JurisdictionCode,
            label: labels.country(state.code),
          }))}
          value={countries}
          onChange={setCountries}
        />
        {countries.map((country) => (
          <TextField
            key={country}
            label={t('fields.reference', { country: labels.country(country) })}
            value={references[country] ?? ''}
            onChange={(event) => setReferences({ ...references, [country]: event.target.value })}
          />
        ))}
      </form>
    </Dialog>
  );
}
