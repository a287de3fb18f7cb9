import { existsSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { Block, Inline, TableRow } from './blocks';
import { exportFooter, type ExportMarking } from './marking';
import { stripUnsafeChars } from './sanitize';

/** Which face of a family a run of text needs. */
export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic' | 'mono';

export type FontFamily = Record<FontStyle, string>;

export interface FontSet extends FontFamily {
  /** Standard PDF fonts only cover Latin-1: other characters are replaced rather than garbled. */
  latin1Only: boolean;
  /** DejaVu has no Thai: Thai runs are drawn in this family when the system has one. */
  thai: FontFamily | null;
}

/** Where Debian's fonts-dejavu-core and fonts-tlwg-loma-ttf put their files. */
export const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';
export const TLWG_DIR = '/usr/share/fonts/truetype/tlwg';

const DEJAVU_FILES: FontFamily = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
  mono: 'DejaVuSansMono.ttf',
};

const TLWG_FILES: FontFamily = {
  regular: 'Loma.ttf',
  bold: 'Loma-Bold.ttf',
  italic: 'Loma-Oblique.ttf',
  boldItalic: 'Loma-BoldOblique.ttf',
  // TlwgMono's vowel and tone marks land beside their consonant under pdfkit's layout: Thai in
  // code is proportional instead.
  mono: 'Loma.ttf',
};

export const STANDARD_FONTS: FontSet = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
  boldItalic: 'Helvetica-BoldOblique',
  mono: 'Courier',
  latin1Only: true,
  thai: null,
};

/**
 * Where a family is looked for: the configured folder first, then the distribution's. The
 * distribution's folder still counts when a configured one lacks the files, so a stale setting
 * cannot cost the Unicode fonts the image has.
 */
export function fontSearchPath(configured: string | undefined, fallback: string): string[] {
  return configured && configured !== fallback ? [configured, fallback] : [fallback];
}

function findFamily(
  dirs: readonly string[],
  files: FontFamily,
  exists: (file: string) => boolean,
): FontFamily | null {
  for (const dir of dirs) {
    const family = Object.fromEntries(
      Object.entries(files).map(([style, name]) => [style, path.join(dir, name)]),
    ) as FontFamily;
    if (Object.values(family).every((file) => exists(file))) return family;
  }
  return null;
}

/**
 * A Unicode TrueType family when the system has one (DejaVu covers Latin incl. Vietnamese,
 * Greek, Cyrillic), else the PDF standard fonts. `SERANTAU_PDF_FONT_DIR` points at another
 * DejaVu-named family, e.g. a deployment's own fonts; `SERANTAU_PDF_THAI_FONT_DIR` likewise for
 * the TLWG-named Thai family.
 */
export function locateFonts(
  env: NodeJS.ProcessEnv = process.env,
  exists: (file: string) => boolean = existsSync,
): FontSet {
  const unicode = findFamily(fontSearchPath(env.SERANTAU_PDF_FONT_DIR, DEJAVU_DIR), DEJAVU_FILES, exists);
  if (!unicode) return STANDARD_FONTS;
  const thai = findFamily(fontSearchPath(env.SERANTAU_PDF_THAI_FONT_DIR, TLWG_DIR), TLWG_FILES, exists);
  return { ...unicode, latin1Only: false, thai };
}

const warned = new Set<string>();

/**
 * Once per process: a missing font degrades every PDF the same way, and an operator needs to hear
 * it once rather than per export. The export code has no logger of its own, so this goes through
 * Node's warning channel (stderr).
 */
function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  process.emitWarning(message, { code: 'SERANTAU_PDF_FONTS' });
}

/** The fonts this machine has, warning (once) when PDFs will lose characters for want of them. */
export function pickFonts(): FontSet {
  const fonts = locateFonts();
  if (fonts.latin1Only) {
    const dirs = fontSearchPath(process.env.SERANTAU_PDF_FONT_DIR, DEJAVU_DIR).join(', ');
    warnOnce(
      'latin1',
      `PDF export: no DejaVu fonts in ${dirs}; using the standard PDF fonts, which print characters ` +
        'outside Latin-1 (Vietnamese, Thai, curly quotes…) as "?". Install fonts-dejavu-core or set SERANTAU_PDF_FONT_DIR.',
    );
  }
  return fonts;
}

const THAI_RUN = /[\u0e00-\u0e7f]+(?:\s+[\u0e00-\u0e7f]+)*/g;

