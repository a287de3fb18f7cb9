import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { Block, Inline } from './blocks';
import { exportFooter, type ExportMarking } from './marking';
import { stripUnsafeChars } from './sanitize';

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

/**
 * DOCX export built with the `docx` package (which escapes all XML itself). The sensitivity label
 * sits in every page's header and footer, with the "exported by" line, so a printed page carries it.
 */
export async function renderDocx(blocks: readonly Block[], marking: ExportMarking): Promise<Buffer> {
  const numbering: Numbering = { next: 0, starts: new Set() };
  const label = marking.sensitivity ? stripUnsafeChars(marking.sensitivity) : null;
  const front: Paragraph[] = [];
  if (label) front.push(centred(label, { bold: true, color: 'B3261E' }));
  if (marking.handling)
    front.push(centred(`Handling: ${stripUnsafeChars(marking.handling)}`, { italics: true }));
  front.push(
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(stripUnsafeChars(marking.title))] }),
  );
  if (marking.context)
    front.push(
      new Paragraph({ children: [new TextRun({ text: stripUnsafeChars(marking.context), italics: true })] }),
    );
  if (marking.versionName) {
    front.push(
      new Paragraph({
        children: [new TextRun({ text: `Version: ${stripUnsafeChars(marking.versionName)}`, italics: true })],
      }),
    );
  }
  const body = renderBlocks(blocks, 0, numbering);
  const footerText = stripUnsafeChars(exportFooter(marking));
  const doc = new Document({
    creator: 'Serantau',
    title: stripUnsafeChars(marking.title),
    description: footerText,
    numbering: {
      config: [1, ...numbering.starts].map((start) => ({
        reference: orderedReference(start),
        levels: [0, 1, 2, 3, 4].map((level) => ({
          level,
          format: LevelFormat.DECIMAL,
          text: `%${level + 1}.`,
          // A list's instances all restart at their definition's start: one definition per start.
          start,
          alignment: AlignmentType.START,
          style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
        })),
      })),
    },
    sections: [
      {
        headers: label
          ? { default: new Header({ children: [centred(label, { bold: true, color: 'B3261E' })] }) }
          : {},
        footers: {
          default: new Footer({
            children: [
              ...(label ? [centred(label, { bold: true, color: 'B3261E' })] : []),
              centred(footerText, { size: 16 }),
            ],
          }),
        },
        children: [...front, ...body],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function centred(
  text: string,
  style: { bold?: boolean; italics?: boolean; color?: string; size?: number },
): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, ...style })] });
}

type Element = Paragraph | Table;

/** List instances handed out so far, and the start numbers other than 1 the body's lists use. */
interface Numbering {
  next: number;
  starts: Set<number>;
}

function orderedReference(start: number): string {
  return start === 1 ? 'ordered' : `ordered-from-${start}`;
}

function renderBlocks(blocks: readonly Block[], depth: number, numbering: Numbering): Element[] {
  return blocks.flatMap((block) => renderBlock(block, depth, numbering));
}

function renderBlock(block: Block, depth: number, numbering: Numbering): Element[] {
  switch (block.kind) {
    case 'heading':
      return [
        new Paragraph({
          heading: HEADINGS[Math.min(5, block.level - 1)] ?? HeadingLevel.HEADING_2,
          children: runs(block.inlines),
        }),
      ];
    case 'paragraph':
      return [new Paragraph({ children: runs(block.inlines) })];
    case 'list': {
      const instance = (numbering.next += 1);
      if (block.ordered && block.start !== 1) numbering.starts.add(block.start);
      return block.items.flatMap((item) => {
        const [first, ...rest] = item.blocks;
        const box = item.checked === null ? [] : [new TextRun(item.checked ? '\u2611 ' : '\u2610 ')];
        const firstInlines =
          first && (first.kind === 'paragraph' || first.kind === 'heading') ? first.inlines : [];
        const lead = new Paragraph({
          children: [...box, ...runs(firstInlines)],
          ...(block.ordered
            ? { numbering: { reference: orderedReference(block.start), level: Math.min(depth, 4), instance } }
            : { bullet: { level: Math.min(depth, 8) } }),
        });
        const remaining =
          first && firstInlines.length === 0 && first.kind !== 'paragraph' ? [first, ...rest] : rest;
        return [lead, ...renderBlocks(remaining, depth + 1, numbering)];
      });
    }
    case 'quote':
      return block.blocks.flatMap((inner) =>
        inner.kind === 'paragraph' || inner.kind === 'heading'
          ? [
              new Paragraph({
                indent: { left: 720 },
                border: { left: { style: BorderStyle.SINGLE, size: 12, color: '999999', space: 8 } },
                children: runs(inner.inlines, { italics: true }),
              }),
            ]
          : renderBlock(inner, depth, numbering),
      );
    case 'code':
      return stripUnsafeChars(block.text)
        .split('\n')
        .map(
          (line) =>
            new Paragraph({
              shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' },
              children: [new TextRun({ text: line, font: 'Courier New', size: 18 })],
            }),
        );
    case 'rule':
      return [
        new Paragraph({
          border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } },
          children: [],
        }),
      ];
    case 'table': {
      const width = Math.max(1, ...block.rows.map((row) => row.cells.length));
      if (block.rows.length === 0) return [];
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: block.rows.map(
            (row) =>
              new TableRow({
                tableHeader: row.cells.every((cell) => cell.header),
                children: Array.from({ length: width }, (_, index) => {
                  const cell = row.cells[index];
                  const content = cell ? renderBlocks(cell.blocks, 0, numbering) : [];
                  return new TableCell({
                    children: content.length > 0 ? content : [new Paragraph('')],
                    ...(cell?.header
                      ? { shading: { type: ShadingType.CLEAR, fill: 'EEEEEE', color: 'auto' } }
                      : {}),
                  });
                }),
              }),
          ),
        }),
      ];
    }
  }
}

function runs(inlines: readonly Inline[], extra: { italics?: boolean } = {}): ParagraphChild[] {
  return inlines.map((inline) => {
    if (inline.kind === 'break') return new TextRun({ text: '', break: 1 });
    const run = new TextRun({
      text: stripUnsafeChars(inline.text),
      bold: inline.marks.bold,
      italics: inline.marks.italic || extra.italics,
      strike: inline.marks.strike,
      ...(inline.marks.underline || inline.marks.link ? { underline: {} } : {}),
      ...(inline.marks.highlight ? { highlight: 'yellow' as const } : {}),
      ...(inline.marks.code ? { font: 'Courier New' } : {}),
      ...(inline.marks.link ? { color: '1F4E9C' } : {}),
    });
    return inline.marks.link ? new ExternalHyperlink({ link: inline.marks.link, children: [run] }) : run;
  });
}
