import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/** A comment's anchor as the editor shows it. */
export interface CommentAnchorView {
  id: string;
  /** Y.RelativePosition, base64 (as stored by the server). */
  start: string;
  end: string;
  active: boolean;
}

interface CommentStorage {
  anchors: CommentAnchorView[];
  onActivate: (id: string) => void;
}

declare module '@tiptap/core' {
  interface Storage {
    commentHighlights: CommentStorage;
  }
}

const commentKey = new PluginKey<DecorationSet>('commentHighlights');

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Map<Y.AbstractType<unknown>, unknown> } | null;
}

function syncState(state: EditorState): SyncState | null {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  return sync?.binding ? sync : null;
}

/** Where an anchor is now (Yjs relative positions follow the text as others edit around it). */
export function resolveAnchor(
  state: EditorState,
  anchor: { start: string; end: string },
): { from: number; to: number } | null {
  const sync = syncState(state);
  if (!sync?.binding) return null;
  try {
    const toAbsolute = (encoded: string) =>
      relativePositionToAbsolutePosition(
        sync.doc,
        sync.type,
        Y.decodeRelativePosition(fromBase64(encoded)),
        sync.binding?.mapping as never,
      );
    const from = toAbsolute(anchor.start);
    const to = toAbsolute(anchor.end);
    if (from === null || to === null || to <= from) return null;
    return { from, to: Math.min(to, state.doc.content.size) };
  } catch {
    return null;
  }
}

/** The current selection as a comment anchor, or null when nothing is selected. */
export function selectionAnchor(editor: Editor): { start: string; end: string; quote: string } | null {
  const { state } = editor;
  const { from, to, empty } = state.selection;
  const sync = syncState(state);
  if (empty || !sync?.binding) return null;
  const encode = (position: number) =>
    toBase64(
      Y.encodeRelativePosition(
        absolutePositionToRelativePosition(position, sync.type, sync.binding?.mapping as never),
      ),
    );
  return { start: encode(from), end: encode(to), quote: state.doc.textBetween(from, to, ' ').slice(0, 500) };
}

function buildDecorations(state: EditorState, anchors: readonly CommentAnchorView[]): DecorationSet {
  const decorations: Decoration[] = [];
  for (const anchor of anchors) {
    const range = resolveAnchor(state, anchor);
    if (!range) continue;
    decorations.push(
      Decoration.inline(
        range.from,
        range.to,
        {
          class: anchor.active ? 'comment-anchor comment-anchor--active' : 'comment-anchor',
          'data-comment-id': anchor.id,
        },
        { commentId: anchor.id },
      ),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Highlights commented passages; clicking one activates its comment in the sidebar. */
export const CommentHighlights = Extension.create<Record<string, never>, CommentStorage>({
  name: 'commentHighlights',

  addStorage() {
    return { anchors: [], onActivate: () => undefined };
  },

  addProseMirrorPlugins() {
    const storage = this.storage;
    return [
      new Plugin<DecorationSet>({
        key: commentKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (transaction, previous, _before, after) => {
            // Relative positions resolve against Yjs, which is current only when the change came from
            // Yjs: y-tiptap writes a local edit to Yjs later (in its view update), so resolving then
            // would place the old offsets in the new text. Local edits move the highlights instead.
            if (transaction.getMeta(commentKey) || transaction.getMeta(ySyncPluginKey)) {
              return buildDecorations(after, storage.anchors);
            }
            return transaction.docChanged ? previous.map(transaction.mapping, transaction.doc) : previous;
          },
        },
        props: {
          decorations: (state) => commentKey.getState(state),
          handleClick: (view, position) => {
            const found = commentKey.getState(view.state)?.find(position, position);
            const id: unknown = found?.[0]?.spec.commentId;
            if (typeof id === 'string') storage.onActivate(id);
            return false;
          },
        },
      }),
    ];
  },
});

/** Replaces the highlighted anchors (e.g. after comments were loaded or one was selected). */
export function setCommentAnchors(
  editor: Editor,
  anchors: CommentAnchorView[],
  onActivate: (id: string) => void,
): void {
  if (editor.isDestroyed) return;
  editor.storage.commentHighlights.anchors = anchors;
  editor.storage.commentHighlights.onActivate = onActivate;
  editor.view.dispatch(editor.state.tr.setMeta(commentKey, true));
}
