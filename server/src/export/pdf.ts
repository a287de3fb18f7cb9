import { existsSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { Block, Inline } from './blocks';
import { exportFooter, type ExportMarking } from './marking';
import { stripUnsafeChars } from './sanitize';

interface FontSet {
  regular: string;
  bold: string;
  italic: string;
  boldItalic: string;
  mono: string;
  /** Standard PDF fonts only cover Latin-1: other characters are replaced rather than garbled. */
  latin1Only: boolean;
}

/**
 * A Unicode TrueType family when the system has one (DejaVu covers Latin incl. Vietnamese,
 * Greek, Cyrillic), else the PDF standard fonts. `SERANTAU_PDF_FONT_DIR` points at another
 * DejaVu-named family, e.g. a deployment's own fonts.
 */
function pickFonts(): FontSet {
  const dir = process.env.SERANTAU_PDF_FONT_DIR ?? '/usr/share/fonts/truetype/dejavu';
  const file = (name: string) => path.join(dir, name);
  const wanted = {
    regular: file('DejaVuSans.ttf'),
    bold: file('DejaVuSans-Bold.ttf'),
    italic: file('DejaVuSans-Oblique.ttf'),
    boldItalic: file('DejaVuSans-BoldOblique.ttf'),
    mono: file('DejaVuSansMono.ttf'),
  };
  if (Object.values(wanted).every((candidate) => existsSync(candidate)))
    return { ...wanted, latin1Only: false };
  return {
    regular: 'Helvetica',
    bold: 'Helvetica-Bold',
    italic: 'Helvetica-Oblique',
    boldItalic: 'Helvetica-BoldOblique',
    mono: 'Courier',
    latin1Only: true,
  };
}

const LABEL_COLOUR = '#b3261e';

/** PDF export: the sensitivity label at the top and bottom of every page, the export line in the footer. */
export function renderPdf(blocks: readonly Block[], marking: ExportMarking): Promise<Buffer> {
  const fonts = pickFonts();
  const clean = (text: string) => {
    const safe = stripUnsafeChars(text);
    // eslint-disable-next-line no-control-regex -- keeping only what Latin-1 fonts can draw
    return fonts.latin1Only ? safe.replace(/[^\u0009\u000a\u0020-\u007e\u00a0-\u00ff]/g, '?') : safe;
  };
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 64, right: 64 },
    bufferPages: true,
    info: { Title: clean(marking.title), Creator: 'Serantau', Subject: clean(exportFooter(marking)) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = () => doc.page.width - doc.page.margins.left - doc.page.margins.right;

  if (marking.handling) {
    doc
      .font(fonts.italic)
      .fontSize(9)
      .fillColor('#333333')
      .text(`Handling: ${clean(marking.handling)}`, { align: 'center' });
    doc.moveDown(0.5);
  }
  doc.font(fonts.bold).fontSize(20).fillColor('black').text(clean(marking.title));
  if (marking.context) doc.font(fonts.italic).fontSize(10).text(clean(marking.context));
  if (marking.versionName)
    doc
      .font(fonts.italic)
      .fontSize(10)
      .text(`Version: ${clean(marking.versionName)}`);
  doc.moveDown();

  const writeInlines = (
    inlines: readonly Inline[],
    options: { size: number; indent: number; boldAll?: boolean; italicAll?: boolean; prefix?: string },
  ) => {
    const pieces: {
      text: string;
      font: string;
      link?: string;
      underline?: boolean;
      strike?: boolean;
      highlight?: boolean;
    }[] = [];
    if (options.prefix) pieces.push({ text: options.prefix, font: fonts.regular });
    for (const inline of inlines) {
      if (inline.kind === 'break') {
        pieces.push({ text: '\n', font: fonts.regular });
        continue;
      }
      const bold = options.boldAll || inline.marks.bold;
      const italic = options.italicAll || inline.marks.italic;
      const font = inline.marks.code
        ? fonts.mono
        : bold && italic
          ? fonts.boldItalic
          : bold
            ? fonts.bold
            : italic
              ? fonts.italic
              : fonts.regular;
      pieces.push({
        text: clean(inline.text),
        font,
        ...(inline.marks.link ? { link: inline.marks.link } : {}),
        underline: Boolean(inline.marks.underline || inline.marks.link),
        strike: Boolean(inline.marks.strike),
        highlight: Boolean(inline.marks.highlight),
      });
    }
    if (pieces.length === 0) pieces.push({ text: ' ', font: fonts.regular });
    doc.fontSize(options.size);
    pieces.forEach((piece, index) => {
      doc.font(piece.font).fillColor(piece.link ? '#1f4e9c' : 'black');
      doc.text(piece.text, doc.page.margins.left + options.indent, undefined, {
        width: width() - options.indent,
        continued: index < pieces.length - 1,
        underline: piece.underline,
        strike: piece.strike,
        link: piece.link ?? null,
      });
    });
    doc.fillColor('black');
  };

  const writeBlocks = (list: readonly Block[], indent: number) => {
    for (const block of list) {
      switch (block.kind) {
        case 'heading':
          doc.moveDown(0.4);
          writeInlines(block.inlines, { size: Math.max(11, 18 - block.level * 2), indent, boldAll: true });
          doc.moveDown(0.2);
          break;
        case 'paragraph':
          writeInlines(block.inlines, { size: 11, indent });
          doc.moveDown(0.4);
          break;
        case 'list':
          block.items.forEach((item, index) => {
            const marker =
              item.checked !== null
                ? item.checked
                  ? '[x] '
                  : '[ ] '
                : block.ordered
                  ? `${block.start + index}. `
                  : '\u2022 ';
            const [first, ...rest] = item.blocks;
            if (first && (first.kind === 'paragraph' || first.kind === 'heading')) {
              writeInlines(first.inlines, {
                size: 11,
                indent,
                prefix: fonts.latin1Only && marker === '\u2022 ' ? '- ' : marker,
              });
              writeBlocks(rest, indent + 18);
            } else {
              writeInlines([], { size: 11, indent, prefix: marker });
              writeBlocks(item.blocks, indent + 18);
            }
          });
          doc.moveDown(0.4);
          break;
        case 'quote':
          writeBlocks(
            block.blocks.map((inner) => inner),
            indent + 18,
          );
          break;
        case 'code':
          doc.font(fonts.mono).fontSize(9).fillColor('#222222');
          doc.text(clean(block.text), doc.page.margins.left + indent + 8, undefined, {
            width: width() - indent - 8,
          });
          doc.fillColor('black').moveDown(0.4);
          break;
        case 'rule': {
          const y = doc.y + 4;
          doc
            .moveTo(doc.page.margins.left, y)
            .lineTo(doc.page.width - doc.page.margins.right, y)
            .strokeColor('#999999')
            .stroke();
          doc.moveDown();
          break;
        }
        case 'table':
          for (const row of block.rows) {
            const cells = row.cells.map((cell) => cell.blocks);
            const header = row.cells.every((cell) => cell.header);
            const text = cells.map((cellBlocks) => plain(cellBlocks)).join('  |  ');
            doc
              .font(header ? fonts.bold : fonts.regular)
              .fontSize(10)
              .text(clean(text), doc.page.margins.left + indent, undefined, { width: width() - indent });
          }
          doc.moveDown(0.4);
          break;
      }
    }
  };

  writeBlocks(blocks, 0);

  // Every page gets the label on top and bottom and the export line: written after the content.
  const footer = clean(exportFooter(marking));
  const label = marking.sensitivity ? clean(marking.sensitivity) : null;
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (label) {
      doc.font(fonts.bold).fontSize(10).fillColor(LABEL_COLOUR);
      doc.text(label, doc.page.margins.left, 30, { width: width(), align: 'center' });
      doc.text(label, doc.page.margins.left, doc.page.height - 50, { width: width(), align: 'center' });
    }
    doc.font(fonts.regular).fontSize(8).fillColor('#333333');
    doc.text(`${footer}  ·  ${index + 1}/${range.count}`, doc.page.margins.left, doc.page.height - 36, {
      width: width(),
      align: 'center',
    });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function plain(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
        case 'paragraph':
          return block.inlines.map((inline) => (inline.kind === 'text' ? inline.text : ' ')).join('');
        case 'code':
          return block.text;
        case 'list':
          return block.items.map((item) => plain(item.blocks)).join('; ');
        case 'quote':
          return plain(block.blocks);
        case 'table':
          return block.rows.map((row) => row.cells.map((cell) => plain(cell.blocks)).join(', ')).join('; ');
        case 'rule':
          return '';
      }
    })
    .join(' ');
}
