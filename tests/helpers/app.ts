import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, type AppDeps, type BuiltApp } from '@serantau/server/app';
import { loadConfig, type Config } from '@serantau/server/config';
import { openDatabase, type Database } from '@serantau/server/db/database';
import { createLogger } from '@serantau/server/logger';
import type { Mailer } from '@serantau/server/mail/mailer';
import { freePort } from './ports';

/** The origin test clients present; PUBLIC_URL is set to it. */
export const TEST_ORIGIN = 'http://serantau.test';

export interface TestApp {
  url: string;
  port: number;
  built: BuiltApp;
  database: Database;
  config: Config;
  /** Stops the app and the database and removes the data directory. */
  close(): Promise<void>;
}

export interface StartAppOptions {
  env?: Record<string, string>;
  configure?: (config: Config) => Config;
  clock?: () => Date;
  /** Replaces the SMTP boundary (no mail server exists on test machines). */
  mailer?: Mailer;
  /** Receives every log line (JSON) at `info` and above, for tests about what is logged. */
  logLines?: string[];
  /** Collab tuning passed to buildApp (e.g. a short idle unload). */
  collab?: AppDeps['collab'];
  /**
   * Browser tests: listen on a port chosen up front and make PUBLIC_URL that exact origin, so the
   * browser's Origin header is the one the app expects.
   */
  servePublicOrigin?: boolean;
}

/**
 * Starts the real application on a free loopback port: the embedded database in a temporary
 * directory (or MONGODB_URL's server, with a fresh database name), real routes, real sockets.
 */
export async function startApp(options: StartAppOptions = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'serantau-test-'));
  const fixedPort = options.servePublicOrigin ? await freePort() : 0;
  const baseConfig = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    PUBLIC_URL: fixedPort ? `http://127.0.0.1:${fixedPort}` : TEST_ORIGIN,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-1234',
    LOG_LEVEL: 'silent',
    ...(process.env.MONGODB_URL ? { MONGODB_URL: process.env.MONGODB_URL } : {}),
    MONGODB_DB: `serantau_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`,
    ...options.env,
  });
  const config = options.configure ? options.configure(baseConfig) : baseConfig;
  const logLines = options.logLines;
  const logger = logLines
    ? createLogger('info', false, { write: (line: string) => void logLines.push(line) })
    : createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', false);
  const database = await openDatabase({
    mongodbUrl: config.mongodbUrl,
    databaseName: config.mongodbDb,
    dataDir,
    logger,
    monitorCommands: true,
  });
  const built = await buildApp({
    config,
    database,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.mailer ? { mailer: options.mailer } : {}),
    ...(options.collab ? { collab: options.collab } : {}),
  });
  await built.app.listen({ port: fixedPort, host: '127.0.0.1' });
  const address = built.app.server.address();
  if (!address || typeof address === 'string') throw new Error('app did not bind a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    built,
    database,
    config,
    async close() {
      await built.close();
      if (process.env.MONGODB_URL) await database.db.dropDatabase().catch(() => undefined);
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
