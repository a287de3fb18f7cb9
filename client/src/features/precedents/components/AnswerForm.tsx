import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AnswerBodySchema,
  PRECEDENT_LIMITS,
  type Answer,
  type CitationInput,
  type CitationJurisdiction,
  type CitationOutcome,
  type PrecedentFile,
} from '@serantau/shared';
import { isApiError } from '../../../lib/api';
import { serverFieldErrors, validate, type FieldErrors } from '../../../lib/validation';
import { Banner, Button, Select, TextArea, TextField, errorMessage } from '../../../ui';
import { uploadExcerpt } from '../api';
import { usePrecedentLabels } from '../lib/vocabulary';
import { newClientRequestId } from '../pages/AskPage';

/** A citation as typed: every field a string until the form is checked. */
interface CitationDraft {
  /** Local key for React only. */
  draftId: string;
  caseName: string;
  court: string;
  jurisdiction: CitationJurisdiction | '';
  year: string;
  reference: string;
  outcome: CitationOutcome | '';
  provision: string;
  url: string;
  attachment: PrecedentFile | null;
}

const REQUIRED_TEXT = ['caseName', 'court', 'reference'] as const;
const ANSWER_MIN_LENGTH = 10;

let draftCounter = 0;
function emptyDraft(): CitationDraft {
  draftCounter += 1;
  return {
    draftId: `citation-${draftCounter}`,
    caseName: '',
    court: '',
    jurisdiction: '',
    year: '',
    reference: '',
    outcome: '',
    provision: '',
    url: '',
    attachment: null,
  };
}

function draftOf(citation: Answer['citations'][number]): CitationDraft {
  return {
    ...emptyDraft(),
    caseName: citation.caseName,
    court: citation.court,
    jurisdiction: citation.jurisdiction,
    year: String(citation.year),
    reference: citation.reference,
    outcome: citation.outcome,
    provision: citation.provision,
    url: citation.url ?? '',
    attachment: citation.attachment,
  };
}

/** The wire form of a draft; left-out required values fail the shared schema like the server's check. */
function inputOf(draft: CitationDraft): Record<string, unknown> {
  return {
    caseName: draft.caseName,
    court: draft.court,
    jurisdiction: draft.jurisdiction || undefined,
    year: draft.year.trim() === '' ? undefined : Number(draft.year),
    reference: draft.reference,
    outcome: draft.outcome || undefined,
    provision: draft.provision,
    url: draft.url.trim() || null,
    attachmentId: draft.attachment?.id ?? null,
  };
}

export interface AnswerSubmission {
  clientRequestId: string;
  body: string;
  citations: CitationInput[];
}

/**
 * Free-text advice (Markdown) with any number of structured citations — case name, court,
 * jurisdiction, year, reference and outcome required; provision, a link and an uploaded judgment
 * excerpt optional. Checked with the shared schema before sending; the server's field errors land
 * beside the same fields.
 */
