import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Button, type ButtonVariant } from '../../../ui';

export interface MenuAction {
  id: string;
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

/**
 * A small disclosure of actions ("Report…", "Moderate…"): a button that shows a list of buttons.
 * Plain buttons in a list rather than an ARIA menu, so Tab, Enter and screen readers behave as
 * everywhere else; Escape or a click elsewhere closes it and focus returns to the toggle.
 */
export function ActionMenu({
  label,
  actions,
  variant = 'ghost',
  icon,
}: {
  label: string;
  actions: readonly MenuAction[];
  variant?: ButtonVariant;
  icon?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  if (actions.length === 0) return null;
  return (
    <div
      ref={rootRef}
      className="precedent-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          toggleRef.current?.focus();
        }
      }}
    >
      <Button
        ref={toggleRef}
        size="sm"
        variant={variant}
        icon={icon}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((value) => !value)}
      >
        {label}
      </Button>
      {open && (
        <ul id={listId} className="ui-list-reset precedent-menu__list">
          {actions.map((action) => (
            <li key={action.id}>
              <button
                type="button"
                className={
                  action.danger ? 'precedent-menu__item precedent-menu__item--danger' : 'precedent-menu__item'
                }
                onClick={() => {
                  setOpen(false);
                  toggleRef.current?.focus();
                  action.onSelect();
                }}
              >
                {action.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
