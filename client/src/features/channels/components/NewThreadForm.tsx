import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { THREAD_LIMITS, type ContainerRef } from '@serantau/shared';
import { Button, Card, Cluster, TextField, errorMessage } from '../../../ui';
import { useCreateThread } from '../api';
import { toWireText, type MentionChoice } from '../lib/mentions';
import { newClientMessageId } from '../live/outbox';
import { MentionTextArea } from './MentionTextArea';

/** Start a thread: a title, the opening post and optional tags. */
export function NewThreadForm({ container, onDone }: { container: ContainerRef; onDone: () => void }) {
  const { t } = useTranslation('channels');
  const navigate = useNavigate();
  const create = useCreateThread(container);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [choices, setChoices] = useState<MentionChoice[]>([]);
  const [tags, setTags] = useState('');
  // One id per draft: pressing "Start" twice (or a retry after a timeout) never makes two threads.
  const [clientMessageId] = useState(newClientMessageId);

  function submit(): void {
    const tagList = tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean)
      .slice(0, THREAD_LIMITS.tagsMax);
    create.mutate(
      { title: title.trim(), body: toWireText(body, choices), tags: tagList, clientMessageId },
      {
        onSuccess: (thread) => {
          onDone();
          void navigate(`/channels/${container.id}/threads/${thread.id}`);
        },
      },
    );
  }

  return (
    <Card title={t('newThread.title')} className="new-thread">
      <form
        className="ui-stack"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <TextField
          label={t('newThread.subject')}
          value={title}
          required
          minLength={3}
          maxLength={THREAD_LIMITS.titleMaxLength}
          onChange={(event) => setTitle(event.target.value)}
        />
        <MentionTextArea
          label={t('newThread.body')}
          hint={t('composer.hint')}
          value={body}
          onChange={setBody}
          choices={choices}
          onChoicesChange={setChoices}
          rows={5}
        />
        <TextField
          label={t('newThread.tags')}
          hint={t('newThread.tagsHint')}
          value={tags}
          onChange={(event) => setTags(event.target.value)}
        />
        {create.isError && (
          <p className="ui-field__error" role="alert">
            {errorMessage(t, create.error)}
          </p>
        )}
        <Cluster>
          <Button
            type="submit"
            variant="primary"
            busy={create.isPending}
            disabled={title.trim().length < 3 || body.trim() === ''}
          >
            {t('newThread.submit')}
          </Button>
          <Button onClick={onDone}>{t('common.cancel')}</Button>
        </Cluster>
      </form>
    </Card>
  );
}
