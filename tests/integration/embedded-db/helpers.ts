// Gives each conformance test file a driver client and its own database: on a real MongoDB when
// MONGODB_URL is set (the suite must pass there too), otherwise on a fresh embedded server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Db, MongoClient, type MongoClientOptions } from 'mongodb';
import { type EmbeddedMongo, startEmbeddedMongo } from '@serantau/server/db/embedded/index';

export const REAL_MONGODB_URL = process.env.MONGODB_URL;
/** True when the suite runs against the embedded server (embedded-only assertions are guarded by it). */
export const EMBEDDED = !REAL_MONGODB_URL;

export interface TestDb {
  client: MongoClient;
  db: Db;
  url: string;
  embedded: boolean;
  /** The embedded server (undefined against a real MongoDB). */
  server: EmbeddedMongo | undefined;
  dbPath: string | undefined;
  close(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `serantau-${prefix}-`));
}

export async function openTestDb(
  name: string,
  opts: { ttlSweepIntervalMs?: number; client?: MongoClientOptions } = {},
): Promise<TestDb> {
  // Unique per file and run, so the suite can share one real server with other runs.
  const dbName = `${name}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let server: EmbeddedMongo | undefined;
  let dbPath: string | undefined;
  let url = REAL_MONGODB_URL;
  if (!url) {
    dbPath = tempDir(name);
    server = await startEmbeddedMongo({ dbPath, ttlSweepIntervalMs: opts.ttlSweepIntervalMs ?? 200 });
    url = server.url;
  }
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000, ...opts.client });
  await client.connect();
  const db = client.db(dbName);
  return {
    client,
    db,
    url,
    embedded: server !== undefined,
    server,
    dbPath,
    close: async () => {
      if (!server) await db.dropDatabase().catch(() => undefined);
      await client.close();
      await server?.close();
      if (dbPath) fs.rmSync(dbPath, { recursive: true, force: true });
    },
  };
}

/** Error thrown by `fn`, so tests can assert on its shape. */
export async function errorOf(fn: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await fn();
  } catch (e) {
    return e as Record<string, unknown>;
  }
  throw new Error('expected the operation to fail');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
