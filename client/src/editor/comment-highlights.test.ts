import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COLLAB_FRAGMENT_FIELD } from '@serantau/shared';
import { selectionAnchor, setCommentAnchors } from './comment-highlights';
import { editorExtensions } from './extensions';

const editors: Editor[] = [];

afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
});

/** A Y.Doc holding one paragraph, as the server would hand it over. */
function docWithParagraph(text: string): Y.Doc {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(COLLAB_FRAGMENT_FIELD).insert(0, [paragraph]);
  return doc;
}

function openEditor(doc: Y.Doc): Editor {
  const editor = new Editor({
    element: document.createElement('div'),
    extensions: editorExtensions({ doc }),
    injectCSS: false,
  });
  editors.push(editor);
  return editor;
}

/** Anchors a comment over the first occurrence of `quote`, the way the sidebar creates one. */
function anchorOver(editor: Editor, quote: string): void {
  let from = -1;
  editor.state.doc.descendants((node, position) => {
    if (from === -1 && node.isText) {
      const index = node.text?.indexOf(quote) ?? -1;
      if (index !== -1) from = position + index;
    }
  });
  expect(from).toBeGreaterThan(0);
  editor.commands.setTextSelection({ from, to: from + quote.length });
  const anchor = selectionAnchor(editor);
  expect(anchor?.quote).toBe(quote);
  if (!anchor) return;
  setCommentAnchors(editor, [{ id: 'c1', start: anchor.start, end: anchor.end, active: false }], () => {});
}

function highlighted(editor: Editor): string[] {
  return [...editor.view.dom.querySelectorAll('.comment-anchor')].map((element) => element.textContent);
}

describe('comment highlights', () => {
  it('stay on the commented words when the user types before them', () => {
    const editor = openEditor(docWithParagraph('Hello world again'));
    anchorOver(editor, 'world');
    expect(highlighted(editor)).toEqual(['world']);

    editor.view.dispatch(editor.state.tr.insertText('XYZ ', 1));
    expect(editor.getText()).toBe('XYZ Hello world again');
    expect(highlighted(editor)).toEqual(['world']);

    // A later rebuild from Yjs (here: the comments reloading) agrees with the mapped highlight.
    editor.view.dispatch(editor.state.tr.insertText('!', editor.state.doc.content.size - 1));
    const anchors = editor.storage.commentHighlights.anchors;
    setCommentAnchors(editor, [...anchors], () => {});
    expect(highlighted(editor)).toEqual(['world']);
  });

  it('stay on the commented words when a collaborator edits before them', () => {
    const doc = docWithParagraph('Hello world again');
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    const editor = openEditor(doc);
    anchorOver(editor, 'world');

    remote.on('update', (update: Uint8Array) => Y.applyUpdate(doc, update, 'remote'));
    const text = remote.getXmlFragment(COLLAB_FRAGMENT_FIELD).get(0) as Y.XmlElement;
    (text.get(0) as Y.XmlText).insert(0, 'Dear all, ');
    expect(editor.getText()).toBe('Dear all, Hello world again');
    expect(highlighted(editor)).toEqual(['world']);

    // And a local edit after the remote one still moves with the text.
    editor.view.dispatch(editor.state.tr.insertText('Re: ', 1));
    expect(highlighted(editor)).toEqual(['world']);
  });
});
