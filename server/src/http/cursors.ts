import type { ObjectId } from 'mongodb';
import { decodeCursor, encodeCursor, toObjectId } from '../db/ids';
import { AppError } from './errors';

/** A position in a list sorted newest first: the sort time and the id that breaks ties. */
export interface TimeCursor {
  at: Date;
  id: ObjectId;
}

export function encodeTimeCursor(at: Date, id: ObjectId): string {
  return encodeCursor({ at: at.getTime(), id: id.toHexString() });
}

/** A (time, id) cursor from a client; anything unreadable is the client's mistake (400). */
export function parseTimeCursor(cursor: string | undefined): TimeCursor | null {
  if (!cursor) return null;
  const decoded = decodeCursor(cursor);
  if (
    !decoded ||
    typeof decoded.at !== 'number' ||
    typeof decoded.id !== 'string' ||
    !/^[a-f0-9]{24}$/.test(decoded.id)
  ) {
    throw new AppError('VALIDATION_FAILED', 'Invalid cursor');
  }
  return { at: new Date(decoded.at), id: toObjectId(decoded.id) };
}
