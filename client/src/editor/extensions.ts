import { mergeAttributes, type AnyExtension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import Highlight from '@tiptap/extension-highlight';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { CharacterCount, Placeholder } from '@tiptap/extensions';
import StarterKit from '@tiptap/starter-kit';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { COLLAB_FRAGMENT_FIELD, COLLAB_USER_COLOURS } from '@serantau/shared';
import { CommentHighlights } from './comment-highlights';

/** Links keep only these schemes (SECURITY row 8): no javascript:, data: or file: links. */
const SAFE_LINK = /^(https?:|mailto:)/i;

export function isSafeLinkTarget(url: string): boolean {
  try {
    return SAFE_LINK.test(new URL(url, 'https://invalid.example').protocol) && SAFE_LINK.test(url.trim());
  } catch {
    return false;
  }
}

/**
 * The production CSP allows no inline styles: the stock table renderer writes `style` attributes
 * (widths), so tables render plain and the stylesheet sizes them.
 */
const CspTable = Table.extend({
  renderHTML({ HTMLAttributes }) {
    return ['table', mergeAttributes(this.options.HTMLAttributes, HTMLAttributes), ['tbody', 0]];
  },
});

/** Caret colours are classes (one per palette entry), not inline styles. */
export function colourClass(colour: unknown): string {
  const index = COLLAB_USER_COLOURS.indexOf(colour as (typeof COLLAB_USER_COLOURS)[number]);
  return `collab-colour-${index === -1 ? COLLAB_USER_COLOURS.length - 1 : index}`;
}

function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span');
  caret.className = `collab-caret ${colourClass(user.color)}`;
  const label = document.createElement('span');
  label.className = 'collab-caret__label';
  label.textContent = typeof user.name === 'string' ? user.name : '';
  caret.append(label);
  return caret;
}

export interface EditorExtensionOptions {
  doc: Y.Doc;
  /** Omitted for read-only views of saved versions (no carets there). */
  provider?: WebsocketProvider;
  user?: { name: string; color: string };
  placeholder?: string;
}

/**
 * Everything a Serantau document can contain: headings, lists, task lists, tables, links, highlights,
 * quotes and code, bound to the Y.Doc's `XmlFragment` (the field the server's export walker reads).
 */
export function editorExtensions(options: EditorExtensionOptions): AnyExtension[] {
  const extensions: AnyExtension[] = [
    StarterKit.configure({
      // The Collaboration extension brings its own (per-user) undo history.
      undoRedo: false,
      heading: { levels: [1, 2, 3, 4] },
      link: {
        openOnClick: false,
        autolink: true,
        protocols: ['http', 'https', 'mailto'],
        defaultProtocol: 'https',
        isAllowedUri: (url) => isSafeLinkTarget(url),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' },
      },
    }),
    Highlight,
    TaskList,
    TaskItem.configure({ nested: true }),
    CspTable.configure({ resizable: false }),
    TableRow,
    TableHeader,
    TableCell,
    CharacterCount,
    Placeholder.configure({ placeholder: options.placeholder ?? '' }),
    Collaboration.configure({ document: options.doc, field: COLLAB_FRAGMENT_FIELD }),
    CommentHighlights,
  ];
  if (options.provider && options.user) {
    extensions.push(
      CollaborationCaret.configure({
        provider: options.provider,
        user: options.user,
        render: renderCaret,
        selectionRender: (user: Record<string, unknown>) => ({
          class: `collab-selection ${colourClass(user.color)}`,
        }),
      }),
    );
  }
  return extensions;
}
