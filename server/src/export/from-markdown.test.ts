import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { blocksFromMarkdown } from './from-markdown';
import { renderMarkdown } from './markdown';
import { testMarking } from './marking.fixture';

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
    const text = renderMarkdown(blocks, testMarking({ title: 'T' }));
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

const exportMarking = testMarking({ title: 'Precedent', sensitivity: 'RESTRICTED' });

describe('members’ Markdown through the Markdown export', () => {
  // As a recipient's viewer would read it: raw HTML on.
  const reader = new MarkdownIt({ html: true });

  it('keeps a hostile code block inside one fence, with the footer after it outside code', () => {
    const body = '<img src=x onerror=alert(1)>\n```\nstill code\n````';
    // A tilde fence is the one way a member can put a backtick into the info string.
    const blocks = blocksFromMarkdown(`~~~x\`y onerror\n${body}\n~~~\n`);
    expect(blocks).toEqual([{ kind: 'code', language: null, text: body }]);

    const tokens = reader.parse(renderMarkdown(blocks, exportMarking), {});
    const code = tokens.filter((token) => token.type === 'fence' || token.type === 'code_block');
    expect(code.map((token) => token.content)).toEqual([`${body}\n`]);
    expect(tokens.some((token) => token.type === 'html_block' || token.type === 'html_inline')).toBe(false);
    const after = tokens.slice(tokens.indexOf(code[0]!) + 1);
    const footer = after.find(
      (token) => token.type === 'inline' && token.content.includes('Exported by Tester'),
    );
    expect(footer?.content).toContain('RESTRICTED');
  });

  it('drops a language the renderer cannot put in a fence, whatever built the block', () => {
    const markdown = renderMarkdown(
      [
        { kind: 'code', language: 'x`y', text: '<b>hi</b>' },
        { kind: 'paragraph', inlines: [] },
      ],
      exportMarking,
    );
    const fence = reader.parse(markdown, {}).find((token) => token.type === 'fence');
    expect(fence).toMatchObject({ info: '', content: '<b>hi</b>\n' });
  });

  it('keeps code lines with a lone CR inside a quoted fence', () => {
    const markdown = renderMarkdown(
      [
        {
          kind: 'quote',
          blocks: [{ kind: 'code', language: 'js', text: 'a\r<img src=x onerror=alert(1)>' }],
        },
      ],
      exportMarking,
    );
    const tokens = reader.parse(markdown, {});
    expect(tokens.find((token) => token.type === 'fence')?.content).toBe('a\n<img src=x onerror=alert(1)>\n');
    expect(tokens.some((token) => token.type.startsWith('html'))).toBe(false);
  });

  it('keeps a line ending in inline code from starting a block', () => {
    const markdown = renderMarkdown(
      [{ kind: 'paragraph', inlines: [{ kind: 'text', text: 'a\n<div onclick=x>', marks: { code: true } }] }],
      exportMarking,
    );
    expect(reader.parse(markdown, {}).some((token) => token.type.startsWith('html'))).toBe(false);
  });

  it('keeps GFM tables, as the block model co-edited tables use and in the Markdown export', () => {
    const blocks = blocksFromMarkdown(
      'Sentences:\n\n| Country | **Years** |\n| --- | ---: |\n| MY | [s. 12](https://example.org/a) |\n| TH | 4 \\| 6 |\n',
    );
    expect(blocks[1]).toEqual({
      kind: 'table',
      rows: [
        {
          cells: [
            {
              header: true,
              blocks: [{ kind: 'paragraph', inlines: [{ kind: 'text', text: 'Country', marks: {} }] }],
            },
            {
              header: true,
              blocks: [
                { kind: 'paragraph', inlines: [{ kind: 'text', text: 'Years', marks: { bold: true } }] },
              ],
            },
          ],
        },
        {
          cells: [
            {
              header: false,
              blocks: [{ kind: 'paragraph', inlines: [{ kind: 'text', text: 'MY', marks: {} }] }],
            },
            {
              header: false,
              blocks: [
                {
                  kind: 'paragraph',
                  inlines: [{ kind: 'text', text: 's. 12', marks: { link: 'https://example.org/a' } }],
                },
              ],
            },
          ],
        },
        {
          cells: [
            {
              header: false,
              blocks: [{ kind: 'paragraph', inlines: [{ kind: 'text', text: 'TH', marks: {} }] }],
            },
            {
              header: false,
              blocks: [{ kind: 'paragraph', inlines: [{ kind: 'text', text: '4 | 6', marks: {} }] }],
            },
          ],
        },
      ],
    });

    const html = reader.render(renderMarkdown(blocks, exportMarking));
    expect(html).toContain('<th>Country</th>');
    expect(html).toContain('<th><strong>Years</strong></th>');
    expect(html).toContain('<td><a href="https://example.org/a">s. 12</a></td>');
    expect(html).toContain('<td>4 | 6</td>');
  });
});
