import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_REASONS, type ContainerRef, type Message, type ReportReason } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import {
  Button,
  Dialog,
  ErrorState,
  LoadingState,
  Select,
  TextArea,
  TextField,
  errorMessage,
  useToast,
} from '../../../ui';
import { useChannels, useEditHistory, useMessageModeration, useThreadChanges } from '../api';

/** Tell the moderators about a message. */
export function ReportDialog({
  open,
  message,
  onClose,
}: {
  open: boolean;
  message: Message;
  onClose: () => void;
}) {
  const { t } = useTranslation('channels');
  const toast = useToast();
  const { report } = useMessageModeration();
  const [reason, setReason] = useState<ReportReason>('other');
  const [note, setNote] = useState('');
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('report.title')}
      description={t('report.description')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            busy={report.isPending}
            onClick={() =>
              report.mutate(
                { id: message.id, body: { reason, note } },
                {
                  onSuccess: () => {
                    toast.show(t('report.sent'), 'success');
                    onClose();
                  },
                },
              )
            }
          >
            {t('report.submit')}
          </Button>
        </>
      }
    >
      <Select
        label={t('report.reason')}
        value={reason}
        onChange={(event) => setReason(event.target.value as ReportReason)}
        options={REPORT_REASONS.map((value) => ({ value, label: t(`report.reasons.${value}`) }))}
      />
      <TextArea
        label={t('report.note')}
        value={note}
        maxLength={500}
        onChange={(event) => setNote(event.target.value)}
      />
      {report.isError && <p className="ui-field__error">{errorMessage(t, report.error)}</p>}
    </Dialog>
  );
}

/** Hide a message (or show it again), always with a reason for the moderation log. */
export function HideDialog({
  open,
  mode,
  message,
  onClose,
  onDone,
}: {
  open: boolean;
  mode: 'hide' | 'unhide';
  message: Message;
  onClose: () => void;
  onDone: (message: Message) => void;
}) {
  const { t } = useTranslation('channels');
  const moderation = useMessageModeration();
  const mutation = mode === 'hide' ? moderation.hide : moderation.unhide;
  const [reason, setReason] = useState('');
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={mode === 'hide' ? t('moderation.hideTitle') : t('moderation.unhideTitle')}
      description={mode === 'hide' ? t('moderation.hideDescription') : t('moderation.unhideDescription')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant={mode === 'hide' ? 'danger' : 'primary'}
            busy={mutation.isPending}
            disabled={reason.trim().length < 3}
            onClick={() =>
              mutation.mutate(
                { id: message.id, reason: reason.trim() },
                {
                  onSuccess: (updated) => {
                    onDone(updated);
                    setReason('');
                    onClose();
                  },
                },
              )
            }
          >
            {mode === 'hide' ? t('message.hide') : t('message.unhide')}
          </Button>
        </>
      }
    >
      <TextField
        label={t('moderation.reason')}
        hint={t('moderation.reasonHint')}
        value={reason}
        maxLength={500}
        required
        onChange={(event) => setReason(event.target.value)}
      />
      {mutation.isError && <p className="ui-field__error">{errorMessage(t, mutation.error)}</p>}
    </Dialog>
  );
}

/** Earlier versions of a message, for moderators. */
export function EditHistoryDialog({
  open,
  message,
  onClose,
}: {
  open: boolean;
  message: Message;
  onClose: () => void;
}) {
  const { t } = useTranslation('channels');
  const format = useFormat();
  const history = useEditHistory(message.id, open);
  return (
    <Dialog open={open} onClose={onClose} title={t('history.title')} size="lg">
      {history.isPending ? (
        <LoadingState />
      ) : history.isError ? (
        <ErrorState error={history.error} />
      ) : (
        <ol className="edit-history">
          {history.data.items.map((edit) => (
            <li key={edit.version}>
              <p className="ui-small ui-muted">
                {t('history.version', {
                  version: edit.version,
                  by: edit.editedBy,
                  when: format.dateTime(edit.editedAt, 'datetime'),
                })}
              </p>
              {/* Shown as plain text: moderators compare the exact words. */}
              <pre className="edit-history__text">{edit.body}</pre>
            </li>
          ))}
        </ol>
      )}
    </Dialog>
  );
}

/** Move a thread to another channel this moderator also moderates. */
export function MoveThreadDialog({
  open,
  threadId,
  from,
  onClose,
  onMoved,
}: {
  open: boolean;
  threadId: string;
  from: ContainerRef;
  onClose: () => void;
  onMoved: (to: ContainerRef) => void;
}) {
  const { t } = useTranslation('channels');
  const channels = useChannels('all');
  const { move } = useThreadChanges(threadId);
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const options = (channels.data?.items ?? [])
    .filter((channel) => channel.me.canModerate && !channel.archived && channel.id !== from.id)
    .map((channel) => ({ value: channel.id, label: channel.name }));
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('move.title')}
      description={t('move.description')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            busy={move.isPending}
            disabled={!target || reason.trim().length < 3}
            onClick={() =>
              move.mutate(
                { to: { type: 'channel', id: target }, reason: reason.trim() },
                { onSuccess: () => onMoved({ type: 'channel', id: target }) },
              )
            }
          >
            {t('move.submit')}
          </Button>
        </>
      }
    >
      <Select
        label={t('move.target')}
        value={target}
        placeholder={t('move.choose')}
        options={options}
        onChange={(event) => setTarget(event.target.value)}
      />
      <TextField
        label={t('moderation.reason')}
        value={reason}
        maxLength={500}
        onChange={(event) => setReason(event.target.value)}
      />
      {move.isError && <p className="ui-field__error">{errorMessage(t, move.error)}</p>}
    </Dialog>
  );
}
