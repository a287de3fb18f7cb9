import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../ui';
import { signOut, useCurrentUser } from '../auth';
import { useLabels } from '../labels';
import { LanguageSwitcher } from './LanguageSwitcher';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/**
 * The account menu: a disclosure (button + panel) rather than an ARIA menu, because it mixes links,
 * toggle buttons and text, and every control stays reachable with Tab.
 */
export function UserMenu() {
  const { t } = useTranslation('app');
  const user = useCurrentUser();
  const labels = useLabels();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      toggleRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={toggleRef}
        type="button"
        className="user-menu__toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="user-menu__avatar" aria-hidden="true">
          {initials(user.displayName)}
        </span>
        <span className="user-menu__name">{user.displayName}</span>
        <span className="ui-visually-hidden">{t('userMenu.open')}</span>
        <Icon name="chevronDown" size={16} />
      </button>
      <div id={panelId} className="user-menu__panel" hidden={!open}>
        <div className="user-menu__identity">
          <p className="user-menu__identity-name">{user.displayName}</p>
          <p className="ui-muted ui-small">{user.email}</p>
          <p className="ui-muted ui-small">
            {labels.role(user.role)} · {labels.country(user.country)}
          </p>
        </div>
        <ul className="ui-list-reset user-menu__links">
          <li>
            <Link to="/settings" className="user-menu__item" onClick={() => setOpen(false)}>
              <Icon name="settings" />
              {t('userMenu.settings')}
            </Link>
          </li>
        </ul>
        <LanguageSwitcher className="user-menu__language" />
        <button type="button" className="user-menu__item user-menu__signout" onClick={() => void signOut()}>
          <Icon name="signOut" />
          {t('userMenu.signOut')}
        </button>
      </div>
    </div>
  );
}
