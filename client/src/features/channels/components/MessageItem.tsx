import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Message, ThreadDetail } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import { useLabels } from '../../../app/labels';
import { emitWithAck } from '../../../lib/socket';
import { Badge, Button, Cluster, ConfirmDialog, useToast } from '../../../ui';
import { attachmentUrl } from '../api';
import { fromWireText, toWireText, type MentionChoice } from '../lib/mentions';
import { EditHistoryDialog, HideDialog, ReportDialog } from './ModerationDialogs';
import { MentionTextArea } from './MentionTextArea';
import { Glyph } from './Glyph';
import { MessageBody } from './MessageBody';

export const QUICK_REACTIONS = ['👍', '❤️', '🎉', '👀', '✅', '🙏'] as const;

export interface MessageItemProps {
  message: Message;
  thread: ThreadDetail;
  myUserId: string;
  onReply: (message: Message) => void;
  onReplace: (message: Message) => void;
}

/** One message: who, when, the text (or why it is not shown), files, reactions and what I may do with it. */
export function MessageItem({ message, thread, myUserId, onReply, onReplace }: MessageItemProps) {
  const { t } = useTranslation('channels');
  const format = useFormat();
  const labels = useLabels();
  const toast = useToast();
  const [editing, setEditing] = useState<{ text: string; choices: MentionChoice[] } | null>(null);
  const [dialog, setDialog] = useState<'report' | 'hide' | 'unhide' | 'delete' | 'history' | null>(null);
  const [reacting, setReacting] = useState(false);
  const own = message.author.id === myUserId;
  const visible = message.state === 'visible';
  const access = thread.access;

  async function react(emoji: string, on: boolean): Promise<void> {
    setReacting(false);
    const ack = await emitWithAck('message:react', { messageId: message.id, emoji, on });
    if (ack.ok) onReplace(ack.message);
    else toast.show(ack.error.message, 'danger');
  }

  async function saveEdit(): Promise<void> {
    if (!editing) return;
    const ack = await emitWithAck('message:edit', {
      messageId: message.id,
      body: toWireText(editing.text, editing.choices),
    });
    if (ack.ok) {
      onReplace(ack.message);
      setEditing(null);
    } else toast.show(ack.error.message, 'danger');
  }

  async function remove(): Promise<void> {
    const ack = await emitWithAck('message:delete', { messageId: message.id });
    setDialog(null);
    if (ack.ok) onReplace(ack.message);
    else toast.show(ack.error.message, 'danger');
  }

  return (
    <article
      className={`message message--${message.state}`}
      aria-labelledby={`message-${message.id}-author`}
      data-seq={message.seq}
    >
      <header className="message__header">
        <Link
          id={`message-${message.id}-author`}
          to={`/directory/members/${message.author.id}`}
          className="message__author"
        >
          {message.author.displayName}
        </Link>
        <span className="ui-small ui-muted">{labels.country(message.author.country)}</span>
        <time className="ui-small ui-muted" dateTime={message.createdAt}>
          {format.dateTime(message.createdAt, 'datetime')}
        </time>
        {message.editedAt && message.state === 'visible' && (
          <span className="ui-small ui-muted">{t('message.edited')}</span>
        )}
      </header>
      {message.replyTo && (
        <blockquote className="message__quote">
          <span className="ui-small">{t('message.inReplyTo', { name: message.replyTo.authorName })}</span>
          {message.replyTo.excerpt ? (
            <span>{message.replyTo.excerpt}</span>
          ) : (
            <em>{t('message.quoteRemoved')}</em>
          )}
        </blockquote>
      )}
      {message.state === 'deleted' && <p className="message__placeholder">{t('message.deleted')}</p>}
      {message.state === 'hidden' && (
        <div className="message__placeholder" role="note">
          {t('message.hidden')}
          {message.moderation?.reason && (
            <span className="ui-small">
              {' '}
              {t('message.hiddenReason', {
                by: message.moderation.hiddenBy ?? '',
                reason: message.moderation.reason,
              })}
            </span>
          )}
        </div>
      )}
      {editing ? (
        <div className="message__edit">
          <MentionTextArea
            label={t('message.editLabel')}
            value={editing.text}
            onChange={(text) => setEditing((current) => (current ? { ...current, text } : current))}
            choices={editing.choices}
            onChoicesChange={(choices) =>
              setEditing((current) => (current ? { ...current, choices } : current))
            }
            onSubmit={() => void saveEdit()}
          />
          <Cluster>
            <Button size="sm" variant="primary" onClick={() => void saveEdit()}>
              {t('message.save')}
            </Button>
            <Button size="sm" onClick={() => setEditing(null)}>
              {t('message.cancel')}
            </Button>
          </Cluster>
        </div>
      ) : (
        message.body !== null && (
          <div className={message.state === 'hidden' ? 'message__hidden-text' : undefined}>
            <MessageBody body={message.body} mentions={message.mentions} />
          </div>
        )
      )}
      {message.attachments.length > 0 && (
        <ul className="ui-list-reset message__files" aria-label={t('message.files')}>
          {message.attachments.map((file) => (
            <li key={file.id}>
              <a href={attachmentUrl(file.id)} download={file.filename} className="message__file">
                <Glyph name="paperclip" size={14} /> {file.filename}{' '}
                <span className="ui-small ui-muted">({formatSize(file.size)})</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {message.reactions.length > 0 && (
        <Cluster className="message__reactions">
          {message.reactions.map((reaction) => {
            const mine = reaction.userIds.includes(myUserId);
            return (
              <button
                key={reaction.emoji}
                type="button"
                className={`reaction${mine ? ' reaction--mine' : ''}`}
                aria-pressed={mine}
                disabled={!access.react}
                onClick={() => void react(reaction.emoji, !mine)}
                aria-label={t('message.reactionLabel', { emoji: reaction.emoji, count: reaction.count })}
              >
                <span aria-hidden="true">
                  {reaction.emoji} {reaction.count}
                </span>
              </button>
            );
          })}
        </Cluster>
      )}
      {!editing && (
        <Cluster className="message__actions">
          {visible && access.post && (
            <Button size="sm" variant="ghost" onClick={() => onReply(message)}>
              {t('message.reply')}
            </Button>
          )}
          {visible && access.react && (
            <Button
              size="sm"
              variant="ghost"
              aria-expanded={reacting}
              onClick={() => setReacting((value) => !value)}
            >
              {t('message.react')}
            </Button>
          )}
          {visible && own && access.post && message.body !== null && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() =>
                setEditing(
                  fromWireText(message.body ?? '', message.mentions, (code) =>
                    t('mentions.countryTeam', { country: labels.country(code) }),
                  ),
                )
              }
            >
              {t('message.edit')}
            </Button>
          )}
          {own && message.state !== 'deleted' && (
            <Button size="sm" variant="ghost" onClick={() => setDialog('delete')}>
              {t('message.delete')}
            </Button>
          )}
          {!own && visible && access.report && (
            <Button size="sm" variant="ghost" onClick={() => setDialog('report')}>
              {t('message.report')}
            </Button>
          )}
          {access.moderate && message.state === 'visible' && (
            <Button size="sm" variant="ghost" onClick={() => setDialog('hide')}>
              {t('message.hide')}
            </Button>
          )}
          {access.moderate && message.state === 'hidden' && (
            <Button size="sm" variant="ghost" onClick={() => setDialog('unhide')}>
              {t('message.unhide')}
            </Button>
          )}
          {access.moderate && message.editCount > 0 && (
            <Button size="sm" variant="ghost" onClick={() => setDialog('history')}>
              {t('message.history', { count: message.editCount })}
            </Button>
          )}
          {message.editCount > 0 && !access.moderate && <Badge>{t('message.edited')}</Badge>}
        </Cluster>
      )}
      {reacting && (
        <div className="reaction-picker" role="group" aria-label={t('message.pickReaction')}>
          {QUICK_REACTIONS.map((emoji) => (
            <button key={emoji} type="button" className="reaction" onClick={() => void react(emoji, true)}>
              {emoji}
            </button>
          ))}
        </div>
      )}
      <ConfirmDialog
        open={dialog === 'delete'}
        title={t('message.deleteTitle')}
        message={t('message.deleteMessage')}
        confirmLabel={t('message.delete')}
        onCancel={() => setDialog(null)}
        onConfirm={() => void remove()}
      />
      <ReportDialog open={dialog === 'report'} message={message} onClose={() => setDialog(null)} />
      <HideDialog
        open={dialog === 'hide' || dialog === 'unhide'}
        mode={dialog === 'unhide' ? 'unhide' : 'hide'}
        message={message}
        onClose={() => setDialog(null)}
        onDone={onReplace}
      />
      <EditHistoryDialog open={dialog === 'history'} message={message} onClose={() => setDialog(null)} />
    </article>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
