import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PRECEDENT_LIMITS,
  UpdateQuestionBodySchema,
  type Question,
  type QuestionUrgency,
  type UpdateQuestionBody,
} from '@serantau/shared';
import { isApiError } from '../../../lib/api';
import { serverFieldErrors, validate, type FieldErrors } from '../../../lib/validation';
import { Banner, Button, TextField, errorMessage } from '../../../ui';
import { useQuestionActions } from '../api';
import { SituationField } from './SituationField';
import { UrgencyFields } from './UrgencyFields';

/** Only what the asker changed: the server checks (and audits) only those fields. */
export function questionChanges(
  question: Pick<Question, 'title' | 'situation' | 'urgency' | 'deadline'>,
  draft: { title: string; situation: string; urgency: QuestionUrgency; deadline: string },
): Partial<UpdateQuestionBody> {
  const changes: Partial<UpdateQuestionBody> = {};
  if (draft.title !== question.title) changes.title = draft.title;
  if (draft.situation !== (question.situation ?? '')) changes.situation = draft.situation;
  if (draft.urgency !== question.urgency) changes.urgency = draft.urgency;
  const deadline = draft.deadline || null;
  if (deadline !== question.deadline) changes.deadline = deadline;
  return changes;
}

/**
 * "Edit question": the asker changes the title, the situation (with the same personal-data marking,
 * hints and stored-text preview as when asking), the urgency and the deadline. Only changed fields
 * are sent; the server's field errors show beside their fields.
 */
export function EditQuestionForm({
  question,
  onDone,
}: {
  question: Question;
  /** Called after saving (true) or cancelling (false). */
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation('precedents');
  const { updateQuestion } = useQuestionActions(question.id);
  const formRef = useRef<HTMLFormElement>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const [title, setTitle] = useState(question.title);
  const [situation, setSituation] = useState(question.situation ?? '');
  const [urgency, setUrgency] = useState<QuestionUrgency>(question.urgency);
  const [deadline, setDeadline] = useState(question.deadline ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [unchanged, setUnchanged] = useState(false);

  // The form takes the place of the situation: the reader lands in its first field.
  useEffect(() => titleRef.current?.focus(), []);

  const focusFirstError = () =>
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );

  function submit(event: FormEvent): void {
    event.preventDefault();
    const changes = questionChanges(question, { title, situation, urgency, deadline });
    if (Object.keys(changes).length === 0) {
      setErrors({});
      setUnchanged(true);
      return;
    }
    setUnchanged(false);
    const overrides: Record<string, string> = {};
    if (situation.trim().length < PRECEDENT_LIMITS.situationMinLength) {
      overrides.situation = t('ask.errors.situationShort', { count: PRECEDENT_LIMITS.situationMinLength });
    }
    const checked = validate(UpdateQuestionBodySchema, changes, t, overrides);
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirstError();
      return;
    }
    setErrors({});
    updateQuestion.mutate(checked.data, {
      onSuccess: () => onDone(true),
      onError: (error) => {
        if (isApiError(error, 'VALIDATION_FAILED')) {
          setErrors(serverFieldErrors(error));
          focusFirstError();
        }
      },
    });
  }

  return (
    <section className="ui-card precedent-edit" aria-labelledby={headingId}>
      <div className="ui-card__header">
        <div>
          <h2 id={headingId} className="ui-card__title">
            {t('edit.title')}
          </h2>
          <p className="ui-card__description">{t('edit.description')}</p>
        </div>
      </div>
      <form ref={formRef} className="ui-form" noValidate onSubmit={submit} aria-labelledby={headingId}>
        {!question.access.edit && <Banner tone="warning">{t('edit.noLongerAllowed')}</Banner>}
        <TextField
          ref={titleRef}
          label={t('ask.questionTitle')}
          hint={t('ask.questionTitleHint')}
          required
          maxLength={PRECEDENT_LIMITS.titleMaxLength}
          value={title}
          error={errors.title}
          onChange={(event) => setTitle(event.target.value)}
        />
        <SituationField value={situation} onChange={setSituation} error={errors.situation} purpose="edit" />
        <UrgencyFields
          urgency={urgency}
          onUrgencyChange={setUrgency}
          deadline={deadline}
          onDeadlineChange={setDeadline}
          errors={errors}
        />
        {unchanged && (
          <p role="status" className="ui-small">
            {t('edit.unchanged')}
          </p>
        )}
        {updateQuestion.isError && (
          <Banner tone="danger">
            {isApiError(updateQuestion.error, 'VALIDATION_FAILED')
              ? t('edit.fix')
              : errorMessage(t, updateQuestion.error)}
          </Banner>
        )}
        <div className="ui-form-actions">
          {question.access.edit && (
            <Button type="submit" variant="primary" busy={updateQuestion.isPending}>
              {t('edit.save')}
            </Button>
          )}
          <Button variant="ghost" onClick={() => onDone(false)} disabled={updateQuestion.isPending}>
            {t('actions.cancel')}
          </Button>
        </div>
      </form>
    </section>
  );
}
