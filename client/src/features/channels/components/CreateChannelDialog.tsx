import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CHANNEL_KINDS, CHANNEL_LIMITS, type ChannelKind, type MemberStateCode } from '@serantau/shared';
import { useLabels } from '../../../app/labels';
import { Button, Checkbox, Dialog, Select, TextArea, TextField, errorMessage } from '../../../ui';
import { useCreateChannel } from '../api';

/** Admins and moderators open new channels. */
export function CreateChannelDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('channels');
  const labels = useLabels();
  const navigate = useNavigate();
  const create = useCreateChannel();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<ChannelKind>('public');
  const [country, setCountry] = useState<MemberStateCode | ''>('');
  const [observersMayPost, setObserversMayPost] = useState(false);
  const valid = name.trim().length >= 2 && (kind !== 'country' || country !== '');
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('createChannel.title')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            busy={create.isPending}
            disabled={!valid}
            onClick={() =>
              create.mutate(
                {
                  name: name.trim(),
                  description,
                  kind,
                  country: kind === 'country' && country ? country : null,
                  observersMayPost,
                },
                {
                  onSuccess: (channel) => {
                    onClose();
                    void navigate(`/channels/${channel.id}`);
                  },
                },
              )
            }
          >
            {t('createChannel.submit')}
          </Button>
        </>
      }
    >
      <TextField
        label={t('editChannel.name')}
        value={name}
        required
        maxLength={CHANNEL_LIMITS.nameMaxLength}
        onChange={(event) => setName(event.target.value)}
      />
      <Select
        label={t('createChannel.kind')}
        value={kind}
        onChange={(event) => setKind(event.target.value as ChannelKind)}
        options={CHANNEL_KINDS.map((value) => ({ value, label: t(`kinds.${value}`) }))}
        hint={t(`kindHints.${kind}`)}
      />
      {kind === 'country' && (
        <Select
          label={t('createChannel.country')}
          value={country}
          placeholder={t('createChannel.chooseCountry')}
          required
          options={labels.memberStateOptions}
          onChange={(event) => setCountry(event.target.value as MemberStateCode)}
        />
      )}
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
      {create.isError && <p className="ui-field__error">{errorMessage(t, create.error)}</p>}
    </Dialog>
  );
}
