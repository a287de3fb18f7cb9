import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  CreateRequestBodySchema,
  DEFAULT_HANDLING_INPUT,
  REQUEST_TYPES,
  type Case,
  type CooperationRequest,
  type HandlingInput,
  type JurisdictionCode,
  type RequestType,
} from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
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
import { useRequestMutations, useRequests } from '../api';
import { HandlingBadge, RequestStatusBadge } from './common';
import { HandlingFields } from './HandlingFields';

/** Legal-cooperation requests of the case with their status and due dates. */
export function RequestsPanel({ detail }: { detail: Case }) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const format = useFormat();
  const requests = useRequests(detail.id);
  const [creating, setCreating] = useState(false);
  const canManage = detail.capabilities.includes('requests.manage');
  if (requests.isPending) return <LoadingState />;
  if (requests.isError) return <ErrorState error={requests.error} onRetry={() => void requests.refetch()} />;
  return (
    <div className="ui-stack">
      {canManage && (
        <div>
          <Button variant="primary" onClick={() => setCreating(true)} disabled={detail.countries.length < 2}>
            {t('requests.new')}
          </Button>
          {detail.countries.length < 2 && (
            <p className="ui-small ui-muted">{t('requests.needTwoCountries')}</p>
          )}
        </div>
      )}
      {requests.data.items.length === 0 ? (
        <EmptyState title={t('requests.none')}>{t('requests.noneHint')}</EmptyState>
      ) : (
        <DataTable<CooperationRequest>
          caption={t('requests.caption')}
          hideCaption
          rows={requests.data.items}
          rowKey={(request) => request.id}
          columns={[
            {
              key: 'title',
              header: t('fields.title'),
              rowHeader: true,
              render: (request) => (
                <Link to={`/cases/${detail.id}/requests/${request.id}`}>{request.title}</Link>
              ),
            },
            {
              key: 'handling',
              header: t('handling.label'),
              render: (request) => <HandlingBadge handling={request.handling} />,
            },
            {
              key: 'type',
              header: t('requests.type'),
              render: (request) => t(`requests.types.${request.type}`),
            },
            {
              key: 'route',
              header: t('requests.route'),
              render: (request) =>
                `${labels.country(request.fromCountry)} → ${labels.country(request.toCountry)}`,
            },
            {
              key: 'status',
              header: t('fields.status'),
              render: (request) => <RequestStatusBadge status={request.status} />,
            },
            {
              key: 'due',
              header: t('requests.dueDate'),
              render: (request) =>
                request.dueDate ? format.dateTime(`${request.dueDate}T00:00:00Z`, 'date') : '—',
            },
          ]}
        />
      )}
      <NewRequestDialog detail={detail} open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function NewRequestDialog({ detail, open, onClose }: { detail: Case; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const navigate = useNavigate();
  const { create } = useRequestMutations(detail.id);
  const [type, setType] = useState<RequestType>('mutual_legal_assistance');
  const [title, setTitle] = useState('');
  const [fromCountry, setFromCountry] = useState<JurisdictionCode>(detail.countries[0] ?? 'MY');
  const [toCountry, setToCountry] = useState<JurisdictionCode>(
    detail.countries[1] ?? detail.countries[0] ?? 'MY',
  );
  const [fromAuthority, setFromAuthority] = useState('');
  const [toAuthority, setToAuthority] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [handling, setHandling] = useState<HandlingInput>(DEFAULT_HANDLING_INPUT);
  const [problem, setProblem] = useState<string | null>(null);
  const countryOptions = detail.countries.map((code) => ({ value: code, label: labels.country(code) }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = CreateRequestBodySchema.safeParse({
      type,
      title,
      fromCountry,
      toCountry,
      fromAuthority,
      toAuthority,
      dueDate: dueDate || null,
      handling,
    });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? t('requests.invalid'));
      return;
    }
    setProblem(null);
    create.mutate(parsed.data, {
      onSuccess: (request) => {
        onClose();
        void navigate(`/cases/${detail.id}/requests/${request.id}`);
      },
    });
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title={t('requests.newTitle')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" type="submit" form="new-request-form" busy={create.isPending}>
            {t('requests.create')}
          </Button>
        </>
      }
    >
      <form id="new-request-form" className="ui-stack" onSubmit={submit}>
        {(problem || create.error) && (
          <Banner tone="danger">{problem ?? errorMessage(t, create.error)}</Banner>
        )}
        <Select
          label={t('requests.type')}
          value={type}
          options={REQUEST_TYPES.map((value) => ({ value, label: t(`requests.types.${value}`) }))}
          onChange={(event) => setType(event.target.value as RequestType)}
        />
        <TextField
          label={t('fields.title')}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          required
        />
        <div className="case-two-columns">
          <Select
            label={t('requests.fromCountry')}
            value={fromCountry}
            options={countryOptions}
            onChange={(event) => setFromCountry(event.target.value as JurisdictionCode)}
          />
          <TextField
            label={t('requests.fromAuthority')}
            value={fromAuthority}
            onChange={(event) => setFromAuthority(event.target.value)}
            required
          />
          <Select
            label={t('requests.toCountry')}
            value={toCountry}
            options={countryOptions}
            onChange={(event) => setToCountry(event.target.value as JurisdictionCode)}
          />
          <TextField
            label={t('requests.toAuthority')}
            value={toAuthority}
            onChange={(event) => setToAuthority(event.target.value)}
            required
          />
        </div>
        <TextField
          label={t('requests.dueDate')}
          type="date"
          value={dueDate}
          onChange={(event) => setDueDate(event.target.value)}
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
