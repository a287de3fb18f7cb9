/**
 * Attachment type checking from the bytes themselves. The declared type and the file name must
 * agree with what the content is; anything not on the allow-list is refused, so a script dressed
 * up as a PDF never reaches another member's browser.
 */

export const ATTACHMENT_TYPES = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  png: { mime: 'image/png', extensions: ['png'] },
  jpeg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  pptx: {
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
  },
  txt: { mime: 'text/plain', extensions: ['txt', 'log', 'md'] },
  csv: { mime: 'text/csv', extensions: ['csv'] },
} as const;

export type AttachmentKind = keyof typeof ATTACHMENT_TYPES;

export type SniffResult =
  { ok: true; kind: AttachmentKind; mime: string } | { ok: false; reason: 'unsupported' | 'mismatch' };

/** Browsers send this when they do not know a type; the content and extension then decide alone. */
const GENERIC_DECLARED = new Set(['application/octet-stream', 'binary/octet-stream', '']);

export function sniffAttachment(bytes: Uint8Array, declaredType: string, filename: string): SniffResult {
  const kind = kindFromContent(bytes, extensionOf(filename));
  if (!kind) return { ok: false, reason: 'unsupported' };
  const spec = ATTACHMENT_TYPES[kind];
  const extension = extensionOf(filename);
  if (!(spec.extensions as readonly string[]).includes(extension)) return { ok: false, reason: 'mismatch' };
  const declared = declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  const textFamily = kind === 'txt' || kind === 'csv';
  const declaredMatches =
    GENERIC_DECLARED.has(declared) ||
    declared === spec.mime ||
    // CSV is often declared as plain text or Excel's type, and text as markdown.
    (textFamily &&
      ['text/plain', 'text/csv', 'text/markdown', 'application/vnd.ms-excel'].includes(declared));
  if (!declaredMatches) return { ok: false, reason: 'mismatch' };
  return { ok: true, kind, mime: spec.mime };
}

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  if (bytes.length < signature.length) return false;
  return signature.every((value, index) => bytes[index] === value);
}

function kindFromContent(bytes: Uint8Array, extension: string): AttachmentKind | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return officeKind(bytes);
  if (isPlainText(bytes)) return extension === 'csv' ? 'csv' : 'txt';
  return null;
}

/** Office Open XML files are ZIP archives; the central directory names the part that says which. */
function officeKind(bytes: Uint8Array): AttachmentKind | null {
  const names = zipEntryNames(bytes);
  if (!names || !names.has('[Content_Types].xml')) return null;
  if (names.has('word/document.xml')) return 'docx';
  if (names.has('xl/workbook.xml')) return 'xlsx';
  if (names.has('ppt/presentation.xml')) return 'pptx';
  return null;
}

/** Names in a ZIP's central directory, or null when the archive is malformed. */
export function zipEntryNames(bytes: Uint8Array): Set<string> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let offset = bytes.length - 22; offset >= lowest; offset -= 1) {
    if (view.getUint32(offset, true) === 0x06054b50) {
      end = offset;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const names = new Set<string>();
  const decoder = new TextDecoder();
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const nameStart = offset + 46;
    if (nameStart + nameLength > bytes.length) return null;
    names.add(decoder.decode(bytes.subarray(nameStart, nameStart + nameLength)));
    offset = nameStart + nameLength + extraLength + commentLength;
  }
  return names;
}

/** UTF-8 without NUL or other binary control bytes: safe to call text. */
function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  for (const byte of bytes) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A file name safe to store and show: no path, no control characters, bounded. */
export function cleanFilename(raw: string, maxLength: number): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '_').trim();
  if (cleaned.length <= maxLength) return cleaned || 'file';
  const extension = extensionOf(cleaned);
  const keep = maxLength - extension.length - 1;
  return `${cleaned.slice(0, Math.max(1, keep))}.${extension}`;
}

/** RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
