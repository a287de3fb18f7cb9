import { useEffect, useId, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { APP_NAME, Icon, cx } from '../../ui';
import { useCurrentUser } from '../auth';
import { navEntriesFor } from '../nav';
import { ConnectionIndicator } from './ConnectionIndicator';
import { UserMenu } from './UserMenu';

/** The signed-in frame: skip link, header, sidebar from the nav registry, and the main landmark. */
export function Shell() {
  const { t } = useTranslation('app');
  const user = useCurrentUser();
  const entries = navEntriesFor(user.role);
  const { pathname } = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  const navId = useId();
  const mainRef = useRef<HTMLElement>(null);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const firstRender = useRef(true);

  // After client-side navigation, start the reader at the top of the new page's content, as a
  // full page load would (the page's <h1> is the first thing inside <main>).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo?.(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="shell-header">
        <button
          ref={menuButtonRef}
          type="button"
          className="shell-header__menu"
          aria-expanded={navOpen}
          aria-controls={navId}
          onClick={() => setNavOpen((value) => !value)}
        >
          <Icon name="menu" size={20} />
          <span className="ui-visually-hidden">{t('shell.menu')}</span>
        </button>
        <Link to="/" className="shell-header__brand">
          <span className="shell-header__logo" aria-hidden="true">
            S
          </span>
          <span className="shell-header__name">{APP_NAME}</span>
          <span className="shell-header__tagline">{t('shell.tagline')}</span>
        </Link>
        <div className="shell-header__end">
          <ConnectionIndicator />
          <UserMenu />
        </div>
      </header>
      <div className="shell-body">
        <nav
          id={navId}
          className={cx('shell-nav', navOpen && 'shell-nav--open')}
          aria-label={t('shell.mainNav')}
          onKeyDown={(event) => {
            // On small screens the menu overlays the page: Escape closes it and returns to its button.
            if (event.key !== 'Escape' || !navOpen) return;
            setNavOpen(false);
            menuButtonRef.current?.focus();
          }}
        >
          <ul className="ui-list-reset shell-nav__list">
            {entries.map((entry) => (
              <li key={entry.id}>
                {/* NavLink sets aria-current="page" on the entry of the current section. */}
                <NavLink
                  to={entry.path}
                  end={entry.end}
                  className="shell-nav__link"
                  onClick={() => setNavOpen(false)}
                >
                  <Icon name={entry.icon} />
                  <span>{t(entry.labelKey)}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {navOpen && (
          // Small screens: a tap beside the open menu closes it (keyboard users have Escape and the button).
          <div className="shell-scrim" aria-hidden="true" onClick={() => setNavOpen(false)} />
        )}
        <main id="main" ref={mainRef} tabIndex={-1} className="shell-main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
