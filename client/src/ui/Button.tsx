import type { ComponentPropsWithRef, ReactNode } from 'react';
import { Link, type LinkProps } from 'react-router';
import { cx } from './cx';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'sm' | 'md';

interface ButtonLookProps {
  variant?: ButtonVariant;
  size?: ButtonSize;
}

function buttonClass(variant: ButtonVariant, size: ButtonSize, className: string | undefined): string {
  return cx('ui-button', `ui-button--${variant}`, `ui-button--${size}`, className);
}

export interface ButtonProps extends ComponentPropsWithRef<'button'>, ButtonLookProps {
  /** Shows a spinner and blocks further clicks while an action runs. */
  busy?: boolean;
  icon?: ReactNode;
}

export function Button({
  variant = 'secondary',
  size = 'md',
  busy = false,
  type = 'button',
  disabled,
  className,
  icon,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={buttonClass(variant, size, className)}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <span className="ui-spinner ui-spinner--inline" aria-hidden="true" /> : icon}
      {children}
    </button>
  );
}

export type ButtonLinkProps = LinkProps & ButtonLookProps;

/** A router link that looks like a button (navigation stays a link for assistive technology). */
export function ButtonLink({ variant = 'secondary', size = 'md', className, ...rest }: ButtonLinkProps) {
  return <Link className={buttonClass(variant, size, className)} {...rest} />;
}
