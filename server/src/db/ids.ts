import { ObjectId } from 'mongodb';

/** Ids reaching here were validated by the shared IdSchema; anything else is a programming error. */
export function toObjectId(id: string): ObjectId {
  if (!/^[a-f0-9]{24}$/.test(id)) throw new TypeError(`not an id: ${JSON.stringify(id).slice(0, 40)}`);
  return new ObjectId(id);
}

export function idOf(id: ObjectId): string {
  return id.toHexString();
}

/** Cursors are opaque to clients: base64url JSON of the sort key. */
export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Escape user text for use inside a MongoDB $regex. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
