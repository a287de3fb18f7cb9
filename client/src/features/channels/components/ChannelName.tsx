import { useTranslation } from 'react-i18next';
import type { Channel } from '@serantau/shared';
import { Glyph, type GlyphName } from './Glyph';

const GLYPH: Record<Channel['kind'], GlyphName> = {
  public: 'hash',
  private: 'lock',
  country: 'flag',
  announcement: 'megaphone',
};

/** A channel's name with a mark for its kind (the kind is also spelled out for screen readers). */
export function ChannelName({ channel }: { channel: Pick<Channel, 'name' | 'kind'> }) {
  const { t } = useTranslation('channels');
  return (
    <span className="channel-name">
      <span className="channel-name__mark">
        <Glyph name={GLYPH[channel.kind]} size={14} />
      </span>
      <span className="ui-visually-hidden">{t(`kinds.${channel.kind}`)}: </span>
      {channel.name}
    </span>
  );
}
