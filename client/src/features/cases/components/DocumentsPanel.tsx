import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_HANDLING_INPUT,
  DOCUMENT_TEMPLATES,
  type Case,
  type DocumentMeta,
  type DocumentTemplate,
  type HandlingInput,
} from '@serantau/shared';
import { useFormat } from '../../../app/format';
import {
  Banner,
  Button,
  DataTable,
  Dialog,
  EmptyState,
  ErrorState,
  LoadingState,
  Select,
  TextField,
  errorMessage,
} from '../../../ui';
import { useCaseDocuments, useCreateCaseDocument } from '../api';
import { HandlingBadge } from './common';
import { HandlingFields } from './HandlingFields';

/** The case's co-edited documents; members start new ones, blank or from a template. */
export function DocumentsPanel({ detail }: { detail: Case }) {
  const { t } = useTranslation('cases');
  const format = useFormat();
  const documents = useCaseDocuments(detail.id);
  const [creating, setCreating] = useState(false);
  const canCreate = detail.capabilities.includes('documents.create');
  if (documents.isPending) return <LoadingState />;
  if (documents.isError)
    return <ErrorState error={documents.error} onRetry={() => void documents.refetch()} />;
  return (
    <div className="ui-stack">
      {canCreate && (
        <div>
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('documents.new')}
          </Button>
        </div>
      )}
      {documents.data.items.length === 0 ? (
        <EmptyState title={t('documents.none')}>{t('documents.noneHint')}</EmptyState>
      ) : (
        <DataTable<DocumentMeta>
          caption={t('documents.caption')}
          hideCaption
          rows={documents.data.items}
          rowKey={(doc) => doc.id}
          columns={[
            {
              key: 'title',
              header: t('fields.title'),
              rowHeader: true,
              render: (doc) => <Link to={`/cases/${detail.id}/documents/${doc.id}`}>{doc.title}</Link>,
            },
            {
              key: 'handling',
              header: t('handling.label'),
              render: (doc) => (doc.handling ? <HandlingBadge handling={doc.handling} /> : '—'),
            },
            {
              key: 'template',
              header: t('documents.template'),
              render: (doc) => t(`documents.templates.${doc.template}`),
            },
            { key: 'created', header: t('fields.createdBy'), render: (doc) => doc.createdBy.name },
            { key: 'updated', header: t('fields.updated'), render: (doc) => format.dateTime(doc.updatedAt) },
          ]}
        />
      )}
      <NewDocumentDialog detail={detail} open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function NewDocumentDialog({ detail, open, onClose }: { detail: Case; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('cases');
  const navigate = useNavigate();
  const create = useCreateCaseDocument(detail.id);
  const [title, setTitle] = useState('');
  const [template, setTemplate] = useState<DocumentTemplate>('joint_strategy_note');
  const [handling, setHandling] = useState<HandlingInput>(DEFAULT_HANDLING_INPUT);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosenTitle = title.trim() || t(`documents.templates.${template}`);
    create.mutate(
      { title: chosenTitle, template, handling },
      {
        onSuccess: (doc) => {
          onClose();
          void navigate(`/cases/${detail.id}/documents/${doc.id}`);
        },
      },
    );
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('documents.newTitle')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" type="submit" form="new-document-form" busy={create.isPending}>
            {t('documents.create')}
          </Button>
        </>
      }
    >
      <form id="new-document-form" className="ui-stack" onSubmit={submit}>
        {create.error && <Banner tone="danger">{errorMessage(t, create.error)}</Banner>}
        <Select
          label={t('documents.template')}
          value={template}
          options={DOCUMENT_TEMPLATES.map((value) => ({ value, label: t(`documents.templates.${value}`) }))}
          onChange={(event) => setTemplate(event.target.value as DocumentTemplate)}
          hint={t(`documents.templateHints.${template}`)}
        />
        <TextField
          label={t('fields.title')}
          placeholder={t(`documents.templates.${template}`)}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
        <HandlingFields
          caseId={detail.id}
          countries={detail.countries}
          value={handling}
          onChange={setHandling}
        />
      </form>
    </Dialog>
  );
}
