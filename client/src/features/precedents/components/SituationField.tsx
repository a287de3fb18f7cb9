import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PRECEDENT_LIMITS,
  findPersonalDataHints,
  markPersonalData,
  removeMarkedPersonalData,
} from '@serantau/shared';
import { Banner, Button, SafeMarkdown, TextArea } from '../../../ui';

/**
 * The situation, in Markdown, with what keeps victims safe around it: a standing reminder, a button
 * that marks the selected text as personal data (the server removes marked text before storing
 * anything), hints for text that looks like an email, phone or ID number, and a preview of exactly
 * what will be stored.
 */
export function SituationField({
  value,
  onChange,
  error,
  purpose = 'ask',
}: {
  value: string;
  onChange: (next: string) => void;
  error?: string | null;
  /** Asking a new question or editing one: only the wording of the hints' heading differs. */
  purpose?: 'ask' | 'edit';
}) {
  const { t } = useTranslation('precedents');
  const ref = useRef<HTMLTextAreaElement>(null);
  const reminderId = useId();
  const [notice, setNotice] = useState<string | null>(null);
  const hints = useMemo(() => findPersonalDataHints(value), [value]);
  const preview = useMemo(() => removeMarkedPersonalData(value), [value]);

  const mark = (start: number, end: number) => {
    const selected = value.slice(start, end);
    if (!selected.trim()) {
      setNotice(t('ask.personal.selectFirst'));
      ref.current?.focus();
      return;
    }
    const marked = markPersonalData(selected);
    onChange(value.slice(0, start) + marked + value.slice(end));
    setNotice(t('ask.personal.marked', { text: selected.trim() }));
    // Back to the text with the marked passage selected, once React has put the new value in.
    requestAnimationFrame(() => {
      const element = ref.current;
      if (!element) return;
      element.focus();
      element.setSelectionRange(start, start + marked.length);
    });
  };

  return (
    <div className="precedent-situation ui-stack">
      <Banner tone="warning" role="note" title={t('ask.personal.reminderTitle')}>
        <p id={reminderId}>{t('ask.personal.reminder')}</p>
      </Banner>
      <TextArea
        ref={ref}
        label={t('ask.situation')}
        hint={t('ask.situationHint')}
        required
        rows={10}
        value={value}
        error={error}
        aria-describedby={reminderId}
        onChange={(event) => onChange(event.target.value)}
      />
      <div className="precedent-situation__tools">
        <Button
          size="sm"
          // Keep the textarea's selection: a mouse press on the button would otherwise move focus first.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            const element = ref.current;
            if (!element) return;
            mark(element.selectionStart, element.selectionEnd);
          }}
        >
          {t('ask.personal.mark')}
        </Button>
        <span className="ui-small ui-muted">{t('ask.personal.markHint')}</span>
      </div>
      <p role="status" className="ui-small">
        {notice}
      </p>
      {hints.length > 0 && (
        <section className="precedent-hints" aria-labelledby={`${reminderId}-hints`}>
          <h3 id={`${reminderId}-hints`} className="precedent-hints__heading">
            {purpose === 'edit' ? t('edit.hintsHeading') : t('ask.personal.hintsHeading')}
          </h3>
          <ul className="ui-list-reset ui-stack">
            {hints.map((hint) => (
              <li key={`${hint.index}-${hint.text}`} className="precedent-hint">
                <span>{t(`ask.personal.hints.${hint.kind}`, { text: hint.text })}</span>
                <Button size="sm" onClick={() => mark(hint.index, hint.index + hint.text.length)}>
                  {t('ask.personal.markThis', { text: hint.text })}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {value.trim().length > 0 && (
        <section className="precedent-preview" aria-labelledby={`${reminderId}-preview`}>
          <h3 id={`${reminderId}-preview`} className="precedent-preview__heading">
            {t('ask.preview.heading')}
          </h3>
          <p className="ui-small ui-muted">
            {preview.removed > 0
              ? t('ask.preview.removed', { count: preview.removed })
              : t('ask.preview.nothingRemoved')}
          </p>
          <SafeMarkdown className="precedent-markdown">
            {preview.text.slice(0, PRECEDENT_LIMITS.situationMaxBytes)}
          </SafeMarkdown>
        </section>
      )}
    </div>
  );
}
