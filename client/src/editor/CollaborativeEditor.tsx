import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editor } from '@tiptap/core';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { COLLAB_CLOSE_CODES, collabColourFor } from '@serantau/shared';
import { useCurrentUser } from '../app/auth';
import { Banner, Button, Dialog, TextField, cx } from '../ui';
import { setCommentAnchors, type CommentAnchorView } from './comment-highlights';
import { colourClass, editorExtensions, isSafeLinkTarget } from './extensions';
import { readOutline } from './outline';
import type { CollabSnapshot } from './session';
import { useCollabSession, useParticipants, type Participant } from './useCollabSession';
import { clearOfflineCopiesOnSignOut } from './offline';
import './editor.css';

clearOfflineCopiesOnSignOut();

export interface CollaborativeEditorProps {
  documentId: string;
  /** The access the server reported ('view' shows the text read-only; the server enforces it anyway). */
  access: 'edit' | 'view';
  /** Names the text area for screen readers, e.g. the document title. */
  label: string;
  placeholder?: string;
  /** Commented passages to highlight; clicking one calls `onCommentActivate`. */
  comments?: CommentAnchorView[];
  onCommentActivate?: (id: string) => void;
  /** Receives the editor once it exists (e.g. to read the selection for a new comment). */
  onEditorReady?: (editor: Editor | null) => void;
  /** Extra controls at the end of the toolbar. */
  toolbarExtra?: ReactNode;
  /** Show the outline of headings beside the text (default on). */
  showOutline?: boolean;
}

/**
 * A co-edited rich-text document: Tiptap bound to a Yjs document that is kept offline in IndexedDB
 * and synced over the y-websocket protocol, with collaborators' carets, who is here, the connection
 * state and whether every change is saved on the server.
 */
export function CollaborativeEditor(props: CollaborativeEditorProps) {
  const user = useCurrentUser();
  const { session, snapshot } = useCollabSession(props.documentId, user.id);
  if (!session) return <div className="collab-editor collab-editor--loading" aria-busy="true" />;
  return (
    <EditorWithSession
      key={session.doc.guid}
      {...props}
      session={session}
      snapshot={snapshot}
      userName={user.displayName}
      userId={user.id}
    />
  );
}

interface SessionProps extends CollaborativeEditorProps {
  session: NonNullable<ReturnType<typeof useCollabSession>['session']>;
  snapshot: CollabSnapshot;
  userName: string;
  userId: string;
}

function EditorWithSession({
  session,
  snapshot,
  userName,
  userId,
  access,
  label,
  placeholder,
  comments,
  onCommentActivate,
  onEditorReady,
  toolbarExtra,
  showOutline = true,
}: SessionProps) {
  const { t } = useTranslation('editor');
  const refusedWrites = snapshot.closeCode === COLLAB_CLOSE_CODES.documentTooLarge;
  const editable = access === 'edit' && snapshot.connection !== 'closed' && !refusedWrites;
  const editor = useEditor(
    {
      extensions: editorExtensions({
        doc: session.doc,
        provider: session.provider,
        user: { name: userName, color: collabColourFor(userId) },
        placeholder: placeholder ?? t('placeholder'),
      }),
      // The CSP forbids inline <style>: the editor's base styles ship in editor.css instead.
      injectCSS: false,
      editable,
      editorProps: {
        attributes: {
          'aria-label': label,
          role: 'textbox',
          'aria-multiline': 'true',
          class: 'collab-editor__content',
        },
      },
    },
    [session],
  );

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  useEffect(() => {
    onEditorReady?.(editor);
    return () => onEditorReady?.(null);
  }, [editor, onEditorReady]);

  useEffect(() => {
    if (editor) setCommentAnchors(editor, comments ?? [], onCommentActivate ?? (() => undefined));
  }, [editor, comments, onCommentActivate]);

  const participants = useParticipants(session);
  const stats = useEditorState({
    editor,
    selector: ({ editor: current }) =>
      current
        ? {
            words: current.storage.characterCount.words(),
            characters: current.storage.characterCount.characters(),
          }
        : { words: 0, characters: 0 },
  });

  return (
    <div className="collab-editor">
      <div className="collab-editor__bar">
        {editor && editable && <Toolbar editor={editor} />}
        {toolbarExtra && <div className="collab-editor__extra">{toolbarExtra}</div>}
        <div className="collab-editor__status">
          <Presence participants={participants} />
          <ConnectionStatus snapshot={snapshot} readOnly={access === 'view'} />
        </div>
      </div>
      {snapshot.connection === 'closed' && (
        <ClosedNotice snapshot={snapshot} onRetry={() => session.reconnect()} />
      )}
      <div className={cx('collab-editor__body', showOutline && 'collab-editor__body--with-outline')}>
        {showOutline && <OutlineList editor={editor} />}
        <div className="collab-editor__page">
          {!snapshot.loaded && !snapshot.synced ? <p className="ui-muted">{t('loading')}</p> : null}
          <EditorContent editor={editor} />
        </div>
      </div>
      <footer className="collab-editor__footer ui-small ui-muted" aria-live="off">
        {t('count', { words: stats.words, characters: stats.characters })}
      </footer>
    </div>
  );
}

