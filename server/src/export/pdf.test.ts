import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Block, Inline, InlineMarks } from './blocks';
import {
  DEJAVU_DIR,
  STANDARD_FONTS,
  TLWG_DIR,
  fontSegments,
  inlinePieces,
  locateFonts,
  renderPdf,
  tableRowInlines,
  type FontSet,
} from './pdf';
import { testMarking } from './marking.fixture';

const marking = testMarking();

const text = (value: string, marks: InlineMarks = {}): Inline => ({ kind: 'text', text: value, marks });
const paragraph = (...inlines: Inline[]): Block => ({ kind: 'paragraph', inlines });

type Drawn =
  | { op: 'fill'; colour: string; x: number; y: number; width: number; height: number }
  | { op: 'text'; font: string; x: number; text: string };

/**
 * What the first page draws, in order: filled rectangles with their colour, and text objects with
 * their font's BaseFont. Standard fonts only, whose text is single-byte codes.
 */
async function drawn(blocks: Block[]): Promise<{ ops: Drawn[]; pdf: string }> {
  const pdf = await renderPdf(blocks, marking, STANDARD_FONTS);
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: string | null }>();
  const header = /(\d+) 0 obj\s*/g;
  for (let match = header.exec(raw); match; match = header.exec(raw)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endobj', start);
    const streamAt = raw.indexOf('stream', start);
    if (streamAt < 0 || streamAt > end) {
      objects.set(Number(match[1]), { dict: raw.slice(start, end), stream: null });
      continue;
    }
    const dict = raw.slice(start, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const dataStart = streamAt + 6 + (raw[streamAt + 6] === '\r' ? 2 : 1);
    const data = pdf.subarray(dataStart, dataStart + length);
    const stream = (/\/FlateDecode/.test(dict) ? inflateSync(data) : data).toString('latin1');
    objects.set(Number(match[1]), { dict, stream });
    header.lastIndex = dataStart + length;
  }
  const page = [...objects.values()].find((object) => /\/Type \/Page\b(?!s)/.test(object.dict));
  const resources = /\/Resources (\d+) 0 R/.exec(page?.dict ?? '')?.[1];
  const fontBlock = /\/Font <<([\s\S]*?)>>/.exec(objects.get(Number(resources))?.dict ?? '')?.[1] ?? '';
  const fonts = new Map(
    [...fontBlock.matchAll(/\/(\w+) (\d+) 0 R/g)].map((match) => [
      match[1],
      /\/BaseFont \/([\w-]+)/.exec(objects.get(Number(match[2]))?.dict ?? '')?.[1] ?? '?',
    ]),
  );
  const content = objects.get(Number(/\/Contents (\d+) 0 R/.exec(page?.dict ?? '')?.[1]))?.stream ?? '';

  const ops: Drawn[] = [];
  let colour = '';
  let rect: number[] = [];
  let font = '';
  let x = 0;
  let inText: string | null = null;
  for (const line of content.split('\n')) {
    const numbers = line.split(' ').map(Number);
    if (/ (rg|scn)$/.test(line))
      colour = numbers
        .slice(0, 3)
        .map((value) =>
          Math.round(value * 255)
            .toString(16)
            .padStart(2, '0'),
        )
        .join('');
    else if (/ re$/.test(line)) rect = numbers.slice(0, 4);
    else if (line === 'f' || line === 'f*') {
      const [rx = 0, ry = 0, width = 0, height = 0] = rect;
      ops.push({ op: 'fill', colour, x: rx, y: ry, width, height });
    } else if (line === 'BT') inText = '';
    else if (/ Tm$/.test(line)) x = numbers[4] ?? 0;
    else if (/ Tf$/.test(line)) font = fonts.get(line.split(' ')[0]?.slice(1) ?? '') ?? '?';
    else if (/ TJ$/.test(line) && inText !== null)
      inText += [...line.matchAll(/<([0-9a-f]*)>/g)]
        .map((match) => Buffer.from(match[1] ?? '', 'hex').toString('latin1'))
        .join('');
    else if (line === 'ET' && inText !== null) {
      ops.push({ op: 'text', font, x, text: inText });
      inText = null;
    }
  }
  return { ops, pdf: raw };
}

const HIGHLIGHT = 'fff176';