/** Splits text into runs of one font each: Thai in the Thai family, everything else in the main one. */
export function fontSegments(
  text: string,
  style: FontStyle,
  fonts: FontSet,
): { text: string; font: string; thai: boolean }[] {
  const thai = fonts.thai;
  if (!thai) {
    if (!fonts.latin1Only && /[\u0e00-\u0e7f]/.test(text)) {
      const dirs = fontSearchPath(process.env.SERANTAU_PDF_THAI_FONT_DIR, TLWG_DIR).join(', ');
      warnOnce(
        'thai',
        `PDF export: no Thai fonts in ${dirs}; Thai text prints as empty boxes. Install fonts-tlwg-loma-ttf or set SERANTAU_PDF_THAI_FONT_DIR.`,
      );
    }
    return [{ text, font: fonts[style], thai: false }];
  }
  const segments: { text: string; font: string; thai: boolean }[] = [];
  let at = 0;
  for (const match of text.matchAll(THAI_RUN)) {
    if (match.index > at)
      segments.push({ text: text.slice(at, match.index), font: fonts[style], thai: false });
    segments.push({ text: match[0], font: thai[style], thai: true });
    at = match.index + match[0].length;
  }
  if (at < text.length || segments.length === 0)
    segments.push({ text: text.slice(at), font: fonts[style], thai: false });
  return segments;
}

/** What the PDF draws for one stretch of inline text, decided before any drawing. */
export interface TextPiece {
  text: string;
  style: FontStyle;
  link?: string;
  underline: boolean;
  strike: boolean;
  highlight: boolean;
}

/** Replaces what the fonts cannot draw and what a PDF cannot carry. */
export function cleanText(text: string, fonts: FontSet): string {
  const safe = stripUnsafeChars(text);
  // eslint-disable-next-line no-control-regex -- keeping only what Latin-1 fonts can draw
  return fonts.latin1Only ? safe.replace(/[^\u0009\u000a\u0020-\u007e\u00a0-\u00ff]/g, '?') : safe;
}

export function inlinePieces(
  inlines: readonly Inline[],
  fonts: FontSet,
  options: { boldAll?: boolean; italicAll?: boolean; prefix?: string } = {},
): TextPiece[] {
  const plain = (text: string): TextPiece => ({
    text,
    style: 'regular',
    underline: false,
    strike: false,
    highlight: false,
  });
  const pieces: TextPiece[] = [];
  if (options.prefix) pieces.push(plain(options.prefix));
  for (const inline of inlines) {
    if (inline.kind === 'break') {
      pieces.push(plain('\n'));
      continue;
    }
    const bold = options.boldAll || inline.marks.bold;
    const italic = options.italicAll || inline.marks.italic;
    const style: FontStyle = inline.marks.code
      ? 'mono'
      : bold && italic
        ? 'boldItalic'
        : bold
          ? 'bold'
          : italic
            ? 'italic'
            : 'regular';
    pieces.push({
      text: cleanText(inline.text, fonts),
      style,
      ...(inline.marks.link ? { link: inline.marks.link } : {}),
      underline: Boolean(inline.marks.underline || inline.marks.link),
      strike: Boolean(inline.marks.strike),
      highlight: Boolean(inline.marks.highlight),
    });
  }
  if (pieces.length === 0) pieces.push(plain(' '));
  return pieces;
}

/**
 * A table row as one line of inline text, cells apart by " | ": cell content keeps its marks
 * (bold, italic, links, code), task items their boxes, header cells are bold.
 */
export function tableRowInlines(row: TableRow): Inline[] {
  const out: Inline[] = [];
  row.cells.forEach((cell, index) => {
    if (index > 0) out.push(plainInline('  |  '));
    const inlines = cellInlines(cell.blocks);
    out.push(
      ...(cell.header
        ? inlines.map((inline) =>
            inline.kind === 'text' ? { ...inline, marks: { ...inline.marks, bold: true } } : inline,
          )
        : inlines),
    );
  });
  return out;
}

/** A task box, a number or the given bullet: the same in table cells and in the body. */
function listMarker(list: Extract<Block, { kind: 'list' }>, index: number, bullet: string): string {
  const checked = list.items[index]?.checked ?? null;
  if (checked !== null) return checked ? '[x] ' : '[ ] ';
  return list.ordered ? `${list.start + index}. ` : bullet;
}

