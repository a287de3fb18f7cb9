import { inflateRawSync, inflateSync } from 'node:zlib';

/**
 * Readers for exported files, just enough to check what a recipient would see: the entries of a
 * DOCX (a zip archive) and the text drawn on each page of a PDF. Written here rather than pulled in
 * as dependencies, and strict: anything unexpected throws instead of returning less text.
 */

/** The files of a zip archive (stored or deflated entries), read through its central directory. */
export function unzip(archive: Buffer): Map<string, Buffer> {
  const END_OF_DIRECTORY = 0x06054b50;
  let end = -1;
  // The end record is 22 bytes plus a comment of at most 64 KiB, at the very end of the file.
  for (let at = archive.length - 22; at >= Math.max(0, archive.length - 22 - 0xffff); at -= 1) {
    if (archive.readUInt32LE(at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip archive: no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let entry = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let index = 0; index < count; index += 1) {
    if (archive.readUInt32LE(entry) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = archive.readUInt16LE(entry + 10);
    const compressedSize = archive.readUInt32LE(entry + 20);
    const size = archive.readUInt32LE(entry + 24);
    const nameLength = archive.readUInt16LE(entry + 28);
    const extraLength = archive.readUInt16LE(entry + 30);
    const commentLength = archive.readUInt16LE(entry + 32);
    const local = archive.readUInt32LE(entry + 42);
    const name = archive.subarray(entry + 46, entry + 46 + nameLength).toString('utf8');
    if (archive.readUInt32LE(local) !== 0x04034b50) throw new Error(`corrupt local header of ${name}`);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const raw = archive.subarray(start, start + compressedSize);
    const data = method === 0 ? raw : method === 8 ? inflateRawSync(raw) : null;
    if (!data) throw new Error(`unsupported compression ${method} for ${name}`);
    if (data.length !== size) throw new Error(`${name}: ${data.length} bytes, expected ${size}`);
    files.set(name, data);
    entry += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** The text of a WordprocessingML part (document, header, footer): one line per paragraph. */
export function wordText(xml: string): string[] {
  const paragraphs = xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
  return paragraphs.map((paragraph) =>
    [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((match) => unescapeXml(match[1] ?? ''))
      .join(''),
  );
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

/**
 * The text drawn on each page of a PDF as pdfkit writes it: content streams inflated (FlateDecode),
 * text operators (`Tj`, `TJ`) decoded through each font's ToUnicode CMap (embedded TrueType fonts
 * draw glyph ids, not characters), or as single-byte codes for the standard fonts. One string per
 * text object (`BT … ET`), in drawing order.
 */
export function pdfPages(pdf: Buffer): string[][] {
  const objects = readObjects(pdf);
  const object = (ref: string | undefined): PdfObject => {
    const found = ref ? objects.get(Number(ref)) : undefined;
    if (!found) throw new Error(`missing PDF object ${ref ?? '?'}`);
    return found;
  };
  const cmaps = new Map<number, Map<string, string> | null>();
  const decoderOf = (fontRef: number): Map<string, string> | null => {
    if (!cmaps.has(fontRef)) {
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(object(String(fontRef)).dict)?.[1];
      cmaps.set(fontRef, toUnicode ? parseCMap(streamText(object(toUnicode))) : null);
    }
    return cmaps.get(fontRef) ?? null;
  };

  const pages = [...objects.values()].filter((candidate) => /\/Type \/Page\b(?!s)/.test(candidate.dict));
  if (pages.length === 0) throw new Error('no pages in the PDF');
  return pages.map((page) => {
    const resources = /\/Resources (\d+) 0 R/.exec(page.dict)?.[1];
    const resourceDict = resources ? object(resources).dict : page.dict;
    const fontBlock = /\/Font <<([\s\S]*?)>>/.exec(resourceDict)?.[1] ?? '';
    const fonts = new Map(
      [...fontBlock.matchAll(/\/([A-Za-z0-9]+) (\d+) 0 R/g)].map((match) => [match[1], Number(match[2])]),
    );
    const contents = /\/Contents (\d+) 0 R/.exec(page.dict)?.[1];
    return textObjects(streamText(object(contents)), (name) => {
      const ref = fonts.get(name);
      if (ref === undefined) throw new Error(`page uses an undeclared font ${name}`);
      return decoderOf(ref);
    });
  });
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  for (let match = header.exec(text); match; match = header.exec(text)) {
    const start = match.index + match[0].length;
    const streamAt = text.indexOf('stream', start);
    const endAt = text.indexOf('endobj', start);
    if (endAt < 0) throw new Error(`object ${match[1]} never ends`);
    if (streamAt < 0 || streamAt > endAt) {
      objects.set(Number(match[1]), { dict: text.slice(start, endAt), stream: null });
      continue;
    }
    const dict = text.slice(start, streamAt);
    const length = /\/Length (\d+)/.exec(dict)?.[1];
    if (!length) throw new Error(`stream object ${match[1]} has no direct /Length`);
    // `stream` is followed by CRLF or LF; the data is exactly /Length bytes (binary, so skipped, not scanned).
    const dataStart = streamAt + 'stream'.length + (text[streamAt + 6] === '\r' ? 2 : 1);
    const raw = pdf.subarray(dataStart, dataStart + Number(length));
    const stream = /\/Filter \/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
    objects.set(Number(match[1]), { dict, stream });
    header.lastIndex = dataStart + Number(length);
  }
  return objects;
}

function streamText(found: PdfObject): string {
  if (!found.stream) throw new Error('expected a stream object');
  return found.stream.toString('latin1');
}

/** `bfchar` and `bfrange` entries: source code (hex) → Unicode text. */
function parseCMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) =>
    String.fromCharCode(...(hex.replace(/\s+/g, '').match(/.{4}/g) ?? []).map((unit) => parseInt(unit, 16)));
  const pad = (value: number, width: number) => value.toString(16).padStart(width, '0');
  for (const block of cmap.match(/beginbfchar([\s\S]*?)endbfchar/g) ?? []) {
    for (const entry of block.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g))
      map.set((entry[1] ?? '').toLowerCase(), utf16(entry[2] ?? ''));
  }
  for (const block of cmap.match(/beginbfrange([\s\S]*?)endbfrange/g) ?? []) {
    const body = block.slice('beginbfrange'.length, -'endbfrange'.length);
    for (const entry of body.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const [low, high, target] = [entry[1] ?? '', entry[2] ?? '', entry[3] ?? ''];
      const width = low.length;
      const first = parseInt(low, 16);
      const last = parseInt(high, 16);
      if (target.startsWith('[')) {
        const values = [...target.matchAll(/<([0-9a-fA-F\s]+)>/g)].map((value) => utf16(value[1] ?? ''));
        values.forEach((value, offset) => map.set(pad(first + offset, width), value));
      } else {
        const base = parseInt(target.slice(1, -1), 16);
        for (let code = first; code <= last; code += 1)
          map.set(pad(code, width), String.fromCharCode(base + code - first));
      }
    }
  }
  return map;
}

/** The strings drawn by each `BT … ET` block of a content stream. */
function textObjects(content: string, fontNamed: (name: string) => Map<string, string> | null): string[] {
  const found: string[] = [];
  for (const block of content.match(/\bBT\b[\s\S]*?\bET\b/g) ?? []) {
    let cmap: Map<string, string> | null = null;
    let text = '';
    const operators = /\/([A-Za-z0-9]+) [\d.]+ Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g;
    for (const match of block.matchAll(operators)) {
      if (match[1]) {
        cmap = fontNamed(match[1]);
        continue;
      }
      const strings =
        match[2] !== undefined ? [...match[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]) : [match[3]];
      for (const hex of strings) text += decodeHex(hex ?? '', cmap);
    }
    found.push(text);
  }
  return found;
}

function decodeHex(hex: string, cmap: Map<string, string> | null): string {
  if (!cmap) {
    // Standard fonts: one byte per character (WinAnsi; Latin-1 for what the tests print).
    return Buffer.from(hex, 'hex').toString('latin1');
  }
  let text = '';
  for (let at = 0; at < hex.length; at += 4) {
    const code = hex.slice(at, at + 4).toLowerCase();
    const character = cmap.get(code);
    if (character === undefined) throw new Error(`glyph ${code} has no Unicode mapping`);
    text += character;
  }
  return text;
}