describe('PDF export', () => {
  it('draws a highlight behind highlighted runs, and only behind them', async () => {
    const { ops } = await drawn([
      paragraph(text('plain then '), text('flagged', { highlight: true }), text(' end')),
    ]);
    const fills = ops.filter((op) => op.op === 'fill' && op.colour === HIGHLIGHT);
    expect(fills).toHaveLength(1);
    const at = ops.findIndex((op) => op.op === 'text' && op.text === 'flagged');
    expect(at).toBeGreaterThan(0);
    // Painted first, so the text sits on it, and where the text starts.
    expect(ops[at - 1]).toMatchObject({ op: 'fill', colour: HIGHLIGHT });
    const fill = ops[at - 1] as Extract<Drawn, { op: 'fill' }>;
    expect(fill.x).toBeCloseTo((ops[at] as Extract<Drawn, { op: 'text' }>).x, 3);
    expect(fill.width).toBeGreaterThan(20);
    // The run after it is not highlighted, though pdfkit carries options over between runs.
    expect(ops.slice(at + 1).some((op) => op.op === 'fill' && op.colour === HIGHLIGHT)).toBe(false);
  });

  it('keeps bold, italic, links and task boxes inside table cells', async () => {
    const table: Block = {
      kind: 'table',
      rows: [
        {
          cells: [
            { header: true, blocks: [paragraph(text('Country'))] },
            { header: true, blocks: [paragraph(text('Outcome'))] },
          ],
        },
        {
          cells: [
            { header: false, blocks: [paragraph(text('TH '), text('Bangkok', { italic: true }))] },
            {
              header: false,
              blocks: [
                {
                  kind: 'list',
                  ordered: false,
                  start: 1,
                  items: [
                    { checked: true, blocks: [paragraph(text('Convicted', { bold: true }))] },
                    {
                      checked: false,
                      blocks: [paragraph(text('appeal', { link: 'https://example.org/a' }))],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    if (table.kind !== 'table') throw new Error('unreachable');
    const [head, body] = table.rows;
    expect(
      inlinePieces(tableRowInlines(head!), STANDARD_FONTS).map((piece) => [piece.text, piece.style]),
    ).toEqual([
      ['Country', 'bold'],
      ['  |  ', 'regular'],
      ['Outcome', 'bold'],
    ]);
    expect(
      inlinePieces(tableRowInlines(body!), STANDARD_FONTS).map((piece) => [
        piece.text,
        piece.style,
        piece.link,
      ]),
    ).toEqual([
      ['TH ', 'regular', undefined],
      ['Bangkok', 'italic', undefined],
      ['  |  ', 'regular', undefined],
      ['[x] ', 'regular', undefined],
      ['Convicted', 'bold', undefined],
      ['; ', 'regular', undefined],
      ['[ ] ', 'regular', undefined],
      ['appeal', 'regular', 'https://example.org/a'],
    ]);

    const { ops, pdf } = await drawn([table]);
    const fontOf = (value: string) => ops.find((op) => op.op === 'text' && op.text === value);
    expect(fontOf('Convicted')).toMatchObject({ font: 'Helvetica-Bold' });
    expect(fontOf('Bangkok')).toMatchObject({ font: 'Helvetica-Oblique' });
    expect(fontOf('[x] ')).toBeDefined();
    expect(pdf).toContain('/URI (https://example.org/a)');
  });
});

describe('PDF fonts', () => {
  const dejavu = [
    'DejaVuSans.ttf',
    'DejaVuSans-Bold.ttf',
    'DejaVuSans-Oblique.ttf',
    'DejaVuSans-BoldOblique.ttf',
    'DejaVuSansMono.ttf',
  ];
  const loma = ['Loma.ttf', 'Loma-Bold.ttf', 'Loma-Oblique.ttf', 'Loma-BoldOblique.ttf'];
  const only = (...dirs: [string, string[]][]) => {
    const files = new Set(dirs.flatMap(([dir, names]) => names.map((name) => `${dir}/${name}`)));
    return (file: string) => files.has(file);
  };

  it('looks in the configured folder, then Debian’s, then falls back to the standard fonts', () => {
    const env = { SERANTAU_PDF_FONT_DIR: '/opt/fonts' };
    expect(locateFonts(env, only(['/opt/fonts', dejavu], [DEJAVU_DIR, dejavu])).regular).toBe(
      '/opt/fonts/DejaVuSans.ttf',
    );
    expect(locateFonts(env, only([DEJAVU_DIR, dejavu])).regular).toBe(`${DEJAVU_DIR}/DejaVuSans.ttf`);
    // A folder missing one face does not count.
    expect(locateFonts({}, only([DEJAVU_DIR, dejavu.slice(1)]))).toEqual(STANDARD_FONTS);
    expect(locateFonts(env, () => false)).toEqual(STANDARD_FONTS);
  });

  it('finds the Thai family beside DejaVu, and splits Thai runs into it', () => {
    const fonts = locateFonts({}, only([DEJAVU_DIR, dejavu], [TLWG_DIR, loma]));
    expect(fonts.thai).toMatchObject({ bold: `${TLWG_DIR}/Loma-Bold.ttf`, mono: `${TLWG_DIR}/Loma.ttf` });
    expect(locateFonts({}, only([DEJAVU_DIR, dejavu])).thai).toBeNull();
    expect(fontSegments('Nguyễn สมชาย ใจดี!', 'bold', fonts)).toEqual([
      { text: 'Nguyễn ', font: `${DEJAVU_DIR}/DejaVuSans-Bold.ttf`, thai: false },
      { text: 'สมชาย ใจดี', font: `${TLWG_DIR}/Loma-Bold.ttf`, thai: true },
      { text: '!', font: `${DEJAVU_DIR}/DejaVuSans-Bold.ttf`, thai: false },
    ]);
    const noThai: FontSet = { ...fonts, thai: null };
    expect(fontSegments('Nguyễn', 'regular', noThai)).toEqual([
      { text: 'Nguyễn', font: `${DEJAVU_DIR}/DejaVuSans.ttf`, thai: false },
    ]);
  });
});
