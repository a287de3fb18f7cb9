import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx } from './cx';

interface FieldChrome {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
}

function useFieldIds(id: string | undefined) {
  const generated = useId();
  const inputId = id ?? `field${generated}`;
  return { inputId, hintId: `${inputId}-hint`, errorId: `${inputId}-error` };
}

function describedBy(
  hint: ReactNode,
  error: string | null | undefined,
  ids: { hintId: string; errorId: string },
  extra?: string,
) {
  const parts = [hint ? ids.hintId : null, error ? ids.errorId : null, extra ?? null].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

function FieldShell({
  inputId,
  hintId,
  errorId,
  label,
  hint,
  error,
  required,
  className,
  children,
}: FieldChrome & {
  inputId: string;
  hintId: string;
  errorId: string;
  required?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cx('ui-field', error && 'ui-field--invalid', className)}>
      <label htmlFor={inputId} className="ui-field__label">
        {label}
        {required && (
          <span className="ui-field__required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {hint && (
        <p id={hintId} className="ui-field__hint">
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p id={errorId} className="ui-field__error">
          {error}
        </p>
      )}
    </div>
  );
}

export type TextFieldProps = ComponentPropsWithRef<'input'> & FieldChrome;

/** A labelled text input with hint and error wired to `aria-describedby`. */
export function TextField({
  label,
  hint,
  error,
  id,
  className,
  required,
  'aria-describedby': extraDescription,
  ...rest
}: TextFieldProps) {
  const ids = useFieldIds(id);
  return (
    <FieldShell {...ids} label={label} hint={hint} error={error} required={required} className={className}>
      <input
        id={ids.inputId}
        className="ui-input"
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, ids, extraDescription)}
        {...rest}
      />
    </FieldShell>
  );
}

export type TextAreaProps = ComponentPropsWithRef<'textarea'> & FieldChrome;

export function TextArea({
  label,
  hint,
  error,
  id,
  className,
  required,
  'aria-describedby': extraDescription,
  ...rest
}: TextAreaProps) {
  const ids = useFieldIds(id);
  return (
    <FieldShell {...ids} label={label} hint={hint} error={error} required={required} className={className}>
      <textarea
        id={ids.inputId}
        className="ui-input ui-textarea"
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, ids, extraDescription)}
        {...rest}
      />
    </FieldShell>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export type SelectProps = ComponentPropsWithRef<'select'> &
  FieldChrome & {
    /** Plain options; pass `children` instead for option groups. */
    options?: readonly SelectOption[];
    /** A first option with the empty value, e.g. "All countries". */
    placeholder?: string;
  };

export function Select({
  label,
  hint,
  error,
  id,
  className,
  required,
  options,
  placeholder,
  children,
  'aria-describedby': extraDescription,
  ...rest
}: SelectProps) {
  const ids = useFieldIds(id);
  return (
    <FieldShell {...ids} label={label} hint={hint} error={error} required={required} className={className}>
      <select
        id={ids.inputId}
        className="ui-input ui-select"
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, ids, extraDescription)}
        {...rest}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options?.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {children}
      </select>
    </FieldShell>
  );
}

export type CheckboxProps = Omit<ComponentPropsWithRef<'input'>, 'type'> & {
  label: ReactNode;
  hint?: ReactNode;
};

export function Checkbox({ label, hint, id, className, ...rest }: CheckboxProps) {
  const generated = useId();
  const inputId = id ?? `checkbox${generated}`;
  const hintId = `${inputId}-hint`;
  return (
    <div className={cx('ui-checkbox', className)}>
      <input id={inputId} type="checkbox" aria-describedby={hint ? hintId : undefined} {...rest} />
      <label htmlFor={inputId}>
        {label}
        {hint && (
          <span id={hintId} className="ui-field__hint">
            {hint}
          </span>
        )}
      </label>
    </div>
  );
}

export interface CheckboxGroupProps<V extends string> {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  options: readonly { value: V; label: string }[];
  value: readonly V[];
  onChange: (next: V[]) => void;
  /** Columns on wide screens; always one column on narrow ones. */
  columns?: 1 | 2 | 3;
  className?: string;
}

/** A multi-select as a group of checkboxes: the most robust pattern for keyboard and screen readers. */
export function CheckboxGroup<V extends string>({
  legend,
  hint,
  error,
  options,
  value,
  onChange,
  columns = 2,
  className,
}: CheckboxGroupProps<V>) {
  const ids = useFieldIds(undefined);
  const toggle = (option: V, checked: boolean) => {
    // Keep the options' order so the stored value does not depend on click order.
    const chosen = new Set(value);
    if (checked) chosen.add(option);
    else chosen.delete(option);
    onChange(options.map((entry) => entry.value).filter((entry) => chosen.has(entry)));
  };
  return (
    <fieldset
      className={cx('ui-fieldset', error && 'ui-field--invalid', className)}
      aria-describedby={describedBy(hint, error, ids)}
    >
      <legend className="ui-field__label">{legend}</legend>
      {hint && (
        <p id={ids.hintId} className="ui-field__hint">
          {hint}
        </p>
      )}
      <div className={cx('ui-checkbox-grid', `ui-checkbox-grid--${columns}`)}>
        {options.map((option) => (
          <Checkbox
            key={option.value}
            label={option.label}
            checked={value.includes(option.value)}
            onChange={(event) => toggle(option.value, event.target.checked)}
          />
        ))}
      </div>
      {error && (
        <p id={ids.errorId} className="ui-field__error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export interface RadioGroupProps<V extends string> {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** Each option may carry its own explanation, read with it. */
  options: readonly { value: V; label: string; hint?: ReactNode }[];
  value: V;
  onChange: (next: V) => void;
  /** The radios' shared `name`; one is generated when left out. */
  name?: string;
  className?: string;
}

/** A single choice among a few options that each need explaining: native radios in a fieldset. */
export function RadioGroup<V extends string>({
  legend,
  hint,
  error,
  options,
  value,
  onChange,
  name,
  className,
}: RadioGroupProps<V>) {
  const ids = useFieldIds(undefined);
  const groupName = name ?? ids.inputId;
  return (
    <fieldset
      className={cx('ui-fieldset', error && 'ui-field--invalid', className)}
      aria-describedby={describedBy(hint, error, ids)}
    >
      <legend className="ui-field__label">{legend}</legend>
      {hint && (
        <p id={ids.hintId} className="ui-field__hint">
          {hint}
        </p>
      )}
      <div className="ui-radio-list">
        {options.map((option) => {
          const optionId = `${ids.inputId}-${option.value}`;
          return (
            <div key={option.value} className="ui-checkbox">
              <input
                id={optionId}
                type="radio"
                name={groupName}
                value={option.value}
                checked={value === option.value}
                aria-describedby={option.hint ? `${optionId}-hint` : undefined}
                onChange={() => onChange(option.value)}
              />
              <label htmlFor={optionId}>
                {option.label}
                {option.hint && (
                  <span id={`${optionId}-hint`} className="ui-field__hint">
                    {option.hint}
                  </span>
                )}
              </label>
            </div>
          );
        })}
      </div>
      {error && (
        <p id={ids.errorId} className="ui-field__error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
