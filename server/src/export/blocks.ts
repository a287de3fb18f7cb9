import * as Y from 'yjs';
import { COLLAB_FRAGMENT_FIELD } from '@serantau/shared';

/**
 * A neutral block model of a Tiptap document, read straight from its Y.XmlFragment. Every export
 * format renders from this, so the three exports agree and each renderer only escapes for its own
 * format. Unknown node types degrade to their text; nothing is ever passed through as markup.
 */
export interface InlineMarks {
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  underline?: boolean;
  code?: boolean;
  highlight?: boolean;
  /** Only http, https and mailto links survive; anything else becomes plain text. */
  link?: string;
}

export type Inline = { kind: 'text'; text: string; marks: InlineMarks } | { kind: 'break' };

export interface ListItem {
  /** null for plain list items, a boolean for task items. */
  checked: boolean | null;
  blocks: Block[];
}

export interface TableRow {
  cells: { header: boolean; blocks: Block[] }[];
}

export type Block =
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: ListItem[] }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'code'; language: string | null; text: string }
  | { kind: 'rule' }
  | { kind: 'table'; rows: TableRow[] };

/** Reads the document's blocks from a Yjs document state (update v1). */
export function blocksFromState(state: Uint8Array): Block[] {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return blocksFromFragment(doc.getXmlFragment(COLLAB_FRAGMENT_FIELD));
  } finally {
    doc.destroy();
  }
}

export function blocksFromFragment(fragment: Y.XmlFragment): Block[] {
  return readBlocks(fragment.toArray());
}

type XmlNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

function readBlocks(nodes: readonly XmlNode[]): Block[] {
  const blocks: Block[] = [];
  for (const node of nodes) {
    if (node instanceof Y.XmlText) {
      // Text directly inside a block container: keep it as a paragraph.
      const inlines = readInlines([node]);
      if (inlines.length > 0) blocks.push({ kind: 'paragraph', inlines });
      continue;
    }
    if (!(node instanceof Y.XmlElement)) continue;
    const block = readBlock(node);
    if (block) blocks.push(block);
  }
  return blocks;
}

function readBlock(element: Y.XmlElement): Block | null {
  const children = element.toArray();
  switch (element.nodeName) {
    case 'heading': {
      const level = Number(element.getAttribute('level'));
      return {
        kind: 'heading',
        level: Number.isInteger(level) && level >= 1 && level <= 6 ? level : 2,
        inlines: readInlines(children),
      };
    }
    case 'paragraph':
      return { kind: 'paragraph', inlines: readInlines(children) };
    case 'bulletList':
      return { kind: 'list', ordered: false, start: 1, items: readItems(children) };
    case 'orderedList': {
      const start = Number(element.getAttribute('start'));
      return {
        kind: 'list',
        ordered: true,
        start: Number.isInteger(start) && start > 0 ? start : 1,
        items: readItems(children),
      };
    }
    case 'taskList':
      return { kind: 'list', ordered: false, start: 1, items: readItems(children) };
    case 'blockquote':
      return { kind: 'quote', blocks: readBlocks(children) };
    case 'codeBlock': {
      const language = element.getAttribute('language');
      return {
        kind: 'code',
        language: safeCodeLanguage(language),
        text: plainText(children),
      };
    }
    case 'horizontalRule':
      return { kind: 'rule' };
    case 'table':
      return {
        kind: 'table',
        rows: children
          .filter((row): row is Y.XmlElement => row instanceof Y.XmlElement && row.nodeName === 'tableRow')
          .map((row) => ({
            cells: row
              .toArray()
              .filter((cell): cell is Y.XmlElement => cell instanceof Y.XmlElement)
              .map((cell) => ({
                header: cell.nodeName === 'tableHeader',
                blocks: readBlocks(cell.toArray()),
              })),
          })),
      };
    default: {
      // An extension we do not know: keep its text, never its markup.
      const text = plainText(children);
      return text ? { kind: 'paragraph', inlines: [{ kind: 'text', text, marks: {} }] } : null;
    }
  }
}

function readItems(nodes: readonly XmlNode[]): ListItem[] {
  return nodes
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
    .map((item) => {
      const checked: unknown = item.getAttribute('checked');
      return {
        checked: item.nodeName === 'taskItem' ? checked === true || checked === 'true' : null,
        blocks: readBlocks(item.toArray()),
      };
    });
}

interface DeltaInsert {
  insert?: unknown;
  attributes?: Record<string, unknown>;
}

function readInlines(nodes: readonly XmlNode[]): Inline[] {
  const inlines: Inline[] = [];
  for (const node of nodes) {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as DeltaInsert[]) {
        if (typeof op.insert !== 'string' || op.insert.length === 0) continue;
        inlines.push({ kind: 'text', text: op.insert, marks: readMarks(op.attributes ?? {}) });
      }
    } else if (node instanceof Y.XmlElement) {
      if (node.nodeName === 'hardBreak') inlines.push({ kind: 'break' });
      else {
        const text = plainText(node.toArray());
        if (text) inlines.push({ kind: 'text', text, marks: {} });
      }
    }
  }
  return inlines;
}

/** Mark attributes are keyed by mark name, or `name--hash` when the same mark overlaps itself. */
function readMarks(attributes: Record<string, unknown>): InlineMarks {
  const marks: InlineMarks = {};
  for (const [key, value] of Object.entries(attributes)) {
    const name = key.replace(/--[A-Za-z0-9+/=_-]+$/, '');
    switch (name) {
      case 'bold':
        marks.bold = true;
        break;
      case 'italic':
        marks.italic = true;
        break;
      case 'strike':
        marks.strike = true;
        break;
      case 'underline':
        marks.underline = true;
        break;
      case 'code':
        marks.code = true;
        break;
      case 'highlight':
        marks.highlight = true;
        break;
      case 'link': {
        const href = (value as { href?: unknown } | null)?.href;
        if (typeof href === 'string' && isSafeLink(href)) marks.link = href;
        break;
      }
      default:
        break;
    }
  }
  return marks;
}

/**
 * A code block's language as every renderer may print it (a Markdown fence's info string, a label):
 * anything else, e.g. a backtick that would unmake a Markdown fence, drops the language.
 */
export function safeCodeLanguage(language: unknown): string | null {
  return typeof language === 'string' && /^[A-Za-z0-9_+-]{1,30}$/.test(language) ? language : null;
}

export function isSafeLink(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:';
  } catch {
    return false;
  }
}

function plainText(nodes: readonly XmlNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as DeltaInsert[]) if (typeof op.insert === 'string') text += op.insert;
    } else if (node instanceof Y.XmlElement) {
      if (node.nodeName === 'hardBreak') text += '\n';
      else text += plainText(node.toArray());
    }
  }
  return text;
}

/** Plain text of inlines (for word counts, PDF fallbacks and tests). */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines.map((inline) => (inline.kind === 'text' ? inline.text : '\n')).join('');
}

/** Every block's text, depth first: used by tests and by the word count. */
export function blocksText(blocks: readonly Block[]): string {
  const parts: string[] = [];
  const walk = (list: readonly Block[]) => {
    for (const block of list) {
      switch (block.kind) {
        case 'heading':
        case 'paragraph':
          parts.push(inlineText(block.inlines));
          break;
        case 'list':
          for (const item of block.items) walk(item.blocks);
          break;
        case 'quote':
          walk(block.blocks);
          break;
        case 'code':
          parts.push(block.text);
          break;
        case 'table':
          for (const row of block.rows) for (const cell of row.cells) walk(cell.blocks);
          break;
        case 'rule':
          break;
      }
    }
  };
  walk(blocks);
  return parts.join('\n');
}
