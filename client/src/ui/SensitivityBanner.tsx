import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { cx } from './cx';

export const SENSITIVITY_LEVELS = ['restricted', 'confidential'] as const;
export type SensitivityLevel = (typeof SENSITIVITY_LEVELS)[number];

export interface SensitivityBannerProps {
  level: SensitivityLevel;
  /** Extra handling instruction, e.g. the case reference. */
  children?: ReactNode;
  className?: string;
}

/**
 * The handling marking of a case view. Sticky at the top of its scroll container so it stays in view;
 * the level is spelled out in text (never colour alone) and exposed as a note.
 */
export function SensitivityBanner({ level, children, className }: SensitivityBannerProps) {
  const { t } = useTranslation('ui');
  return (
    <div
      role="note"
      aria-label={t('sensitivity.label')}
      className={cx('ui-sensitivity', `ui-sensitivity--${level}`, className)}
    >
      <strong className="ui-sensitivity__level">{t(`sensitivity.${level}.marking`)}</strong>
      <span className="ui-sensitivity__text">{t(`sensitivity.${level}.instruction`)}</span>
      {children && <span className="ui-sensitivity__extra">{children}</span>}
    </div>
  );
}
