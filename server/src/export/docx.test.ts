import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Block, ListItem } from './blocks';
import { renderDocx } from './docx';
import { testMarking } from './marking.fixture';

const marking = testMarking({ title: 'Charges' });

/** The entries of a zip archive (stored or deflated), read through its central directory. */
function unzip(archive: Buffer): Map<string, string> {
  let end = archive.length - 22;
  while (end >= 0 && archive.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('not a zip archive');
  const files = new Map<string, string>();
  let entry = archive.readUInt32LE(end + 16);
  for (let index = archive.readUInt16LE(end + 10); index > 0; index -= 1) {
    const method = archive.readUInt16LE(entry + 10);
    const size = archive.readUInt32LE(entry + 20);
    const nameLength = archive.readUInt16LE(entry + 28);
    const local = archive.readUInt32LE(entry + 42);
    const name = archive.toString('utf8', entry + 46, entry + 46 + nameLength);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const raw = archive.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString('utf8'));
    entry += 46 + nameLength + archive.readUInt16LE(entry + 30) + archive.readUInt16LE(entry + 32);
  }
  return files;
}

const item = (text: string): ListItem => ({
  checked: null,
  blocks: [{ kind: 'paragraph', inlines: [{ kind: 'text', text, marks: {} }] }],
});

/** The start value Word shows for the list a paragraph is in, following w:numId to its definition. */
function startOf(files: Map<string, string>, text: string): number {
  const document = files.get('word/document.xml') ?? '';
  const paragraph = (document.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).find((candidate) =>
    candidate.includes(`>${text}</w:t>`),
  );
  const numId = /<w:numId w:val="(\d+)"\/>/.exec(paragraph ?? '')?.[1];
  const level = /<w:ilvl w:val="(\d+)"\/>/.exec(paragraph ?? '')?.[1];
  const numbering = files.get('word/numbering.xml') ?? '';
  const num = new RegExp(`<w:num w:numId="${numId}"[^>]*>([\\s\\S]*?)</w:num>`).exec(numbering)?.[1] ?? '';
  const override = new RegExp(`<w:lvlOverride w:ilvl="${level}">\\s*<w:startOverride w:val="(\\d+)"/>`).exec(
    num,
  )?.[1];
  if (override) return Number(override);
  const abstractId = /<w:abstractNumId w:val="(\d+)"\/>/.exec(num)?.[1];
  const abstract =
    new RegExp(`<w:abstractNum [^>]*w:abstractNumId="${abstractId}"[^>]*>([\\s\\S]*?)</w:abstractNum>`).exec(
      numbering,
    )?.[1] ?? '';
  const lvl = new RegExp(`<w:lvl [^>]*w:ilvl="${level}"[^>]*>([\\s\\S]*?)</w:lvl>`).exec(abstract)?.[1] ?? '';
  return Number(/<w:start w:val="(\d+)"\/>/.exec(lvl)?.[1] ?? 1);
}

describe('DOCX export', () => {
  it('numbers an ordered list from its start number, and other lists from 1', async () => {
    const blocks: Block[] = [
      { kind: 'list', ordered: true, start: 4, items: [item('fourth'), item('fifth')] },
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'between', marks: {} }] },
      { kind: 'list', ordered: true, start: 1, items: [item('first')] },
      {
        kind: 'list',
        ordered: true,
        start: 2,
        items: [
          { checked: null, blocks: [{ kind: 'list', ordered: true, start: 7, items: [item('nested')] }] },
        ],
      },
    ];
    const files = unzip(await renderDocx(blocks, marking));
    expect(startOf(files, 'fourth')).toBe(4);
    expect(startOf(files, 'first')).toBe(1);
    expect(startOf(files, 'nested')).toBe(7);
  });
});
