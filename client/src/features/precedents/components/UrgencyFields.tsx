import { useTranslation } from 'react-i18next';
import type { QuestionUrgency } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { Select, TextField } from '../../../ui';
import { todayIn, usePrecedentLabels } from '../lib/vocabulary';

/**
 * The urgency picker and the optional deadline (a calendar date, today at the earliest in the
 * reader's time zone), side by side on wide screens: shared by the ask and edit forms.
 */
export function UrgencyFields({
  urgency,
  onUrgencyChange,
  deadline,
  onDeadlineChange,
  errors,
}: {
  urgency: QuestionUrgency;
  onUrgencyChange: (next: QuestionUrgency) => void;
  /** `YYYY-MM-DD`, or '' for none. */
  deadline: string;
  onDeadlineChange: (next: string) => void;
  errors: { urgency?: string | null; deadline?: string | null };
}) {
  const { t } = useTranslation('precedents');
  const labels = usePrecedentLabels();
  const format = useFormat();
  return (
    <div className="ui-form-grid">
      <Select
        label={t('ask.urgency')}
        hint={t('ask.urgencyHint')}
        value={urgency}
        options={labels.urgencyOptions}
        error={errors.urgency}
        onChange={(event) => onUrgencyChange(event.target.value as QuestionUrgency)}
      />
      <TextField
        label={t('ask.deadline')}
        hint={t('ask.deadlineHint')}
        type="date"
        min={todayIn(format.timeZone)}
        value={deadline}
        error={errors.deadline}
        onChange={(event) => onDeadlineChange(event.target.value)}
      />
    </div>
  );
}
