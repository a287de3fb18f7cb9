import { useTranslation } from 'react-i18next';
import { usePresence } from '../live/presence';

/** Who has this container open right now. */
export function PresenceList({ containerKey }: { containerKey: string }) {
  const { t } = useTranslation('channels');
  const online = usePresence(containerKey);
  return (
    <section aria-labelledby={`presence-${containerKey}`}>
      <h2 id={`presence-${containerKey}`} className="channel-aside__heading">
        {t('presence.heading', { count: online.length })}
      </h2>
      {online.length === 0 ? (
        <p className="ui-small ui-muted">{t('presence.none')}</p>
      ) : (
        <ul className="ui-list-reset presence-list">
          {online.map((user) => (
            <li key={user.id} className="presence-list__item">
              <span className="presence-dot" aria-hidden="true" />
              {user.displayName}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
