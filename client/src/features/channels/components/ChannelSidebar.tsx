import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Channel } from '@serantau/shared';
import { Badge, LoadingState } from '../../../ui';
import { ChannelName } from './ChannelName';

/** The channels I have joined, with unread counts, and the section's other pages. */
export function ChannelSidebar({ channels, loading }: { channels: readonly Channel[]; loading: boolean }) {
  const { t } = useTranslation('channels');
  return (
    <nav className="channel-sidebar" aria-label={t('sidebar.label')}>
      <ul className="ui-list-reset channel-sidebar__links">
        <li>
          <NavLink to="/channels/inbox" className="channel-sidebar__link">
            {t('sidebar.inbox')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/channels/search" className="channel-sidebar__link">
            {t('sidebar.search')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/channels/browse" className="channel-sidebar__link">
            {t('sidebar.browse')}
          </NavLink>
        </li>
      </ul>
      <h2 className="channel-sidebar__heading">{t('sidebar.joined')}</h2>
      {loading ? (
        <LoadingState label={t('sidebar.loading')} />
      ) : channels.length === 0 ? (
        <p className="ui-muted ui-small">{t('sidebar.none')}</p>
      ) : (
        <ul className="ui-list-reset channel-sidebar__channels">
          {channels.map((channel) => {
            const unread = channel.me.unreadMessages;
            return (
              <li key={channel.id}>
                <NavLink
                  to={`/channels/${channel.id}`}
                  className={`channel-sidebar__link${unread > 0 && !channel.me.muted ? ' channel-sidebar__link--unread' : ''}`}
                >
                  <ChannelName channel={channel} />
                  {unread > 0 && (
                    <Badge tone={channel.me.muted ? 'neutral' : 'info'} className="channel-sidebar__badge">
                      <span aria-hidden="true">{unread > 99 ? '99+' : unread}</span>
                      <span className="ui-visually-hidden">{t('sidebar.unread', { count: unread })}</span>
                    </Badge>
                  )}
                </NavLink>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
