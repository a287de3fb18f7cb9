import { useEffect, type ReactNode } from 'react';
import { cx } from './cx';

export const APP_NAME = 'Serantau';

/** Sets the tab title; screen readers announce it after client-side navigation. */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ${APP_NAME}` : APP_NAME;
  }, [title]);
}

export interface PageProps {
  title: string;
  description?: ReactNode;
  /** Buttons or links at the right of the heading. */
  actions?: ReactNode;
  /** Small text above the title, e.g. a back link. */
  eyebrow?: ReactNode;
  children?: ReactNode;
  width?: 'narrow' | 'normal' | 'wide';
}

/** A page: its one `<h1>`, the tab title and consistent spacing. */
export function Page({ title, description, actions, eyebrow, children, width = 'normal' }: PageProps) {
  useDocumentTitle(title);
  return (
    <div className={cx('ui-page', `ui-page--${width}`)}>
      <header className="ui-page__header">
        <div className="ui-page__heading">
          {eyebrow && <div className="ui-page__eyebrow">{eyebrow}</div>}
          <h1 className="ui-page__title">{title}</h1>
          {description && <p className="ui-page__description">{description}</p>}
        </div>
        {actions && <div className="ui-page__actions">{actions}</div>}
      </header>
      {children}
    </div>
  );
}

export interface CardProps {
  title?: ReactNode;
  /** Heading level of the title inside the page outline. */
  level?: 2 | 3;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
  as?: 'section' | 'article' | 'div';
  labelledBy?: string;
}

export function Card({
  title,
  level = 2,
  description,
  actions,
  children,
  className,
  as: Element = 'section',
  labelledBy,
}: CardProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <Element className={cx('ui-card', className)} aria-labelledby={labelledBy}>
      {(title || actions) && (
        <div className="ui-card__header">
          <div>
            {title && (
              <Heading id={labelledBy} className="ui-card__title">
                {title}
              </Heading>
            )}
            {description && <p className="ui-card__description">{description}</p>}
          </div>
          {actions && <div className="ui-card__actions">{actions}</div>}
        </div>
      )}
      {children}
    </Element>
  );
}

export interface DescriptionItem {
  term: ReactNode;
  description: ReactNode;
}

export function DescriptionList({
  items,
  className,
}: {
  items: readonly DescriptionItem[];
  className?: string;
}) {
  return (
    <dl className={cx('ui-dl', className)}>
      {items.map((item, index) => (
        <div key={index} className="ui-dl__row">
          <dt>{item.term}</dt>
          <dd>{item.description}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Visible only to screen readers. */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="ui-visually-hidden">{children}</span>;
}

/** A horizontal row of small items (badges, buttons) that wraps. */
export function Cluster({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cx('ui-cluster', className)}>{children}</div>;
}
