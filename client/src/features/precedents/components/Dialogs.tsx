import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PRECEDENT_LIMITS,
  type LegalTopic,
  type MemberStateCode,
  type PrecedentTarget,
  type ReportReason,
} from '@serantau/shared';
import { Button, CheckboxGroup, Dialog, Select, TextArea, TextField, errorMessage } from '../../../ui';
import { usePrecedentLabels } from '../lib/vocabulary';

const REASON_MIN = 3;

/** A moderation step that needs a reason for the log (hide, unhide, lock, close, reopen). */
export function ReasonDialog({
  open,
  title,
  description,
  confirmLabel,
  tone = 'primary',
  busy,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  description?: string;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  busy: boolean;
  error: unknown;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('precedents');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const formId = `reason-${title.replace(/\W+/g, '-')}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length < REASON_MIN) {
      setProblem(t('moderation.reasonRequired', { count: REASON_MIN }));
      return;
    }
    setProblem(null);
    onConfirm(reason.trim());
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      size="sm"
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('actions.cancel')}
          </Button>
          <Button type="submit" form={formId} variant={tone} busy={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <form id={formId} className="ui-form" onSubmit={submit} noValidate>
        <TextField
          label={t('moderation.reason')}
          hint={t('moderation.reasonHint')}
          required
          maxLength={PRECEDENT_LIMITS.reasonMaxLength}
          value={reason}
          error={problem}
          onChange={(event) => setReason(event.target.value)}
        />
        {error ? <p className="ui-field__error">{errorMessage(t, error)}</p> : null}
      </form>
    </Dialog>
  );
}

/** "Report this to the moderators": a reason from the shared list and an optional note. */
export function ReportDialog({
  target,
  busy,
  error,
  onSend,
  onClose,
}: {
  target: PrecedentTarget | null;
  busy: boolean;
  error: unknown;
  onSend: (report: { target: PrecedentTarget; reason: ReportReason; note: string }) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('precedents');
  const labels = usePrecedentLabels();
  const [reason, setReason] = useState<ReportReason | ''>('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    if (!reason) {
      setProblem(t('report.reasonRequired'));
      return;
    }
    setProblem(null);
    onSend({ target, reason, note: note.trim() });
  };
  return (
    <Dialog
      open={target !== null}
      onClose={onClose}
      title={target ? t(`report.title.${target.type}`) : ''}
      description={t('report.description')}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('actions.cancel')}
          </Button>
          <Button type="submit" form="precedent-report-form" variant="primary" busy={busy}>
            {t('report.send')}
          </Button>
        </>
      }
    >
      <form id="precedent-report-form" className="ui-form" onSubmit={submit} noValidate>
        <Select
          label={t('report.reason')}
          required
          value={reason}
          placeholder={t('report.chooseReason')}
          options={labels.reportReasonOptions}
          error={problem}
          onChange={(event) => setReason(event.target.value as ReportReason | '')}
        />
        <TextArea
          label={t('report.note')}
          hint={t('report.noteHint')}
          rows={3}
          maxLength={PRECEDENT_LIMITS.reasonMaxLength}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        {error ? <p className="ui-field__error">{errorMessage(t, error)}</p> : null}
      </form>
    </Dialog>
  );
}

/** "Move": file the question under other topics and jurisdictions, with a reason. */
export function MoveDialog({
  open,
  topics: initialTopics,
  jurisdictions: initialJurisdictions,
  busy,
  error,
  onMove,
  onClose,
}: {
  open: boolean;
  topics: readonly LegalTopic[];
  jurisdictions: readonly MemberStateCode[];
  busy: boolean;
  error: unknown;
  onMove: (body: { topics: LegalTopic[]; jurisdictions: MemberStateCode[]; reason: string }) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('precedents');
  const labels = usePrecedentLabels();
  const [topics, setTopics] = useState<LegalTopic[]>([...initialTopics]);
  const [jurisdictions, setJurisdictions] = useState<MemberStateCode[]>([...initialJurisdictions]);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (topics.length === 0) found.topics = t('ask.errors.topics');
    if (topics.length > PRECEDENT_LIMITS.topicsMax)
      found.topics = t('ask.topicsLimit', { count: PRECEDENT_LIMITS.topicsMax });
    if (jurisdictions.length === 0) found.jurisdictions = t('ask.errors.jurisdictions');
    if (reason.trim().length < REASON_MIN)
      found.reason = t('moderation.reasonRequired', { count: REASON_MIN });
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    onMove({ topics, jurisdictions, reason: reason.trim() });
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('moderation.moveTitle')}
      description={t('moderation.moveDescription')}
      size="lg"
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('actions.cancel')}
          </Button>
          <Button type="submit" form="precedent-move-form" variant="primary" busy={busy}>
            {t('moderation.move')}
          </Button>
        </>
      }
    >
      <form id="precedent-move-form" className="ui-form" onSubmit={submit} noValidate>
        <CheckboxGroup<LegalTopic>
          legend={t('ask.topics')}
          options={labels.topicOptions}
          value={topics}
          onChange={setTopics}
          error={problems.topics}
        />
        <CheckboxGroup<MemberStateCode>
          legend={t('ask.jurisdictions')}
          options={labels.memberStateOptions}
          value={jurisdictions}
          onChange={setJurisdictions}
          error={problems.jurisdictions}
          columns={3}
        />
        <TextField
          label={t('moderation.reason')}
          required
          maxLength={PRECEDENT_LIMITS.reasonMaxLength}
          value={reason}
          error={problems.reason}
          onChange={(event) => setReason(event.target.value)}
        />
        {error ? <p className="ui-field__error">{errorMessage(t, error)}</p> : null}
      </form>
    </Dialog>
  );
}
