import MarkdownIt from 'markdown-it';
import {
  safeCodeLanguage,
  type Block,
  type Inline,
  type InlineMarks,
  type ListItem,
  type TableRow,
} from './blocks';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

// No raw HTML and no autolinking: the text of a member's post is read exactly as the app shows it.
const parser = new MarkdownIt({ html: false, linkify: false, typographer: false });

const SAFE_LINK = /^(https?:|mailto:)/i;

/**
 * Members' Markdown (questions, answers, comments) as export blocks, so it prints through the same
 * renderers as co-edited documents. Raw HTML stays text; only http, https and mailto links survive.
 */
export function blocksFromMarkdown(markdown: string): Block[] {
  const tokens = parser.parse(markdown, {});
  const [blocks] = readBlocks(tokens, 0, null);
  return blocks;
}

/** Reads block tokens from `start` until the closing token `until` (or the end); returns the next index. */
function readBlocks(tokens: readonly Token[], start: number, until: string | null): [Block[], number] {
  const blocks: Block[] = [];
  let index = start;
  while (index < tokens.length) {
    const token = tokens[index];
    if (!token) break;
    if (until && token.type === until) return [blocks, index + 1];
    switch (token.type) {
      case 'heading_open': {
        const inline = tokens[index + 1];
        blocks.push({
          kind: 'heading',
          level: Number(token.tag.slice(1)) || 1,
          inlines: readInlines(inline?.children ?? []),
        });
        index += 3;
        break;
      }
      case 'paragraph_open': {
        const inline = tokens[index + 1];
        const inlines = readInlines(inline?.children ?? []);
        if (inlines.length > 0) blocks.push({ kind: 'paragraph', inlines });
        index += 3;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = token.type === 'ordered_list_open';
        const [items, next] = readItems(
          tokens,
          index + 1,
          ordered ? 'ordered_list_close' : 'bullet_list_close',
        );
        blocks.push({ kind: 'list', ordered, start: Number(token.attrGet('start') ?? 1) || 1, items });
        index = next;
        break;
      }
      case 'blockquote_open': {
        const [inner, next] = readBlocks(tokens, index + 1, 'blockquote_close');
        blocks.push({ kind: 'quote', blocks: inner });
        index = next;
        break;
      }
      case 'fence':
      case 'code_block':
        blocks.push({
          kind: 'code',
          language: safeCodeLanguage(token.info.trim().split(/\s+/)[0]),
          text: token.content.replace(/\n$/, ''),
        });
        index += 1;
        break;
      case 'hr':
        blocks.push({ kind: 'rule' });
        index += 1;
        break;
      case 'table_open': {
        const [rows, next] = readTableRows(tokens, index + 1);
        blocks.push({ kind: 'table', rows });
        index = next;
        break;
      }
      default:
        index += 1;
    }
  }
  return [blocks, index];
}

function readItems(tokens: readonly Token[], start: number, until: string): [ListItem[], number] {
  const items: ListItem[] = [];
  let index = start;
  while (index < tokens.length) {
    const token = tokens[index];
    if (!token || token.type === until) return [items, index + 1];
    if (token.type === 'list_item_open') {
      const [blocks, next] = readBlocks(tokens, index + 1, 'list_item_close');
      items.push({ checked: null, blocks });
      index = next;
      continue;
    }
    index += 1;
  }
  return [items, index];
}

/**
 * GFM table tokens as the rows co-edited tables have: each cell one paragraph (a GFM cell holds
 * inline content only), header cells marked. Column alignment has no place in the block model.
 */
function readTableRows(tokens: readonly Token[], start: number): [TableRow[], number] {
  const rows: TableRow[] = [];
  let row: TableRow | null = null;
  let index = start;
  while (index < tokens.length) {
    const token = tokens[index];
    if (!token || token.type === 'table_close') return [rows, index + 1];
    if (token.type === 'tr_open') {
      row = { cells: [] };
      rows.push(row);
    } else if ((token.type === 'th_open' || token.type === 'td_open') && row) {
      const inline = tokens[index + 1];
      const inlines = inline?.type === 'inline' ? readInlines(inline.children ?? []) : [];
      row.cells.push({
        header: token.type === 'th_open',
        blocks: inlines.length > 0 ? [{ kind: 'paragraph', inlines }] : [],
      });
    }
    index += 1;
  }
  return [rows, index];
}

function readInlines(children: readonly Token[]): Inline[] {
  const inlines: Inline[] = [];
  const marks: InlineMarks = {};
  for (const child of children) {
    switch (child.type) {
      case 'text':
        if (child.content) inlines.push({ kind: 'text', text: child.content, marks: { ...marks } });
        break;
      case 'code_inline':
        inlines.push({ kind: 'text', text: child.content, marks: { ...marks, code: true } });
        break;
      case 'softbreak':
        inlines.push({ kind: 'text', text: ' ', marks: { ...marks } });
        break;
      case 'hardbreak':
        inlines.push({ kind: 'break' });
        break;
      case 'strong_open':
        marks.bold = true;
        break;
      case 'strong_close':
        delete marks.bold;
        break;
      case 'em_open':
        marks.italic = true;
        break;
      case 'em_close':
        delete marks.italic;
        break;
      case 's_open':
        marks.strike = true;
        break;
      case 's_close':
        delete marks.strike;
        break;
      case 'link_open': {
        const href = String(child.attrGet('href') ?? '');
        if (SAFE_LINK.test(href)) marks.link = href;
        break;
      }
      case 'link_close':
        delete marks.link;
        break;
      case 'image':
        // Images are not part of the message subset: their description stays as text.
        if (child.content) inlines.push({ kind: 'text', text: child.content, marks: { ...marks } });
        break;
      default:
        if (child.content) inlines.push({ kind: 'text', text: child.content, marks: { ...marks } });
    }
  }
  return inlines;
}
