import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { UI_LOCALES, type UiLocale } from '@serantau/shared';
import { currentLocale } from '../../i18n';
import { cx, errorMessage, useToast } from '../../ui';
import { useChangeLocale } from '../locale';

/** Language names are written in their own language so each reader can find theirs. */
const NATIVE_NAMES: Record<UiLocale, string> = { en: 'English', ms: 'Bahasa Melayu' };

/** Two toggle buttons (English / Bahasa Melayu) under a group label. */
export function LanguageSwitcher({ className }: { className?: string }) {
  const { t, i18n } = useTranslation('app');
  const toast = useToast();
  const changeLocale = useChangeLocale();
  const labelId = useId();
  const active = currentLocale(i18n);

  const choose = async (locale: UiLocale) => {
    if (locale === active) return;
    try {
      await changeLocale(locale);
    } catch (error) {
      toast.show(t('language.saveFailed', { reason: errorMessage(t, error) }), 'danger');
    }
  };

  return (
    <div className={cx('language-switcher', className)} role="group" aria-labelledby={labelId}>
      <span id={labelId} className="language-switcher__label">
        {t('language.label')}
      </span>
      <div className="language-switcher__options">
        {UI_LOCALES.map((locale) => (
          <button
            key={locale}
            type="button"
            lang={locale}
            className="language-switcher__option"
            aria-pressed={locale === active}
            onClick={() => void choose(locale)}
          >
            {NATIVE_NAMES[locale]}
          </button>
        ))}
      </div>
    </div>
  );
}
