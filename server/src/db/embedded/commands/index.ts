// Command dispatch plus the handshake/administrative commands drivers send routinely.
import { ErrorCodes, MongoCommandError, UNSUPPORTED_HINT } from '../errors.js';
import type { Doc } from '../query/values.js';
import { MAX_BSON_OBJECT_BYTES, MAX_MESSAGE_BYTES } from '../wire/protocol.js';
import { compileFilter } from '../query/mingo.js';
import { type CommandContext, type CommandHandler, optionalDoc } from './context.js';
import { crudCommands } from './crud.js';
import { ddlCommands } from './ddl.js';
import { readCommands } from './read.js';
import { sessionCommands } from './sessions.js';

export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;
const MAX_WRITE_BATCH_SIZE = 100_000;

export function helloResponse(ctx: CommandContext, body: Doc, legacy: boolean): Doc {
  const res: Doc = {
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    ...(body.helloOk === true ? { helloOk: true } : {}),
    maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
    maxMessageSizeBytes: MAX_MESSAGE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
  return res;
}

function transactionsUnsupported(): MongoCommandError {
  // Not IllegalOperation (20): the driver rewrites code 20 on writes into a misleading
  // "does not support retryable writes" message, hiding this explanation.
  return new MongoCommandError(
    ErrorCodes.CommandNotSupported,
    `Transactions are not supported by the embedded MongoDB-compatible server (it is a standalone server); ${UNSUPPORTED_HINT}`,
  );
}

const adminCommands: Record<string, CommandHandler> = {
  hello: (_db, body, ctx) => helloResponse(ctx, body, false),
  isMaster: (_db, body, ctx) => helloResponse(ctx, body, true),
  ismaster: (_db, body, ctx) => helloResponse(ctx, body, true),
  ping: () => ({ ok: 1 }),
  buildInfo: () => ({
    version: SERVER_VERSION,
    gitVersion: 'serantau-embedded',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
    storageEngines: ['embedded'],
    javascriptEngine: 'none',
    modules: [],
    embedded: true,
    ok: 1,
  }),
  buildinfo: (db, body, ctx) => adminCommands.buildInfo?.(db, body, ctx) ?? { ok: 1 },
  killSessions: () => ({ ok: 1 }),
  killAllSessions: () => ({ ok: 1 }),
  startSession: () => {
    throw new MongoCommandError(
      ErrorCodes.CommandNotSupported,
      'startSession is not needed: sessions are implicit',
    );
  },
  commitTransaction: () => {
    throw transactionsUnsupported();
  },
  abortTransaction: () => {
    throw transactionsUnsupported();
  },
  whatsmyuri: () => ({ you: '127.0.0.1:0', ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  getParameter: (_db, body, ctx) => {
    if (body.cursorTimeoutMillis !== undefined || body.getParameter === '*') {
      return { cursorTimeoutMillis: ctx.cursors.timeoutMs, ok: 1 };
    }
    return { ok: 1 };
  },
  setParameter: (_db, body, ctx) => {
    if (body.cursorTimeoutMillis !== undefined) {
      const was = ctx.cursors.timeoutMs;
      ctx.cursors.timeoutMs = Number(body.cursorTimeoutMillis);
      return { was, ok: 1 };
    }
    throw new MongoCommandError(
      ErrorCodes.InvalidOptions,
      'the embedded MongoDB-compatible server only supports setParameter for cursorTimeoutMillis',
    );
  },
  listDatabases: (_db, body, ctx) => {
    let databases: Doc[] = ctx.engine.databaseNames().map((name) => ({ name, sizeOnDisk: 0, empty: false }));
    const filter = optionalDoc(body, 'filter');
    if (filter) databases = databases.filter(compileFilter(filter));
    if (body.nameOnly === true) return { databases: databases.map((d) => ({ name: d.name })), ok: 1 };
    return { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
  },
  serverStatus: (_db, _body, ctx) => ({
    host: `${ctx.server.host}:${ctx.server.port}`,
    version: SERVER_VERSION,
    process: 'serantau-embedded',
    pid: process.pid,
    uptime: Math.floor((Date.now() - ctx.server.startedAt.getTime()) / 1000),
    localTime: new Date(),
    connections: {},
    mem: { resident: Math.round(process.memoryUsage().rss / 1024 / 1024) },
    ok: 1,
  }),
  hostInfo: () => ({ system: { hostname: 'embedded' }, os: { type: process.platform }, ok: 1 }),
  getLog: () => ({ log: [], totalLinesWritten: 0, ok: 1 }),
  getCmdLineOpts: () => ({ argv: [], parsed: {}, ok: 1 }),
};

const HANDLERS: Record<string, CommandHandler> = {
  ...adminCommands,
  ...sessionCommands,
  ...readCommands,
  ...crudCommands,
  ...ddlCommands,
};

/** Runs one command document and returns its reply document (errors become `{ok: 0, ...}`). */
export async function runCommand(body: Doc, ctx: CommandContext): Promise<Doc> {
  const name = Object.keys(body)[0];
  try {
    if (name === undefined) throw new MongoCommandError(ErrorCodes.FailedToParse, 'empty command document');
    const db = typeof body.$db === 'string' ? body.$db : 'admin';
    if (body.startTransaction === true || body.autocommit === false) throw transactionsUnsupported();
    const handler = Object.prototype.hasOwnProperty.call(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (!handler) {
      throw new MongoCommandError(ErrorCodes.CommandNotFound, `no such command: '${name}'`);
    }
    return await handler(db, body, ctx);
  } catch (e) {
    if (e instanceof MongoCommandError) return e.toResponse();
    ctx.logger.error({ err: e, command: name }, 'internal error while running a command');
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: 0, errmsg: msg, code: ErrorCodes.InternalError, codeName: 'InternalError' };
  }
}
