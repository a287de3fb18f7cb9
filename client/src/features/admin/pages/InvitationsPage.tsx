import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedInvitation, Invitation } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
import {
  Badge,
  Banner,
  Button,
  Card,
  ConfirmDialog,
  CopyButton,
  DataTable,
  EmptyState,
  ErrorState,
  LoadingState,
  Page,
  TextField,
  errorMessage,
  useToast,
  type Column,
  type Tone,
} from '../../../ui';
import { useInvitations, useRevokeInvitation } from '../api';
import { InvitationForm } from '../components/InvitationForm';

const STATUS_TONES: Record<Invitation['status'], Tone> = {
  pending: 'info',
  accepted: 'success',
  revoked: 'neutral',
  expired: 'warning',
};

/** `/admin/invitations`: invite members, hand over the one-time link, revoke unused invitations. */
export function InvitationsPage() {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const format = useFormat();
  const toast = useToast();
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  const columns: Column<Invitation>[] = [
    {
      key: 'who',
      header: t('invitations.invitee'),
      rowHeader: true,
      render: (invitation) => (
        <>
          <span className="admin-user__name">{invitation.displayName}</span>
          <span className="admin-user__email">{invitation.email}</span>
        </>
      ),
    },
    {
      key: 'country',
      header: t('fields.country'),
      render: (invitation) => labels.country(invitation.country),
    },
    { key: 'role', header: t('fields.role'), render: (invitation) => labels.role(invitation.role) },
    {
      key: 'status',
      header: t('invitations.status'),
      render: (invitation) => (
        <Badge tone={STATUS_TONES[invitation.status]}>{t(`invitations.statuses.${invitation.status}`)}</Badge>
      ),
    },
    {
      key: 'created',
      header: t('invitations.created'),
      render: (invitation) => format.dateTime(invitation.createdAt),
    },
    {
      key: 'expires',
      header: t('invitations.expires'),
      render: (invitation) => format.dateTime(invitation.expiresAt),
    },
    {
      key: 'emailed',
      header: t('invitations.emailed'),
      render: (invitation) => (invitation.emailed ? t('invitations.yes') : t('invitations.no')),
    },
    {
      key: 'actions',
      header: <span className="ui-visually-hidden">{t('users.actionsHeader')}</span>,
      render: (invitation) =>
        invitation.status === 'pending' && (
          <Button size="sm" variant="danger" onClick={() => setRevoking(invitation)}>
            {t('invitations.revoke')}
            <span className="ui-visually-hidden"> {invitation.email}</span>
          </Button>
        ),
    },
  ];

  const confirmRevoke = () => {
    if (!revoking) return;
    revoke.mutate(revoking.id, {
      onSuccess: () => {
        toast.show(t('invitations.revoked', { email: revoking.email }));
        setRevoking(null);
      },
    });
  };

  return (
    <Page title={t('invitations.title')} description={t('invitations.description')} width="wide">
      {created && <CreatedInvitationNotice created={created} onDismiss={() => setCreated(null)} />}
      <Card title={t('invitations.newHeading')} labelledBy="invitation-new">
        <InvitationForm onCreated={setCreated} />
      </Card>
      <section className="ui-stack" aria-labelledby="invitation-list">
        <h2 id="invitation-list">{t('invitations.listHeading')}</h2>
        {invitations.isPending ? (
          <LoadingState />
        ) : invitations.isError ? (
          <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
        ) : invitations.data.items.length === 0 ? (
          <EmptyState title={t('invitations.empty')} />
        ) : (
          <DataTable
            caption={t('invitations.listHeading')}
            hideCaption
            columns={columns}
            rows={invitations.data.items}
            rowKey={(row) => row.id}
          />
        )}
      </section>
      <ConfirmDialog
        open={revoking !== null}
        title={t('invitations.revokeTitle')}
        message={revoking ? t('invitations.revokeMessage', { email: revoking.email }) : ''}
        confirmLabel={t('invitations.revoke')}
        busy={revoke.isPending}
        error={revoke.isError && <Banner tone="danger">{errorMessage(t, revoke.error)}</Banner>}
        onConfirm={confirmRevoke}
        onCancel={() => {
          setRevoking(null);
          revoke.reset();
        }}
      />
    </Page>
  );
}

/** The one-time link, shown once: it cannot be retrieved again. */
function CreatedInvitationNotice({
  created,
  onDismiss,
}: {
  created: CreatedInvitation;
  onDismiss: () => void;
}) {
  const { t } = useTranslation('admin');
  const { invitation, inviteUrl } = created;
  return (
    <Banner
      tone="success"
      title={t('invitations.createdTitle', { name: invitation.displayName })}
      onDismiss={onDismiss}
    >
      <p>
        {invitation.emailed
          ? t('invitations.createdEmailed', { email: invitation.email })
          : t('invitations.createdNotEmailed', { email: invitation.email })}
      </p>
      <p className="ui-small">{t('invitations.linkOnce')}</p>
      <div className="invite-link">
        <TextField
          label={t('invitations.linkLabel')}
          value={inviteUrl}
          readOnly
          onFocus={(event) => event.target.select()}
        />
        <CopyButton text={inviteUrl} copiedMessage={t('invitations.linkCopied')}>
          {t('invitations.copyLink')}
        </CopyButton>
      </div>
    </Banner>
  );
}