/** The document's headings; choosing one moves the cursor there. Usable beside or outside the editor. */
export function OutlineList({ editor }: { editor: Editor | null }) {
  const { t } = useTranslation('editor');
  const outline =
    useEditorState({ editor, selector: ({ editor: current }) => (current ? readOutline(current) : []) }) ??
    [];
  return (
    <nav className="collab-outline" aria-label={t('outline.label')}>
      <h2 className="collab-outline__title">{t('outline.title')}</h2>
      {outline.length === 0 ? (
        <p className="ui-muted ui-small">{t('outline.empty')}</p>
      ) : (
        <ol className="ui-list-reset">
          {outline.map((entry) => (
            <li
              key={`${entry.position}`}
              className={`collab-outline__item collab-outline__item--h${entry.level}`}
            >
              <button
                type="button"
                className="collab-outline__link"
                onClick={() =>
                  editor
                    ?.chain()
                    .focus()
                    .setTextSelection(entry.position + 1)
                    .scrollIntoView()
                    .run()
                }
              >
                {entry.text || t('outline.untitled')}
              </button>
            </li>
          ))}
        </ol>
      )}
    </nav>
  );
}

/** "Online · all changes saved", "Offline · 3 unsaved changes", … */
function ConnectionStatus({ snapshot, readOnly }: { snapshot: CollabSnapshot; readOnly: boolean }) {
  const { t } = useTranslation('editor');
  const tone =
    snapshot.connection === 'online'
      ? 'online'
      : snapshot.connection === 'closed'
        ? 'closed'
        : snapshot.connection === 'offline'
          ? 'offline'
          : 'connecting';
  const saved = snapshot.unsavedChanges === 0;
  return (
    <p
      className={cx('collab-status', `collab-status--${tone}`)}
      role="status"
      data-testid="collab-status"
      data-connection={snapshot.connection}
      data-unsaved={snapshot.unsavedChanges}
    >
      <span className="collab-status__dot" aria-hidden="true" />
      <span>{t(`connection.${snapshot.connection}`)}</span>
      {readOnly ? (
        <span className="collab-status__saved">{t('readOnly')}</span>
      ) : (
        <span className="collab-status__saved">
          {saved ? t('saved') : t('unsaved', { count: snapshot.unsavedChanges })}
        </span>
      )}
    </p>
  );
}

function ClosedNotice({ snapshot, onRetry }: { snapshot: CollabSnapshot; onRetry: () => void }) {
  const { t } = useTranslation('editor');
  const code = snapshot.closeCode ?? 0;
  const known = [4400, 4401, 4403, 4404, 4405, 4410, 4413, 4422, 4429].includes(code);
  return (
    <Banner
      tone={code === COLLAB_CLOSE_CODES.documentTooLarge ? 'warning' : 'danger'}
      actions={
        <Button size="sm" onClick={onRetry}>
          {t('closed.retry')}
        </Button>
      }
    >
      {known ? t(`closed.${code}`) : (snapshot.closeReason ?? t('closed.other'))}
    </Banner>
  );
}

