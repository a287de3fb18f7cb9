import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNEL_LIMITS, type Channel } from '@serantau/shared';
import { Button, Checkbox, Dialog, TextArea, TextField, errorMessage } from '../../../ui';
import { useUpdateChannel } from '../api';

/** Rename and describe a channel; say whether observers may post. */
export function EditChannelDialog({
  channel,
  open,
  onClose,
}: {
  channel: Channel;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('channels');
  const update = useUpdateChannel(channel.id);
  const [name, setName] = useState(channel.name);
  const [description, setDescription] = useState(channel.description);
  const [observersMayPost, setObserversMayPost] = useState(channel.observersMayPost);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('editChannel.title')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            busy={update.isPending}
            onClick={() =>
              update.mutate({ name: name.trim(), description, observersMayPost }, { onSuccess: onClose })
            }
          >
            {t('common.save')}
          </Button>
        </>
      }
    >
      <TextField
        label={t('editChannel.name')}
        value={name}
        maxLength={CHANNEL_LIMITS.nameMaxLength}
        onChange={(event) => setName(event.target.value)}
      />
      <TextArea
        label={t('editChannel.description')}
        value={description}
        maxLength={CHANNEL_LIMITS.descriptionMaxLength}
        onChange={(event) => setDescription(event.target.value)}
      />
      <Checkbox
        label={t('editChannel.observersMayPost')}
        checked={observersMayPost}
        onChange={(event) => setObserversMayPost(event.target.checked)}
      />
      {update.isError && <p className="ui-field__error">{errorMessage(t, update.error)}</p>}
    </Dialog>
  );
}
