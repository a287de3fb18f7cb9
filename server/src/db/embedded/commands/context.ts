import { ErrorCodes, MongoCommandError } from '../errors.js';
import type { EmbeddedLogger } from '../logger.js';
import { type Doc, isPlainObject } from '../query/values.js';
import type { Engine } from '../storage/engine.js';
import type { CursorRegistry } from './cursors.js';

export interface ServerInfo {
  startedAt: Date;
  host: string;
  port: number;
}

export interface CommandContext {
  engine: Engine;
  cursors: CursorRegistry;
  logger: EmbeddedLogger;
  connectionId: number;
  server: ServerInfo;
}

export type CommandHandler = (db: string, body: Doc, ctx: CommandContext) => Doc | Promise<Doc>;

/** The collection a command targets: the string value of its first field. */
export function collectionName(body: Doc, command: string): string {
  const v = body[command];
  if (typeof v !== 'string' || v.length === 0) {
    throw new MongoCommandError(
      ErrorCodes.InvalidNamespace,
      `collection name has invalid type ${typeof v} for command ${command}`,
    );
  }
  return v;
}

export function optionalDoc(body: Doc, field: string): Doc | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) {
    throw new MongoCommandError(
      ErrorCodes.TypeMismatch,
      `BSON field '${field}' is the wrong type '${typeof v}', expected type 'object'`,
    );
  }
  return v;
}

export function optionalNumber(body: Doc, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    throw new MongoCommandError(
      ErrorCodes.TypeMismatch,
      `BSON field '${field}' is the wrong type, expected a number`,
    );
  }
  return n;
}

export function docArray(body: Doc, field: string): Doc[] {
  const v = body[field];
  if (!Array.isArray(v) || !v.every(isPlainObject)) {
    throw new MongoCommandError(
      ErrorCodes.TypeMismatch,
      `BSON field '${field}' must be an array of documents`,
    );
  }
  return v;
}