function plainInline(text: string): Inline {
  return { kind: 'text', text, marks: {} };
}

/** A cell's blocks flattened to inlines, for a row drawn on one line. */
export function cellInlines(blocks: readonly Block[]): Inline[] {
  const parts: Inline[][] = blocks.map((block): Inline[] => {
    switch (block.kind) {
      case 'heading':
      case 'paragraph':
        return block.inlines.map((inline) => (inline.kind === 'break' ? plainInline(' ') : inline));
      case 'code':
        return [{ kind: 'text', text: block.text.replace(/\r\n?|\n/g, ' '), marks: { code: true } }];
      case 'list':
        return block.items.flatMap((item, index) => {
          const marker = listMarker(block, index, '');
          return [
            ...(index > 0 ? [plainInline('; ')] : []),
            ...(marker ? [plainInline(marker)] : []),
            ...cellInlines(item.blocks),
          ];
        });
      case 'quote':
        return cellInlines(block.blocks);
      case 'table':
        return block.rows.flatMap((row, rowIndex) => [
          ...(rowIndex > 0 ? [plainInline('; ')] : []),
          ...row.cells.flatMap((cell, cellIndex) => [
            ...(cellIndex > 0 ? [plainInline(', ')] : []),
            ...cellInlines(cell.blocks),
          ]),
        ]);
      case 'rule':
        return [];
    }
  });
  return parts
    .filter((part) => part.length > 0)
    .flatMap((part, index) => (index > 0 ? [plainInline(' '), ...part] : part));
}

const HIGHLIGHT_COLOUR = '#fff176';

type Fragment = (
  this: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  options: FragmentOptions,
) => unknown;

interface FragmentOptions extends PDFKit.Mixins.TextOptions {
  highlight?: boolean;
  textColour?: string;
}

/**
 * pdfkit lays text out into lines but draws no background: only its per-fragment drawing step
 * knows where a highlighted run landed, so that step is wrapped to paint the highlight first. A
 * pdfkit without the step still prints the text, without highlights (and pdf.test.ts fails).
 * Left-aligned text only: pdfkit shifts other alignments inside the step.
 */
function drawHighlights(doc: PDFKit.PDFDocument): void {
  const target = doc as unknown as { _fragment?: Fragment };
  const original = target._fragment;
  if (typeof original !== 'function') return;
  target._fragment = function (this: PDFKit.PDFDocument, text, x, y, options) {
    const shown = String(text).replace(/\n/g, '');
    if (options.highlight && shown) {
      this.rect(x, y, this.widthOfString(shown, options), this.currentLineHeight()).fill(HIGHLIGHT_COLOUR);
      // pdfkit draws underlines in its remembered fill colour: set it back to the text's.
      this.fillColor(options.textColour ?? 'black');
    }
    return original.call(this, text, x, y, options);
  };
}

/** The main family's ascender, so Thai runs (taller TLWG metrics) share the line's baseline. */
function ascenderOf(doc: PDFKit.PDFDocument, font: string): number | null {
  doc.font(font);
  const ascender = (doc as unknown as { _font?: { ascender?: unknown } })._font?.ascender;
  return typeof ascender === 'number' ? ascender : null;
}

const LABEL_COLOUR = '#b3261e';

/**
 * PDF export: the sensitivity label at the top and bottom of every page, the export line in the
 * footer. `fonts` is for tests, which must not depend on the fonts a machine happens to have.
 */