function Presence({ participants }: { participants: Participant[] }) {
  const { t } = useTranslation('editor');
  if (participants.length === 0)
    return <p className="collab-presence ui-small ui-muted">{t('presence.alone')}</p>;
  return (
    <div className="collab-presence">
      <span className="ui-visually-hidden">{t('presence.label')}</span>
      <ul className="ui-list-reset collab-presence__list" aria-label={t('presence.label')}>
        {participants.map((participant) => (
          <li
            key={participant.userId ?? participant.clientId}
            className={cx('collab-presence__person', colourClass(participant.colour))}
            title={participant.name}
          >
            <span className="collab-presence__initials" aria-hidden="true">
              {initials(participant.name)}
            </span>
            <span className="collab-presence__name">{participant.name}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

// ---- toolbar ----

/** Inside a table the table button becomes the table's own row and column controls. */
type TableAction = 'table' | 'addRow' | 'deleteRow' | 'addColumn' | 'deleteColumn' | 'deleteTable';

export function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useTranslation('editor');
  const [linkOpen, setLinkOpen] = useState(false);
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      strike: current.isActive('strike'),
      code: current.isActive('code'),
      highlight: current.isActive('highlight'),
      h1: current.isActive('heading', { level: 1 }),
      h2: current.isActive('heading', { level: 2 }),
      h3: current.isActive('heading', { level: 3 }),
      bulletList: current.isActive('bulletList'),
      orderedList: current.isActive('orderedList'),
      taskList: current.isActive('taskList'),
      blockquote: current.isActive('blockquote'),
      codeBlock: current.isActive('codeBlock'),
      link: current.isActive('link'),
      table: current.isActive('table'),
    }),
  });
  const chain = () => editor.chain().focus();
  const button = (
    key: keyof typeof active | 'undo' | 'redo' | TableAction,
    text: string,
    run: () => void,
    pressed?: boolean,
  ) => (
    <button
      type="button"
      className={cx('collab-toolbar__button', pressed && 'collab-toolbar__button--on')}
      aria-pressed={pressed === undefined ? undefined : pressed}
      title={t(`toolbar.${key}`)}
      aria-label={t(`toolbar.${key}`)}
      onMouseDown={(event) => event.preventDefault()}
      onClick={run}
    >
      {text}
    </button>
  );
  return (
    <div className="collab-toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      {button('undo', '↶', () => chain().undo().run())}
      {button('redo', '↷', () => chain().redo().run())}
      <span className="collab-toolbar__divider" aria-hidden="true" />
      {button('h1', 'H1', () => chain().toggleHeading({ level: 1 }).run(), active.h1)}
      {button('h2', 'H2', () => chain().toggleHeading({ level: 2 }).run(), active.h2)}
      {button('h3', 'H3', () => chain().toggleHeading({ level: 3 }).run(), active.h3)}
      <span className="collab-toolbar__divider" aria-hidden="true" />
      {button('bold', 'B', () => chain().toggleBold().run(), active.bold)}
      {button('italic', 'I', () => chain().toggleItalic().run(), active.italic)}
      {button('strike', 'S', () => chain().toggleStrike().run(), active.strike)}
      {button('highlight', '▮', () => chain().toggleHighlight().run(), active.highlight)}
      {button('code', '</>', () => chain().toggleCode().run(), active.code)}
      {button('link', '↗', () => setLinkOpen(true), active.link)}
      <span className="collab-toolbar__divider" aria-hidden="true" />
      {button('bulletList', '•', () => chain().toggleBulletList().run(), active.bulletList)}
      {button('orderedList', '1.', () => chain().toggleOrderedList().run(), active.orderedList)}
      {button('taskList', '☑', () => chain().toggleTaskList().run(), active.taskList)}
      {button('blockquote', '❝', () => chain().toggleBlockquote().run(), active.blockquote)}
      {button('codeBlock', '{ }', () => chain().toggleCodeBlock().run(), active.codeBlock)}
      {active.table ? (
        <>
          {button('addRow', '⊞↓', () => chain().addRowAfter().run())}
          {button('deleteRow', '⊟↓', () => chain().deleteRow().run())}
          {button('addColumn', '⊞→', () => chain().addColumnAfter().run())}
          {button('deleteColumn', '⊟→', () => chain().deleteColumn().run())}
          {button('deleteTable', '⊠', () => chain().deleteTable().run())}
        </>
      ) : (
        button('table', '⊞', () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run())
      )}
      <LinkDialog editor={editor} open={linkOpen} onClose={() => setLinkOpen(false)} />
    </div>
  );
}

function LinkDialog({ editor, open, onClose }: { editor: Editor; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('editor');
  const [href, setHref] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setHref(String(editor.getAttributes('link').href ?? ''));
      setError(null);
    }
  }, [open, editor]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!href.trim()) {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      onClose();
      return;
    }
    if (!isSafeLinkTarget(href.trim())) {
      setError(t('link.invalid'));
      return;
    }
    editor.chain().focus().extendMarkRange('link').setLink({ href: href.trim() }).run();
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('link.title')}
      footer={
        <>
          <Button onClick={onClose}>{t('link.cancel')}</Button>
          <Button variant="primary" type="submit" form="collab-link-form">
            {t('link.save')}
          </Button>
        </>
      }
    >
      <form id="collab-link-form" onSubmit={submit}>
        <TextField
          label={t('link.address')}
          hint={t('link.hint')}
          value={href}
          error={error ?? undefined}
          onChange={(event) => setHref(event.target.value)}
        />
      </form>
    </Dialog>
  );
}
