import { safeCodeLanguage, type Block, type Inline, type InlineMarks } from './blocks';
import { exportFooter, type ExportMarking } from './marking';

/**
 * Markdown export. Every piece of user text is escaped so it can only ever be text: no raw HTML,
 * no accidental emphasis, headings or links; links keep only http/https/mailto targets.
 */
export function renderMarkdown(blocks: readonly Block[], marking: ExportMarking): string {
  const lines: string[] = [];
  if (marking.sensitivity) lines.push(`**${escapeText(marking.sensitivity)}**`, '');
  if (marking.handling) lines.push(`> Handling: ${escapeText(marking.handling)}`, '');
  lines.push(`# ${escapeText(marking.title)}`, '');
  if (marking.context) lines.push(`*${escapeText(marking.context)}*`, '');
  if (marking.versionName) lines.push(`*Version: ${escapeText(marking.versionName)}*`, '');
  lines.push(...renderBlocks(blocks, ''));
  lines.push('', '---', '');
  const footer = escapeText(exportFooter(marking));
  lines.push(marking.sensitivity ? `${escapeText(marking.sensitivity)} · ${footer}` : footer, '');
  return lines.join('\n');
}

function renderBlocks(blocks: readonly Block[], indent: string): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    out.push(...renderBlock(block, indent), '');
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function renderBlock(block: Block, indent: string): string[] {
  switch (block.kind) {
    case 'heading':
      return [`${indent}${'#'.repeat(Math.min(6, block.level + 1))} ${renderInlines(block.inlines)}`];
    case 'paragraph':
      return renderInlines(block.inlines)
        .split('\n')
        .map((line) => `${indent}${line}`);
    case 'list': {
      const out: string[] = [];
      block.items.forEach((item, index) => {
        const bullet = block.ordered ? `${block.start + index}.` : '-';
        const box = item.checked === null ? '' : item.checked ? '[x] ' : '[ ] ';
        const inner = renderBlocks(item.blocks, '');
        const pad = ' '.repeat(bullet.length + 1);
        inner.forEach((line, lineIndex) => {
          out.push(
            lineIndex === 0 ? `${indent}${bullet} ${box}${line}` : line ? `${indent}${pad}${line}` : '',
          );
        });
        if (inner.length === 0) out.push(`${indent}${bullet} ${box}`.trimEnd());
      });
      return out;
    }
    case 'quote':
      return renderBlocks(block.blocks, '').map((line) => `${indent}> ${line}`.trimEnd());
    case 'code': {
      // A lone CR is a line ending too: left in, it would start a line without the indent or "> "
      // that keeps it inside the fence's list item or quote.
      const text = block.text.replace(/\r\n?/g, '\n');
      // A fence longer than any backtick run inside keeps the code from closing it.
      const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
      const fence = '`'.repeat(longest + 1);
      // Checked here, whatever built the block: a backtick in the info string unmakes the fence and
      // turns the code into live Markdown.
      const language = safeCodeLanguage(block.language) ?? '';
      return [
        `${indent}${fence}${language}`,
        ...text.split('\n').map((line) => `${indent}${line}`),
        `${indent}${fence}`,
      ];
    }
    case 'rule':
      return [`${indent}---`];
    case 'table': {
      const rows = block.rows.map((row) =>
        row.cells.map((cell) =>
          renderBlocks(cell.blocks, '').filter(Boolean).join(' <br> ').replace(/\|/g, '\\|'),
        ),
      );
      const width = Math.max(1, ...rows.map((row) => row.length));
      const line = (cells: string[]) =>
        `${indent}| ${Array.from({ length: width }, (_, index) => cells[index] ?? '').join(' | ')} |`;
      const [head, ...body] = rows.length > 0 ? rows : [[]];
      return [line(head ?? []), `${indent}|${' --- |'.repeat(width)}`, ...body.map(line)];
    }
  }
}

function renderInlines(inlines: readonly Inline[]): string {
  return inlines
    .map((inline) => (inline.kind === 'break' ? '  \n' : wrapMarks(inline.text, inline.marks)))
    .join('');
}

function wrapMarks(text: string, marks: InlineMarks): string {
  if (marks.code) {
    // A code span reads line endings as spaces anyway; a real one could let the next line start a
    // block (an HTML block interrupts a paragraph) in the middle of the span.
    const code = text.replace(/\r\n?|\n/g, ' ');
    const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((match) => match[0].length));
    const ticks = '`'.repeat(longest + 1);
    let out = `${ticks}${longest > 0 ? ' ' : ''}${code}${longest > 0 ? ' ' : ''}${ticks}`;
    if (marks.link) out = `[${out}](${escapeUrl(marks.link)})`;
    return out;
  }
  // Emphasis markers cannot wrap leading/trailing spaces in Markdown: keep them outside.
  const leading = /^\s*/.exec(text)?.[0] ?? '';
  const trailing = /\s*$/.exec(text.slice(leading.length))?.[0] ?? '';
  const core = text.slice(leading.length, text.length - trailing.length);
  if (!core) return escapeText(text);
  let out = escapeText(core);
  if (marks.highlight) out = `==${out}==`;
  if (marks.strike) out = `~~${out}~~`;
  if (marks.italic) out = `*${out}*`;
  if (marks.bold) out = `**${out}**`;
  if (marks.link) out = `[${out}](${escapeUrl(marks.link)})`;
  return `${leading}${out}${trailing}`;
}

/**
 * Backslash-escapes what Markdown (CommonMark + GFM) could read as syntax: inline markers, # and >
 * anywhere, the other block markers (-, +, "1.") at the start of a line.
 */
export function escapeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\\`*_[\]<>|~=&#]/g, (char) => `\\${char}`)
    .replace(
      /^(\s*)(\d+)([.)])/gm,
      (_match, space: string, digits: string, mark: string) => `${space}${digits}\\${mark}`,
    )
    .replace(/^(\s*)([+-])/gm, (_match, space: string, mark: string) => `${space}\\${mark}`);
}

/** URLs go inside <…> so spaces and parentheses cannot end them early. */
function escapeUrl(url: string): string {
  return `<${url.replace(/[<>\s\\]/g, (char) => encodeURIComponent(char))}>`;
}
