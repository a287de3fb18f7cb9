import { useTranslation } from 'react-i18next';
import type { Channel } from '@serantau/shared';

const PREFIX: Record<Channel['kind'], string> = {
  public: '#',
  private: '🔒',
  country: '⚑',
  announcement: '📣',
};

/** A channel's name with a mark for its kind (the kind is also spelled out for screen readers). */
export function ChannelName({ channel }: { channel: Pick<Channel, 'name' | 'kind'> }) {
  const { t } = useTranslation('channels');
  return (
    <span className="channel-name">
      <span className="channel-name__mark" aria-hidden="true">
        {PREFIX[channel.kind]}
      </span>
      <span className="ui-visually-hidden">{t(`kinds.${channel.kind}`)}: </span>
      {channel.name}
    </span>
  );
}
