import { useEffect, useMemo } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import * as Y from 'yjs';
import { fromBase64 } from './comment-highlights';
import { editorExtensions } from './extensions';
import './editor.css';

/** A saved version shown read-only, rendered by the same schema as the live editor. */
export function ReadOnlyDocument({ state, label }: { state: string; label: string }) {
  const doc = useMemo(() => {
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, fromBase64(state));
    return loaded;
  }, [state]);
  useEffect(() => () => doc.destroy(), [doc]);
  const editor = useEditor(
    {
      extensions: editorExtensions({ doc }),
      injectCSS: false,
      editable: false,
      editorProps: {
        attributes: { 'aria-label': label, 'aria-readonly': 'true', class: 'collab-editor__content' },
      },
    },
    [doc],
  );
  return (
    <div className="collab-editor collab-editor--read-only">
      <div className="collab-editor__page">
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
