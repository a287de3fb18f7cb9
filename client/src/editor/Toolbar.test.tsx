import { Editor } from '@tiptap/core';
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renderRoutes } from '../test/render';
import { Toolbar } from './CollaborativeEditor';
import { editorExtensions } from './extensions';

const editors: Editor[] = [];

afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
});

function tableShape(editor: Editor): { rows: number; columns: number } | null {
  let shape: { rows: number; columns: number } | null = null;
  editor.state.doc.descendants((node) => {
    if (node.type.name !== 'table') return true;
    shape = { rows: node.childCount, columns: node.firstChild?.childCount ?? 0 };
    return false;
  });
  return shape;
}

describe('editor toolbar', () => {
  it('inserts a table, then adds and deletes its rows and columns, then deletes it', async () => {
    const editor = new Editor({
      element: document.createElement('div'),
      extensions: editorExtensions({ doc: new Y.Doc() }),
      injectCSS: false,
    });
    editors.push(editor);
    renderRoutes([{ path: '/', element: <Toolbar editor={editor} /> }], '/');
    const press = async (name: string) => {
      await act(async () => {
        fireEvent.click(await screen.findByRole('button', { name }));
      });
    };

    await press('Insert table');
    expect(tableShape(editor)).toEqual({ rows: 3, columns: 3 });
    expect(screen.queryByRole('button', { name: 'Insert table' })).toBeNull();
    await press('Add a row below');
    await press('Add a column to the right');
    expect(tableShape(editor)).toEqual({ rows: 4, columns: 4 });
    await press('Delete this row');
    await press('Delete this column');
    expect(tableShape(editor)).toEqual({ rows: 3, columns: 3 });
    await press('Delete the table');
    expect(tableShape(editor)).toBeNull();
    expect(await screen.findByRole('button', { name: 'Insert table' })).toBeTruthy();
  });
});