export function renderPdf(
  blocks: readonly Block[],
  marking: ExportMarking,
  fonts: FontSet = pickFonts(),
): Promise<Buffer> {
  const clean = (text: string) => cleanText(text, fonts);
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
  drawHighlights(doc);
  const ascender = fonts.thai ? ascenderOf(doc, fonts.regular) : null;

  const width = () => doc.page.width - doc.page.margins.left - doc.page.margins.right;

  // pdfkit reads an undefined x as "no position, options in its place" and drops the options.
  const draw = (
    text: string,
    x: number | undefined,
    y: number | undefined,
    options: PDFKit.Mixins.TextOptions,
  ) => {
    if (x === undefined && y === undefined) doc.text(text, options);
    else doc.text(text, x, y, options);
  };

  /** Thai runs sit on the main font's baseline; others keep pdfkit's default ('top'). */
  const baselineOf = (segment: { thai: boolean }, size: number): Pick<FragmentOptions, 'baseline'> =>
    ascender === null ? {} : { baseline: segment.thai ? -(ascender / 1000) * size : 'top' };

  /**
   * Text in one style, split by font where it mixes scripts. pdfkit centres each continued
   * fragment on its own, so a centred mixed line that fits is placed by hand.
   */
  const writeText = (
    text: string,
    style: FontStyle,
    size: number,
    x: number | undefined,
    y: number | undefined,
    options: PDFKit.Mixins.TextOptions = {},
  ) => {
    doc.fontSize(size);
    const segments = fontSegments(text, style, fonts);
    const [only] = segments;
    if (segments.length === 1 && only) {
      doc.font(only.font);
      draw(only.text, x, y, options);
      return;
    }
    const left = x ?? doc.x;
    const room = options.width ?? doc.page.width - left - doc.page.margins.right;
    const widths = segments.map((segment) => doc.font(segment.font).widthOfString(segment.text));
    const total = widths.reduce((sum, value) => sum + value, 0);
    if (options.align === 'center' && total <= room) {
      const top = y ?? doc.y;
      let at = left + (room - total) / 2;
      let height = 0;
      segments.forEach((segment, index) => {
        doc.font(segment.font);
        height = Math.max(height, doc.currentLineHeight(true));
        doc.text(segment.text, at, top, {
          ...options,
          ...baselineOf(segment, size),
          align: 'left',
          lineBreak: false,
        });
        at += widths[index] ?? 0;
      });
      doc.x = left;
      doc.y = top + height;
      return;
    }
    segments.forEach((segment, index) => {
      const options_: PDFKit.Mixins.TextOptions = {
        ...options,
        ...baselineOf(segment, size),
        ...(options.align === 'center' ? { align: 'left' } : {}),
        continued: index < segments.length - 1,
      };
      doc.font(segment.font);
      if (index === 0) draw(segment.text, x, y, options_);
      else doc.text(segment.text, options_);
    });
  };

  if (marking.handling) {
    doc.fillColor('#333333');
    writeText(`Handling: ${clean(marking.handling)}`, 'italic', 9, undefined, undefined, { align: 'center' });
    doc.moveDown(0.5);
  }
  doc.fillColor('black');
  writeText(clean(marking.title), 'bold', 20, undefined, undefined);
  if (marking.context) {
    writeText(clean(marking.context), 'italic', 10, undefined, undefined);
  }
  if (marking.versionName) {
    writeText(`Version: ${clean(marking.versionName)}`, 'italic', 10, undefined, undefined);
  }
  doc.moveDown();

  const writeInlines = (
    inlines: readonly Inline[],
    options: { size: number; indent: number; boldAll?: boolean; italicAll?: boolean; prefix?: string },
  ) => {
    const segments = inlinePieces(inlines, fonts, options).flatMap((piece) =>
      fontSegments(piece.text, piece.style, fonts).map((segment) => ({ ...piece, ...segment })),
    );
    doc.fontSize(options.size);
    segments.forEach((segment, index) => {
      const colour = segment.link ? '#1f4e9c' : 'black';
      doc.font(segment.font).fillColor(colour);
      const textOptions: FragmentOptions = {
        width: width() - options.indent,
        continued: index < segments.length - 1,
        underline: segment.underline,
        strike: segment.strike,
        link: segment.link ?? null,
        // Given on every segment: pdfkit carries options over from the previous continued one.
        highlight: segment.highlight,
        textColour: colour,
        ...baselineOf(segment, options.size),
      };
      doc.text(segment.text, doc.page.margins.left + options.indent, undefined, textOptions);
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
            const marker = listMarker(block, index, '\u2022 ');
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
          doc.fillColor('#222222');
          writeText(clean(block.text), 'mono', 9, doc.page.margins.left + indent + 8, undefined, {
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
          for (const row of block.rows) writeInlines(tableRowInlines(row), { size: 10, indent });
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
      doc.fillColor(LABEL_COLOUR);
      writeText(label, 'bold', 10, doc.page.margins.left, 30, { width: width(), align: 'center' });
      writeText(label, 'bold', 10, doc.page.margins.left, doc.page.height - 50, {
        width: width(),
        align: 'center',
      });
    }
    doc.fillColor('#333333');
    writeText(
      `${footer}  ·  ${index + 1}/${range.count}`,
      'regular',
      8,
      doc.page.margins.left,
      doc.page.height - 36,
      {
        width: width(),
        align: 'center',
      },
    );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
