import { describe, expect, it } from 'vitest';
import { blocksFromMarkdown } from './from-markdown';
import { renderMarkdown } from './markdown';

describe('members’ Markdown as export blocks', () => {
  it('keeps paragraphs, emphasis, lists, quotes, code and safe links', () => {
    const blocks = blocksFromMarkdown(
      'See **s. 12** and *Tan*.\n\n- first\n- second\n\n> quoted\n\n```\ncode\n```\n\n[judgment](https://example.org/j)',
    );
    expect(blocks.map((block) => block.kind)).toEqual(['paragraph', 'list', 'quote', 'code', 'paragraph']);
    expect(blocks[0]).toMatchObject({
      kind: 'paragraph',
      inlines: [
        { text: 'See ' },
        { text: 's. 12', marks: { bold: true } },
        { text: ' and ' },
        { text: 'Tan', marks: { italic: true } },
        { text: '.' },
      ],
    });
    expect(blocks[4]).toMatchObject({
      inlines: [{ text: 'judgment', marks: { link: 'https://example.org/j' } }],
    });
  });

  it('never passes raw HTML or unsafe links through', () => {
    const blocks = blocksFromMarkdown('<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b>bold</b>');
    const text = renderMarkdown(blocks, {
      title: 'T',
      sensitivity: null,
      handling: null,
      context: null,
      versionName: null,
      exportedBy: 'Tester',
      exportedAt: new Date('2026-12-01T00:00:00Z'),
    });
    expect(text).not.toMatch(/(?<!\\)<script>/);
    expect(text).not.toMatch(/(?<!\\)<b>/);
    // The would-be link stays visible text, never a link.
    const links = blocks.flatMap((block) =>
      block.kind === 'paragraph'
        ? block.inlines.flatMap((inline) =>
            inline.kind === 'text' && inline.marks.link ? [inline.marks.link] : [],
          )
        : [],
    );
    expect(links).toEqual([]);
    expect(text).not.toMatch(/(?<!\\)\]\(javascript:/);
  });
});
