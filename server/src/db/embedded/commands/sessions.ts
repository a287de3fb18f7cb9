// Logical session commands. The embedded server keeps no per-session state (no transactions,
// no retryable-write history), so ending or refreshing a session has nothing to do; the argument
// is still checked as MongoDB's IDL parser checks it (array<LogicalSessionFromClient>, strict),
// so malformed input fails with the same codes.
import { Binary } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import { type Doc, bsonTypeName, isPlainObject } from '../query/values.js';
import type { CommandHandler } from './context.js';

const UUID_SUBTYPE = 4;

function wrongType(field: string, value: unknown, expected: string): MongoCommandError {
  return new MongoCommandError(
    ErrorCodes.TypeMismatch,
    `BSON field '${field}' is the wrong type '${bsonTypeName(value)}', expected type '${expected}'`,
  );
}

function checkBinData(field: string, value: unknown, subtype: number, bytes: number): void {
  if (!(value instanceof Binary)) throw wrongType(field, value, 'binData');
  if (value.sub_type !== subtype || value.length() !== bytes) {
    throw new MongoCommandError(
      ErrorCodes.TypeMismatch,
      `BSON field '${field}' is the wrong binData type, expected ${subtype === UUID_SUBTYPE ? 'a UUID' : `subtype ${subtype}`} of ${bytes} bytes`,
    );
  }
}

/** Validates `{<command>: [{id: UUID, uid?, txnNumber?, txnUUID?}, ...]}`. */
export function parseSessionList(body: Doc, command: string): Doc[] {
  const field = `${command}.${command}`;
  const list = body[command];
  if (!Array.isArray(list)) throw wrongType(field, list, 'array');
  for (const entry of list) {
    if (!isPlainObject(entry)) throw wrongType(field, entry, 'object');
    for (const [k, v] of Object.entries(entry)) {
      const path = `${field}.${k}`;
      if (k === 'id' || k === 'txnUUID') checkBinData(path, v, UUID_SUBTYPE, 16);
      else if (k === 'uid') checkBinData(path, v, 0, 32);
      else if (k === 'txnNumber') {
        if (typeof v !== 'number' && bsonTypeName(v) !== 'long') throw wrongType(path, v, 'long');
      } else {
        throw new MongoCommandError(ErrorCodes.IDLUnknownField, `BSON field '${path}' is an unknown field.`);
      }
    }
    if (!('id' in entry)) {
      throw new MongoCommandError(
        ErrorCodes.IDLFailedToParse,
        `BSON field '${field}.id' is missing but a required field`,
      );
    }
  }
  return list as Doc[];
}

export const sessionCommands: Record<string, CommandHandler> = {
  endSessions: (_db, body) => {
    parseSessionList(body, 'endSessions');
    return { ok: 1 };
  },
  refreshSessions: (_db, body) => {
    parseSessionList(body, 'refreshSessions');
    return { ok: 1 };
  },
};
