import { useId, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { MEMBER_STATES } from '@serantau/shared';
import { useLabels } from '../../../app/labels';
import { usePeopleSearch } from '../api';
import { activeMentionQuery, insertMention, type MentionChoice } from '../lib/mentions';

export interface MentionTextAreaProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  choices: readonly MentionChoice[];
  onChoicesChange: (choices: MentionChoice[]) => void;
  /** Enter without Shift (when no suggestion list is open). */
  onSubmit?: () => void;
  onTyping?: () => void;
  disabled?: boolean;
  placeholder?: string;
  hint?: string;
  rows?: number;
  textareaRef?: Ref<HTMLTextAreaElement>;
  maxLength?: number;
}

interface Suggestion extends MentionChoice {
  id: string;
  detail: string;
}

/**
 * A text area that suggests members (and country teams) after `@`, as a WAI-ARIA combobox: arrow keys
 * move through the suggestions, Enter or Tab picks one, Escape closes the list.
 */
export function MentionTextArea(props: MentionTextAreaProps) {
  const { t } = useTranslation('channels');
  const labels = useLabels();
  const baseId = useId();
  const listId = `${baseId}-mentions`;
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const localRef = useRef<HTMLTextAreaElement | null>(null);

  const mention = activeMentionQuery(props.value, caret);
  const open = mention !== null && dismissedAt !== mention.start && !props.disabled;
  const query = mention?.query.trim() ?? '';
  const people = usePeopleSearch(query, open && query.length >= 1);

  const suggestions = useMemo<Suggestion[]>(() => {
    if (!open) return [];
    const lower = query.toLowerCase();
    const countries = MEMBER_STATES.filter(
      (state) =>
        lower.length > 0 &&
        (state.code.toLowerCase() === lower || labels.country(state.code).toLowerCase().startsWith(lower)),
    ).map((state) => ({
      id: `country-${state.code}`,
      label: t('mentions.countryTeam', { country: labels.country(state.code) }),
      token: `@country:${state.code}`,
      detail: t('mentions.countryDetail'),
    }));
    const members = (people.data?.items ?? []).map((person) => ({
      id: `user-${person.id}`,
      label: person.displayName,
      token: `@user:${person.id}`,
      detail: `${labels.country(person.country)}${person.title ? ` · ${person.title}` : ''}`,
    }));
    return [...members, ...countries].slice(0, 8);
  }, [open, query, people.data, labels, t]);

  const showList = open && suggestions.length > 0;
  const current = suggestions[Math.min(active, suggestions.length - 1)];

  function pick(suggestion: Suggestion): void {
    if (!mention) return;
    const next = insertMention(props.value, caret, mention.start, suggestion.label);
    props.onChange(next.text);
    if (
      !props.choices.some((choice) => choice.token === suggestion.token && choice.label === suggestion.label)
    ) {
      props.onChoicesChange([...props.choices, { label: suggestion.label, token: suggestion.token }]);
    }
    setCaret(next.caret);
    setActive(0);
    requestAnimationFrame(() => {
      localRef.current?.setSelectionRange(next.caret, next.caret);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (showList) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((index) => (index + step + suggestions.length) % suggestions.length);
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && current) {
        event.preventDefault();
        pick(current);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissedAt(mention?.start ?? null);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && props.onSubmit) {
      event.preventDefault();
      props.onSubmit();
    }
  }

  const setRefs = (element: HTMLTextAreaElement | null) => {
    localRef.current = element;
    const { textareaRef } = props;
    if (typeof textareaRef === 'function') textareaRef(element);
    else if (textareaRef) textareaRef.current = element;
  };

  return (
    <div className="ui-field mention-field">
      <label htmlFor={`${baseId}-input`} className="ui-field__label">
        {props.label}
      </label>
      {props.hint && (
        <p id={`${baseId}-hint`} className="ui-field__hint">
          {props.hint}
        </p>
      )}
      <textarea
        id={`${baseId}-input`}
        ref={setRefs}
        className="ui-input ui-textarea"
        rows={props.rows ?? 3}
        value={props.value}
        disabled={props.disabled}
        placeholder={props.placeholder}
        maxLength={props.maxLength}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && current ? `${baseId}-${current.id}` : undefined}
        aria-describedby={props.hint ? `${baseId}-hint` : undefined}
        onChange={(event) => {
          props.onChange(event.target.value);
          setCaret(event.target.selectionStart);
          setActive(0);
          props.onTyping?.();
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={t('mentions.suggestions')}
        className="mention-list"
        hidden={!showList}
      >
        {suggestions.map((suggestion, index) => (
          <li
            key={suggestion.id}
            id={`${baseId}-${suggestion.id}`}
            role="option"
            aria-selected={index === active}
            className="mention-list__option"
            onMouseDown={(event) => {
              // Keep focus in the text area.
              event.preventDefault();
              pick(suggestion);
            }}
          >
            <span className="mention-list__label">{suggestion.label}</span>
            <span className="mention-list__detail">{suggestion.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
