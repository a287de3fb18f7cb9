import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, type Case, type CaseStatus } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
import {
  Banner,
  Button,
  Card,
  DescriptionList,
  Dialog,
  Select,
  TextArea,
  TextField,
  errorMessage,
  useToast,
} from '../../../ui';
import { useChangeCaseStatus, useUpdateCase } from '../api';
import { CaseStatusBadge } from './common';

/** Summary, references and status of a case; leads edit them. */
export function OverviewPanel({ detail }: { detail: Case }) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const canEdit = detail.capabilities.includes('case.edit');
  return (
    <div className="ui-stack">
      <Card
        title={t('overview.summary')}
        labelledBy="case-summary"
        actions={
          canEdit && (
            <Button size="sm" onClick={() => setEditing(true)}>
              {t('overview.edit')}
            </Button>
          )
        }
      >
        <p className="case-summary">{detail.summary || t('overview.noSummary')}</p>
        <DescriptionList
          items={[
            { term: t('fields.status'), description: <CaseStatusBadge status={detail.status} /> },
            { term: t('fields.countries'), description: detail.countries.map(labels.country).join(', ') },
            {
              term: t('fields.references'),
              description: detail.references.length
                ? detail.references
                    .map((entry) => `${labels.country(entry.country)}: ${entry.reference}`)
                    .join(' · ')
                : t('overview.noReferences'),
            },
            {
              term: t('fields.createdBy'),
              description: `${detail.createdBy.name}, ${format.dateTime(detail.createdAt)}`,
            },
            { term: t('fields.myRole'), description: t(`roles.${detail.myRole}`) },
          ]}
        />
      </Card>
      {detail.capabilities.includes('case.changeStatus') && <StatusCard detail={detail} />}
      <EditCaseDialog detail={detail} open={editing} onClose={() => setEditing(false)} />
    </div>
  );
}

function StatusCard({ detail }: { detail: Case }) {
  const { t } = useTranslation('cases');
  const toast = useToast();
  const change = useChangeCaseStatus(detail.id);
  const [status, setStatus] = useState<CaseStatus>(detail.status);
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(
      { status, ...(note.trim() ? { note: note.trim() } : {}) },
      { onSuccess: () => toast.show(t('overview.statusChanged'), 'success') },
    );
  };
  return (
    <Card title={t('overview.statusTitle')} description={t('overview.statusHint')} labelledBy="case-status">
      <form className="case-inline-form" onSubmit={submit}>
        <Select
          label={t('fields.status')}
          value={status}
          options={CASE_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))}
          onChange={(event) => setStatus(event.target.value as CaseStatus)}
        />
        <TextField
          label={t('overview.statusNote')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        <Button type="submit" busy={change.isPending} disabled={status === detail.status}>
          {t('overview.changeStatus')}
        </Button>
      </form>
      {change.error && <Banner tone="danger">{errorMessage(t, change.error)}</Banner>}
    </Card>
  );
}

function EditCaseDialog({ detail, open, onClose }: { detail: Case; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('cases');
  const update = useUpdateCase(detail.id);
  const [title, setTitle] = useState(detail.title);
  const [summary, setSummary] = useState(detail.summary);
  const [sensitivity, setSensitivity] = useState(detail.sensitivity);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ title, summary, sensitivity }, { onSuccess: onClose });
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('overview.editTitle')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" type="submit" form="edit-case-form" busy={update.isPending}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id="edit-case-form" className="ui-stack" onSubmit={submit}>
        {update.error && <Banner tone="danger">{errorMessage(t, update.error)}</Banner>}
        <TextField
          label={t('fields.title')}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          required
        />
        <TextArea
          label={t('fields.summary')}
          rows={5}
          value={summary}
          onChange={(event) => setSummary(event.target.value)}
        />
        <Select
          label={t('fields.sensitivity')}
          value={sensitivity}
          options={[
            { value: 'RESTRICTED', label: t('sensitivity.RESTRICTED') },
            { value: 'CONFIDENTIAL', label: t('sensitivity.CONFIDENTIAL') },
          ]}
          onChange={(event) => setSensitivity(event.target.value as typeof sensitivity)}
        />
      </form>
    </Dialog>
  );
}