export function AnswerForm({
  answer,
  onSubmit,
  onCancel,
}: {
  /** Editing this answer; a new answer otherwise. */
  answer?: Answer;
  /** Sends the answer; a rejection is shown in the form (field errors beside their fields). */
  onSubmit: (submission: AnswerSubmission) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('precedents');
  const formId = useId();
  const [clientRequestId, setClientRequestId] = useState(newClientRequestId);
  const [body, setBody] = useState(answer?.body ?? '');
  const [citations, setCitations] = useState<CitationDraft[]>(() => answer?.citations.map(draftOf) ?? []);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [uploading, setUploading] = useState(0);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const update = (index: number, patch: Partial<CitationDraft>) =>
    setCitations((current) => current.map((draft, at) => (at === index ? { ...draft, ...patch } : draft)));

  const reset = () => {
    setBody('');
    setCitations([]);
    setErrors({});
    setClientRequestId(newClientRequestId());
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values = { clientRequestId, body, citations: citations.map(inputOf) };
    const checked = validate(AnswerBodySchema, values, t, overridesFor(body, citations, t));
    if (!checked.ok) {
      setErrors(checked.errors);
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`[data-answer-form="${formId}"] [aria-invalid="true"]`)?.focus(),
      );
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    onSubmit({ clientRequestId, body: checked.data.body, citations: checked.data.citations })
      .then(
        () => {
          // A new answer form starts afresh (and with a new request id); an edit closes anyway.
          if (!answer) reset();
        },
        (error: unknown) => {
          setFailure(error);
          if (isApiError(error, 'VALIDATION_FAILED')) setErrors(serverFieldErrors(error));
        },
      )
      .finally(() => setBusy(false));
  };

  return (
    <form className="ui-form precedent-answer-form" data-answer-form={formId} noValidate onSubmit={submit}>
      <TextArea
        label={answer ? t('answer.editBody') : t('answer.body')}
        hint={t('answer.bodyHint')}
        required
        rows={8}
        value={body}
        error={errors.body}
        onChange={(event) => setBody(event.target.value)}
      />
      <section className="ui-stack" aria-labelledby={`${formId}-citations`}>
        <h3 id={`${formId}-citations`} className="precedent-subheading">
          {t('answer.citations')}
        </h3>
        <p className="ui-small ui-muted">{t('answer.citationsHint')}</p>
        {citations.map((draft, index) => (
          <CitationFields
            key={draft.draftId}
            index={index}
            draft={draft}
            errors={errors}
            onChange={(patch) => update(index, patch)}
            onRemove={() => setCitations((current) => current.filter((_, at) => at !== index))}
            onUploading={(delta) => setUploading((count) => count + delta)}
          />
        ))}
        {citations.length < PRECEDENT_LIMITS.citationsPerAnswerMax && (
          <div>
            <Button size="sm" onClick={() => setCitations((current) => [...current, emptyDraft()])}>
              {t('answer.addCitation')}
            </Button>
          </div>
        )}
        {errors.citations && <p className="ui-field__error">{errors.citations}</p>}
      </section>
      {failure !== null && (
        <Banner tone="danger">
          {isApiError(failure, 'VALIDATION_FAILED') ? t('answer.errors.fix') : errorMessage(t, failure)}
        </Banner>
      )}
      <div className="ui-form-actions">
        <Button type="submit" variant="primary" busy={busy} disabled={uploading > 0}>
          {answer ? t('answer.save') : t('answer.submit')}
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel} disabled={busy}>
            {t('actions.cancel')}
          </Button>
        )}
        {uploading > 0 && <span className="ui-small ui-muted">{t('answer.waitForUpload')}</span>}
      </div>
    </form>
  );
}

function overridesFor(
  body: string,
  citations: readonly CitationDraft[],
  t: (key: string, options?: Record<string, unknown>) => string,
): Record<string, string> {
  const required = t('ui:validation.required');
  const overrides: Record<string, string> = {};
  if (body.trim().length < ANSWER_MIN_LENGTH) {
    overrides.body = t('answer.errors.bodyShort', { count: ANSWER_MIN_LENGTH });
  }
  const thisYear = new Date().getUTCFullYear();
  citations.forEach((draft, index) => {
    const at = (field: string) => `citations.${index}.${field}`;
    for (const field of REQUIRED_TEXT) {
      if (!draft[field].trim()) overrides[at(field)] = required;
    }
    if (!draft.jurisdiction) overrides[at('jurisdiction')] = required;
    if (!draft.outcome) overrides[at('outcome')] = required;
    const year = Number(draft.year);
    if (!draft.year.trim()) overrides[at('year')] = required;
    else if (!Number.isInteger(year)) overrides[at('year')] = t('answer.errors.yearFormat');
    else if (year < PRECEDENT_LIMITS.citationYearMin)
      overrides[at('year')] = t('answer.errors.yearMin', { year: PRECEDENT_LIMITS.citationYearMin });
    else if (year > thisYear) overrides[at('year')] = t('answer.errors.yearFuture');
    if (draft.url.trim()) overrides[at('url')] = t('answer.errors.url');
  });
  return overrides;
}

