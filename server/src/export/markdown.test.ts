import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { blocksFromFragment, blocksText } from './blocks';
import { escapeText, renderMarkdown } from './markdown';

const marking = {
  title: 'Strategy # note',
  sensitivity: 'RESTRICTED',
  handling: 'TEAM ONLY: not to be passed outside the case team',
  context: null,
  versionName: null,
  exportedBy: 'Maria Santos',
  exportedAt: new Date('2025-03-01T14:05:00Z'),
};

function docWith(build: (fragment: Y.XmlFragment) => void): Y.XmlFragment {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  build(fragment);
  return fragment;
}

describe('markdown export', () => {
  it('escapes markup so user text stays text', () => {
    expect(escapeText('<img src=x onerror=alert(1)>')).toBe('\\<img src\\=x onerror\\=alert(1)\\>');
    expect(escapeText('# not a heading')).toBe('\\# not a heading');
    expect(escapeText('1. not a list')).toBe('1\\. not a list');
    expect(escapeText('**bold** _it_ `code` [l](u)')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[l\\](u)');
  });

  it('renders marks and keeps only safe links', () => {
    const fragment = docWith((root) => {
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      root.insert(0, [paragraph]);
      text.insert(0, 'safe', { link: { href: 'https://example.org/a b' } });
      text.insert(4, ' evil', { link: { href: 'javascript:alert(1)' } });
      text.insert(9, ' strong', { bold: {} });
    });
    const blocks = blocksFromFragment(fragment);
    const markdown = renderMarkdown(blocks, marking);
    expect(markdown).toContain('[safe](<https://example.org/a%20b>)');
    expect(markdown).not.toContain('javascript:');
    expect(markdown).toContain('**strong**');
    expect(markdown).toContain('**RESTRICTED**');
    expect(markdown).toContain('# Strategy \\# note');
    expect(markdown).toContain('Exported by Maria Santos on 2025-03-01 14:05 UTC');
  });

  it('walks lists, task lists, tables and code', () => {
    const fragment = docWith((root) => {
      const task = new Y.XmlElement('taskList');
      const item = new Y.XmlElement('taskItem');
      (item as unknown as Y.XmlElement<{ checked: boolean }>).setAttribute('checked', true);
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Freeze the account')]);
      item.insert(0, [paragraph]);
      task.insert(0, [item]);
      const code = new Y.XmlElement('codeBlock');
      code.insert(0, [new Y.XmlText('a ``` b')]);
      const table = new Y.XmlElement('table');
      const row = new Y.XmlElement('tableRow');
      const cell = new Y.XmlElement('tableHeader');
      const cellParagraph = new Y.XmlElement('paragraph');
      cellParagraph.insert(0, [new Y.XmlText('Country | code')]);
      cell.insert(0, [cellParagraph]);
      row.insert(0, [cell]);
      table.insert(0, [row]);
      root.insert(0, [task, code, table]);
    });
    const blocks = blocksFromFragment(fragment);
    expect(blocksText(blocks)).toContain('Freeze the account');
    const markdown = renderMarkdown(blocks, marking);
    expect(markdown).toContain('- [x] Freeze the account');
    expect(markdown).toContain('````\na ``` b\n````');
    expect(markdown).toContain('| Country \\\\| code |');
  });
});
