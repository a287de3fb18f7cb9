// Public entry point of the embedded MongoDB-compatible server.
//
//   const mongo = await startEmbeddedMongo({ dbPath: './data/db' });
//   const client = new MongoClient(mongo.url);   // plain official driver
//   ...
//   await mongo.close();                          // flush, snapshot, release the lock
import path from 'node:path';
import { type EmbeddedLogger, silentLogger } from './logger.js';
import { WireServer } from './server.js';
import { Engine } from './storage/engine.js';

export type { EmbeddedLogger } from './logger.js';
export { consoleLogger, silentLogger } from './logger.js';

export interface EmbeddedMongoOptions {
  /** Directory holding the data (created if missing). One process per directory. */
  dbPath: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default. */
  host?: string;
  /** pino-compatible logger; silent by default. */
  logger?: EmbeddedLogger;
  /** How often TTL indexes are swept (default 1000 ms). */
  ttlSweepIntervalMs?: number;
  /** Idle server-side cursors are closed after this long (default 10 minutes, as MongoDB). */
  cursorTimeoutMs?: number;
  /** Journal size that triggers a background snapshot and journal compaction (default 64 MiB). */
  compactThresholdBytes?: number;
}

export interface EmbeddedMongo {
  /** Connection string for the official driver (includes directConnection=true). */
  url: string;
  port: number;
  /** Stops listening, waits for in-flight commands, snapshots and releases the data directory. */
  close(): Promise<void>;
}

export async function startEmbeddedMongo(options: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const engine = await Engine.open({
    dbPath: path.resolve(options.dbPath),
    logger,
    ttlSweepIntervalMs: options.ttlSweepIntervalMs ?? 1000,
    ...(options.compactThresholdBytes !== undefined
      ? { compactThresholdBytes: options.compactThresholdBytes }
      : {}),
  });
  const server = new WireServer({
    engine,
    host,
    port: options.port ?? 0,
    logger,
    cursorTimeoutMs: options.cursorTimeoutMs ?? 10 * 60 * 1000,
  });
  let port: number;
  try {
    port = await server.listen();
  } catch (e) {
    await engine.close();
    throw e;
  }
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `mongodb://${hostInUrl}:${port}/?directConnection=true`,
    port,
    close: () => {
      closing ??= (async () => {
        await server.close();
        await engine.close();
      })();
      return closing;
    },
  };
}
