import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../../app/components/LanguageSwitcher';
import { APP_NAME, useDocumentTitle } from '../../../ui';

/** The frame of every page before sign-in: brand, language choice, one centred panel. */
export function AuthLayout({
  title,
  children,
  wide = false,
}: {
  title: string;
  children: ReactNode;
  wide?: boolean;
}) {
  const { t } = useTranslation('auth');
  useDocumentTitle(title);
  return (
    <div className="auth-layout">
      <header className="auth-layout__header">
        <div className="auth-layout__brand">
          <span className="shell-header__logo" aria-hidden="true">
            S
          </span>
          <span>
            <span className="auth-layout__name">{APP_NAME}</span>
            <span className="auth-layout__tagline">{t('layout.tagline')}</span>
          </span>
        </div>
        <LanguageSwitcher />
      </header>
      <main id="main" className="auth-layout__main">
        <div className={wide ? 'auth-panel auth-panel--wide' : 'auth-panel'}>
          <h1 className="auth-panel__title">{title}</h1>
          {children}
        </div>
      </main>
      <footer className="auth-layout__footer">
        <p>{t('layout.footer')}</p>
      </footer>
    </div>
  );
}
