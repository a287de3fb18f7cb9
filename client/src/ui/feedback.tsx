import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { cx } from './cx';
import { errorMessage } from './errors';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export interface BannerProps {
  tone?: Exclude<Tone, 'neutral'>;
  title?: ReactNode;
  children?: ReactNode;
  onDismiss?: () => void;
  /** `alert` interrupts the screen reader; default: alerts for danger, polite status otherwise. */
  role?: 'alert' | 'status' | 'note';
  className?: string;
  actions?: ReactNode;
}

/** An inline message about the page or a form: errors, confirmations, warnings. */
export function Banner({ tone = 'info', title, children, onDismiss, role, className, actions }: BannerProps) {
  const { t } = useTranslation('ui');
  return (
    <div
      className={cx('ui-banner', `ui-banner--${tone}`, className)}
      role={role ?? (tone === 'danger' ? 'alert' : 'status')}
    >
      <div className="ui-banner__content">
        {title && <p className="ui-banner__title">{title}</p>}
        {children && <div className="ui-banner__body">{children}</div>}
        {actions && <div className="ui-banner__actions">{actions}</div>}
      </div>
      {onDismiss && (
        <Button variant="ghost" size="sm" onClick={onDismiss} aria-label={t('dismiss')}>
          <span aria-hidden="true">×</span>
        </Button>
      )}
    </div>
  );
}

export function Badge({
  tone = 'neutral',
  children,
  className,
}: {
  tone?: Tone;
  children: ReactNode;
  className?: string;
}) {
  return <span className={cx('ui-badge', `ui-badge--${tone}`, className)}>{children}</span>;
}

export interface SpinnerProps {
  /** Read to screen readers; visible unless `hideLabel`. */
  label?: string;
  hideLabel?: boolean;
}

export function Spinner({ label, hideLabel = false }: SpinnerProps) {
  const { t } = useTranslation('ui');
  return (
    <span className="ui-spinner-wrap" role="status">
      <span className="ui-spinner" aria-hidden="true" />
      <span className={hideLabel ? 'ui-visually-hidden' : 'ui-spinner__label'}>{label ?? t('loading')}</span>
    </span>
  );
}

/** The whole-area loading state of a page or panel. */
export function LoadingState({ label }: { label?: string }) {
  return (
    <div className="ui-loading-state">
      <Spinner label={label} />
    </div>
  );
}

export interface EmptyStateProps {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}

export function EmptyState({ title, children, action }: EmptyStateProps) {
  return (
    <div className="ui-empty-state">
      <p className="ui-empty-state__title">{title}</p>
      {children && <div className="ui-empty-state__body">{children}</div>}
      {action && <div className="ui-empty-state__action">{action}</div>}
    </div>
  );
}

/** A failed load with its reason and a way to try again. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation('ui');
  return (
    <Banner
      tone="danger"
      title={t('loadFailed')}
      actions={
        onRetry && (
          <Button size="sm" onClick={onRetry}>
            {t('retry')}
          </Button>
        )
      }
    >
      {errorMessage(t, error)}
    </Banner>
  );
}
