import type { Editor } from '@tiptap/core';
import type * as Y from 'yjs';

export interface OutlineEntry {
  level: number;
  text: string;
  /** Document position of the heading, to jump to it. */
  position: number;
}

/** The document's headings in order: the outline beside the editor. */
export function readOutline(editor: Editor): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  editor.state.doc.descendants((node, position) => {
    if (node.type.name === 'heading') {
      const level = Number(node.attrs.level);
      entries.push({ level: Number.isInteger(level) ? level : 2, text: node.textContent, position });
      return false;
    }
    return true;
  });
  return entries;
}

/** The Y.Doc an editor is bound to (for comparing a saved version with the live text). */
export function documentOf(editor: Editor): Y.Doc | null {
  const collaboration = editor.extensionManager.extensions.find(
    (extension) => extension.name === 'collaboration',
  );
  const doc: unknown = collaboration?.options?.document;
  return doc && typeof doc === 'object' && 'getXmlFragment' in doc ? (doc as Y.Doc) : null;
}
