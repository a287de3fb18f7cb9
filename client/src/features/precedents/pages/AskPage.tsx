import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  AUDIENCE_KINDS,
  AskQuestionBodySchema,
  PRECEDENT_LIMITS,
  roleHas,
  type AskQuestionBody,
  type AudienceKind,
  type LegalTopic,
  type MemberStateCode,
  type QuestionUrgency,
} from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { isApiError } from '../../../lib/api';
import { serverFieldErrors, validate, type FieldErrors } from '../../../lib/validation';
import {
  Banner,
  Button,
  ButtonLink,
  Checkbox,
  CheckboxGroup,
  Page,
  RadioGroup,
  TextField,
  errorMessage,
  useToast,
} from '../../../ui';
import { useAskQuestion, useDeskAccess } from '../api';
import { SimilarQuestions } from '../components/SimilarQuestions';
import { SituationField } from '../components/SituationField';
import { UrgencyFields } from '../components/UrgencyFields';
import { useMediaQuery } from '../lib/useMediaQuery';
import { usePrecedentLabels } from '../lib/vocabulary';
import '../precedents.css';

/** Where the ask form gets its side column (precedents.css, `.precedent-ask`). */
const WIDE_LAYOUT = '(min-width: 64rem)';

/** A request id for one form: a retried submission (lost reply, double click) is stored once. */
export function newClientRequestId(): string {
  return crypto.randomUUID();
}

