import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  THREAD_LIMITS,
  utf8Length,
  type Attachment,
  type Message,
  type ThreadDetail,
} from '@serantau/shared';
import { useCurrentUser } from '../../../app/auth';
import { useFormat } from '../../../app/format';
import { emitWithAck } from '../../../lib/socket';
import { Button, Cluster, errorMessage } from '../../../ui';
import { uploadAttachment } from '../api';
import { type MentionChoice, toWireText } from '../lib/mentions';
import { newClientMessageId, outboxFor } from '../live/outbox';
import { MentionTextArea } from './MentionTextArea';

export interface ComposerDraft {
  text: string;
  choices: MentionChoice[];
}

function draftKey(threadId: string): string {
  return `serantau.draft.${threadId}`;
}

function loadDraft(threadId: string): ComposerDraft {
  try {
    const raw = localStorage.getItem(draftKey(threadId));
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (parsed && typeof parsed === 'object' && 'text' in parsed && typeof parsed.text === 'string') {
      const choices =
        'choices' in parsed && Array.isArray(parsed.choices) ? (parsed.choices as MentionChoice[]) : [];
      return { text: parsed.text, choices };
    }
  } catch {
    // A broken draft is not worth failing over.
  }
  return { text: '', choices: [] };
}

function saveDraft(threadId: string, draft: ComposerDraft): void {
  try {
    if (draft.text.trim() === '') localStorage.removeItem(draftKey(threadId));
    else localStorage.setItem(draftKey(threadId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft lives for this page only.
  }
}

export interface ComposerProps {
  thread: ThreadDetail;
  replyTo: Message | null;
  onCancelReply: () => void;
  /** Text handed back to the composer (a refused message being edited again). */
  restore: ComposerDraft | null;
  onRestored: () => void;
}

/**
 * Writing a reply. The text is kept as a draft while typed, queued in the outbox on send (so going
 * offline loses nothing), and shows why posting is not possible when it is not.
 */
export function Composer({ thread, replyTo, onCancelReply, restore, onRestored }: ComposerProps) {
  const { t } = useTranslation('channels');
  const user = useCurrentUser();
  const format = useFormat();
  const [draft, setDraft] = useState<ComposerDraft>(() => loadDraft(thread.id));
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lastTyping = useRef(0);
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  const fileInput = useRef<HTMLInputElement | null>(null);

  useEffect(() => saveDraft(thread.id, draft), [thread.id, draft]);
  useEffect(() => {
    if (!restore) return;
    setDraft(restore);
    onRestored();
    textarea.current?.focus();
  }, [restore, onRestored]);
  useEffect(() => {
    if (replyTo) textarea.current?.focus();
  }, [replyTo]);

  const blocked = blockedReason(thread, t, format);
  const wire = toWireText(draft.text, draft.choices);
  const bytes = utf8Length(wire);
  const tooLong = bytes > THREAD_LIMITS.messageMaxBytes;
  const empty = draft.text.trim() === '' && attachments.length === 0;

  function send(): void {
    if (blocked || tooLong || empty || uploading) return;
    outboxFor(user.id).enqueue({
      threadId: thread.id,
      clientMessageId: newClientMessageId(),
      body: wire.trim() === '' ? t('composer.attachmentOnly') : wire,
      ...(replyTo ? { replyToId: replyTo.id } : {}),
      ...(attachments.length > 0 ? { attachmentIds: attachments.map((file) => file.id) } : {}),
    });
    setDraft({ text: '', choices: [] });
    setAttachments([]);
    setError(null);
    onCancelReply();
  }

  function typing(): void {
    const now = Date.now();
    // The server drops anything faster than this anyway; not sending it saves the round trip.
    if (now - lastTyping.current < THREAD_LIMITS.typingIntervalMs) return;
    lastTyping.current = now;
    void emitWithAck('thread:typing', { threadId: thread.id });
  }

  async function upload(files: FileList | null): Promise<void> {
    if (!files) return;
    setUploading(true);
    setError(null);
    try {
      for (const file of [...files].slice(0, THREAD_LIMITS.attachmentsPerMessageMax - attachments.length)) {
        if (file.size > THREAD_LIMITS.attachmentMaxBytes) {
          setError(t('composer.fileTooLarge', { name: file.name }));
          continue;
        }
        const stored = await uploadAttachment(thread.id, file);
        setAttachments((current) => [...current, stored]);
      }
    } catch (cause) {
      setError(errorMessage(t, cause));
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  }

  if (blocked) {
    return (
      <p className="composer composer--blocked ui-muted" role="note">
        {blocked}
      </p>
    );
  }

  return (
    <form
      className="composer"
      aria-label={t('composer.label')}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {replyTo && (
        <div className="composer__reply">
          <span className="ui-small">
            {t('composer.replyingTo', { name: replyTo.author.displayName })}
            {replyTo.body && <q className="composer__quote">{replyTo.body.slice(0, 140)}</q>}
          </span>
          <Button size="sm" variant="ghost" onClick={onCancelReply}>
            {t('composer.cancelReply')}
          </Button>
        </div>
      )}
      <MentionTextArea
        label={t('composer.field')}
        hint={
          thread.slowModeSeconds > 0
            ? t('composer.slowMode', { seconds: thread.slowModeSeconds })
            : t('composer.hint')
        }
        value={draft.text}
        onChange={(text) => setDraft((current) => ({ ...current, text }))}
        choices={draft.choices}
        onChoicesChange={(choices) => setDraft((current) => ({ ...current, choices }))}
        onSubmit={send}
        onTyping={typing}
        textareaRef={textarea}
      />
      {attachments.length > 0 && (
        <ul className="ui-list-reset composer__files" aria-label={t('composer.files')}>
          {attachments.map((file) => (
            <li key={file.id} className="composer__file">
              <span>{file.filename}</span>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setAttachments((current) => current.filter((entry) => entry.id !== file.id))}
                aria-label={t('composer.removeFile', { name: file.filename })}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="ui-field__error" role="alert">
          {error}
        </p>
      )}
      {tooLong && (
        <p className="ui-field__error" role="alert">
          {t('composer.tooLong', { max: THREAD_LIMITS.messageMaxBytes / 1024 })}
        </p>
      )}
      <Cluster className="composer__actions">
        <input
          ref={fileInput}
          type="file"
          className="ui-visually-hidden"
          id={`composer-file-${thread.id}`}
          multiple
          accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.txt,.csv,.md"
          onChange={(event) => void upload(event.target.files)}
        />
        <Button size="sm" busy={uploading} onClick={() => fileInput.current?.click()}>
          {t('composer.attach')}
        </Button>
        <Button type="submit" variant="primary" disabled={empty || tooLong || uploading}>
          {t('composer.send')}
        </Button>
      </Cluster>
    </form>
  );
}

function blockedReason(
  thread: ThreadDetail,
  t: (key: string, options?: Record<string, unknown>) => string,
  format: ReturnType<typeof useFormat>,
): string | null {
  if (thread.access.post) return null;
  if (thread.mutedUntil)
    return t('composer.muted', { until: format.dateTime(thread.mutedUntil, 'datetime') });
  if (thread.locked) return t('composer.locked');
  return t('composer.readOnly');
}