function CitationFields({
  index,
  draft,
  errors,
  onChange,
  onRemove,
  onUploading,
}: {
  index: number;
  draft: CitationDraft;
  errors: FieldErrors;
  onChange: (patch: Partial<CitationDraft>) => void;
  onRemove: () => void;
  onUploading: (delta: 1 | -1) => void;
}) {
  const { t } = useTranslation('precedents');
  const labels = usePrecedentLabels();
  const fileRef = useRef<HTMLInputElement>(null);
  const [upload, setUpload] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const error = (field: string) => errors[`citations.${index}.${field}`] ?? null;
  const number = index + 1;

  const chooseFile = (file: File | undefined) => {
    if (!file) return;
    setUpload({ busy: true, error: null });
    onUploading(1);
    uploadExcerpt(file)
      .then(
        (uploaded) => {
          onChange({ attachment: uploaded });
          setUpload({ busy: false, error: null });
        },
        (failure: unknown) => setUpload({ busy: false, error: failure }),
      )
      .finally(() => {
        onUploading(-1);
        if (fileRef.current) fileRef.current.value = '';
      });
  };

  return (
    <fieldset className="precedent-citation-fields">
      <legend className="precedent-citation-fields__legend">{t('answer.citationNumber', { number })}</legend>
      <div className="ui-form-grid">
        <TextField
          label={t('citation.caseName')}
          required
          maxLength={300}
          value={draft.caseName}
          error={error('caseName')}
          onChange={(event) => onChange({ caseName: event.target.value })}
        />
        <TextField
          label={t('citation.court')}
          required
          maxLength={200}
          value={draft.court}
          error={error('court')}
          onChange={(event) => onChange({ court: event.target.value })}
        />
        <Select
          label={t('citation.jurisdiction')}
          required
          value={draft.jurisdiction}
          placeholder={t('answer.choose')}
          options={labels.citationJurisdictionOptions}
          error={error('jurisdiction')}
          onChange={(event) => onChange({ jurisdiction: event.target.value as CitationJurisdiction | '' })}
        />
        <TextField
          label={t('citation.year')}
          required
          type="number"
          inputMode="numeric"
          min={PRECEDENT_LIMITS.citationYearMin}
          max={new Date().getUTCFullYear()}
          step={1}
          value={draft.year}
          error={error('year')}
          onChange={(event) => onChange({ year: event.target.value })}
        />
        <TextField
          label={t('citation.reference')}
          hint={t('citation.referenceHint')}
          required
          maxLength={200}
          value={draft.reference}
          error={error('reference')}
          onChange={(event) => onChange({ reference: event.target.value })}
        />
        <Select
          label={t('citation.outcome')}
          required
          value={draft.outcome}
          placeholder={t('answer.choose')}
          options={labels.outcomeOptions}
          error={error('outcome')}
          onChange={(event) => onChange({ outcome: event.target.value as CitationOutcome | '' })}
        />
        <TextField
          label={t('citation.provisionOptional')}
          maxLength={300}
          value={draft.provision}
          error={error('provision')}
          onChange={(event) => onChange({ provision: event.target.value })}
        />
        <TextField
          label={t('citation.urlOptional')}
          hint={t('citation.urlHint')}
          type="url"
          inputMode="url"
          maxLength={2048}
          value={draft.url}
          error={error('url')}
          onChange={(event) => onChange({ url: event.target.value })}
        />
      </div>
      <div className="precedent-citation-fields__file">
        {draft.attachment ? (
          <p className="ui-small">
            {t('answer.attached', { name: draft.attachment.filename })}{' '}
            <Button size="sm" variant="ghost" onClick={() => onChange({ attachment: null })}>
              {t('answer.removeFile')}
            </Button>
          </p>
        ) : (
          <TextField
            ref={fileRef}
            label={t('citation.excerptOptional')}
            hint={t('answer.fileHint', { size: Math.round(PRECEDENT_LIMITS.fileMaxBytes / 1024 / 1024) })}
            type="file"
            disabled={upload.busy}
            error={upload.error ? errorMessage(t, upload.error) : (error('attachmentId') ?? null)}
            onChange={(event) => chooseFile(event.target.files?.[0])}
          />
        )}
        {upload.busy && (
          <p className="ui-small ui-muted" role="status">
            {t('answer.uploading')}
          </p>
        )}
      </div>
      <div>
        <Button size="sm" variant="ghost" onClick={onRemove}>
          {t('answer.removeCitation', { number })}
        </Button>
      </div>
    </fieldset>
  );
}