/** `/precedents/ask`: ask the network (or chosen member states, or experts) for precedent advice. */
export function AskPage() {
  const { t } = useTranslation('precedents');
  const user = useCurrentUser();
  const labels = usePrecedentLabels();
  const toast = useToast();
  const navigate = useNavigate();
  const ask = useAskQuestion();
  const [clientRequestId] = useState(newClientRequestId);
  const [title, setTitle] = useState('');
  const [situation, setSituation] = useState('');
  const [jurisdictions, setJurisdictions] = useState<MemberStateCode[]>([]);
  const [topics, setTopics] = useState<LegalTopic[]>([]);
  const [topicLimit, setTopicLimit] = useState(false);
  const [urgency, setUrgency] = useState<QuestionUrgency>('routine');
  const [deadline, setDeadline] = useState('');
  const [audience, setAudience] = useState<AudienceKind>('network');
  const [countries, setCountries] = useState<MemberStateCode[]>([]);
  const [anonymous, setAnonymous] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const deskAccess = useDeskAccess();
  // On phones the suggestions sit under the situation, where the asker is typing, not after the form.
  const wide = useMediaQuery(WIDE_LAYOUT, true);

  if (!(deskAccess.data?.contribute ?? roleHas(user.role, 'precedent.contribute'))) {
    return (
      <Page title={t('ask.title')} width="narrow">
        <Banner tone="info">{t('ask.notAllowed')}</Banner>
        <ButtonLink to="/precedents">{t('question.backToDesk')}</ButtonLink>
      </Page>
    );
  }

  const body: AskQuestionBody = {
    clientRequestId,
    title,
    situation,
    jurisdictions,
    topics,
    urgency,
    deadline: deadline || null,
    audience: audience === 'countries' ? { kind: 'countries', countries } : { kind: audience },
    anonymous,
  };

  function submit(event: FormEvent): void {
    event.preventDefault();
    const overrides: Record<string, string> = {};
    if (situation.trim().length < PRECEDENT_LIMITS.situationMinLength) {
      overrides.situation = t('ask.errors.situationShort', { count: PRECEDENT_LIMITS.situationMinLength });
    }
    if (jurisdictions.length === 0) overrides.jurisdictions = t('ask.errors.jurisdictions');
    if (topics.length === 0) overrides.topics = t('ask.errors.topics');
    if (audience === 'countries' && countries.length === 0) {
      overrides['audience.countries'] = t('ask.errors.countries');
    }
    const checked = validate(AskQuestionBodySchema, body, t, overrides);
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirstError();
      return;
    }
    setErrors({});
    ask.mutate(body, {
      onSuccess: (question) => {
        toast.show(t('ask.asked'), 'success');
        void navigate(`/precedents/questions/${question.id}`);
      },
      onError: (error) => {
        if (isApiError(error, 'VALIDATION_FAILED')) {
          setErrors(serverFieldErrors(error));
          focusFirstError();
        }
      },
    });
  }

  const audienceError = errors.audience ?? errors['audience.kind'] ?? null;
  return (
    <Page
      title={t('ask.title')}
      description={t('ask.description')}
      eyebrow={<Link to="/precedents">{t('question.backToDesk')}</Link>}
      width="wide"
    >
      <div className="precedent-ask">
        <form
          className="ui-form precedent-ask__form"
          noValidate
          onSubmit={submit}
          aria-label={t('ask.title')}
        >
          <TextField
            label={t('ask.questionTitle')}
            hint={t('ask.questionTitleHint')}
            required
            maxLength={PRECEDENT_LIMITS.titleMaxLength}
            value={title}
            error={errors.title}
            onChange={(event) => setTitle(event.target.value)}
          />
          <SituationField value={situation} onChange={setSituation} error={errors.situation} />
          {!wide && <SimilarQuestions title={title} situation={situation} placement="inline" />}
          <CheckboxGroup<MemberStateCode>
            legend={t('ask.jurisdictions')}
            hint={t('ask.jurisdictionsHint')}
            options={labels.memberStateOptions}
            value={jurisdictions}
            onChange={setJurisdictions}
            error={errors.jurisdictions}
            columns={3}
          />
          <CheckboxGroup<LegalTopic>
            legend={t('ask.topics')}
            hint={
              topicLimit
                ? t('ask.topicsLimit', { count: PRECEDENT_LIMITS.topicsMax })
                : t('ask.topicsHint', { count: PRECEDENT_LIMITS.topicsMax })
            }
            options={labels.topicOptions}
            value={topics}
            onChange={(next) => {
              // Past the limit the extra box stays unticked, and the hint says why.
              setTopicLimit(next.length > PRECEDENT_LIMITS.topicsMax);
              if (next.length <= PRECEDENT_LIMITS.topicsMax) setTopics(next);
            }}
            error={errors.topics}
            columns={2}
          />
          <UrgencyFields
            urgency={urgency}
            onUrgencyChange={setUrgency}
            deadline={deadline}
            onDeadlineChange={setDeadline}
            errors={errors}
          />
          <RadioGroup<AudienceKind>
            legend={t('ask.audience')}
            options={AUDIENCE_KINDS.map((kind) => ({
              value: kind,
              label: t(`audience.${kind}`),
              hint: t(`ask.audienceHints.${kind}`),
            }))}
            value={audience}
            onChange={setAudience}
            error={audienceError}
          />
          {audience === 'countries' && (
            <CheckboxGroup<MemberStateCode>
              legend={t('ask.countries')}
              hint={t('ask.countriesHint')}
              options={labels.memberStateOptions}
              value={countries}
              onChange={setCountries}
              error={errors['audience.countries']}
              columns={3}
            />
          )}
          <Checkbox
            label={t('ask.anonymous')}
            hint={t('ask.anonymousHint')}
            checked={anonymous}
            onChange={(event) => setAnonymous(event.target.checked)}
          />
          {ask.isError && (
            <Banner tone="danger">
              {isApiError(ask.error, 'VALIDATION_FAILED') ? t('ask.errors.fix') : errorMessage(t, ask.error)}
            </Banner>
          )}
          <div className="ui-form-actions">
            <Button type="submit" variant="primary" busy={ask.isPending}>
              {t('ask.submit')}
            </Button>
            <ButtonLink to="/precedents" variant="ghost">
              {t('ask.cancel')}
            </ButtonLink>
          </div>
        </form>
        {wide && <SimilarQuestions title={title} situation={situation} placement="side" />}
      </div>
    </Page>
  );
}

/** After a failed check, the reader lands on the first field that needs them. */
function focusFirstError(): void {
  requestAnimationFrame(() => {
    const invalid = document.querySelector<HTMLElement>(
      '.precedent-ask__form [aria-invalid="true"], .precedent-ask__form .ui-field--invalid input',
    );
    invalid?.focus();
  });
}
