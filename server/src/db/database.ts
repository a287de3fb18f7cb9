import path from 'node:path';
import { MongoClient, type Db, type IndexDescription } from 'mongodb';
import type { Logger } from 'pino';
import { startEmbeddedMongo } from './embedded/index';

export type DatabaseKind = 'embedded' | 'mongodb';

/** The application's handle on its database, whichever server is behind it. */
export interface Database {
  kind: DatabaseKind;
  /** Connection string (credentials included): for operator tools and tests, never for logs. */
  url: string;
  client: MongoClient;
  db: Db;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  mongodbUrl: string | undefined;
  databaseName: string;
  /** Where the embedded server keeps its files when no MONGODB_URL is given. */
  dataDir: string;
  logger: Logger;
  /** Emit driver command events (tests use them to prove a rejected request ran no query). */
  monitorCommands?: boolean;
}

/**
 * MONGODB_URL set → that server. Unset → the embedded MongoDB-compatible server on a free loopback
 * port with its files under DATA_DIR/db. Either way the same driver and repository code runs.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.mongodbUrl) {
    const client = new MongoClient(options.mongodbUrl, {
      appName: 'serantau',
      serverSelectionTimeoutMS: 10_000,
      monitorCommands: options.monitorCommands ?? false,
    });
    await client.connect();
    options.logger.info({ database: 'mongodb', host: redactUrl(options.mongodbUrl) }, 'using MongoDB');
    return wrap('mongodb', options.mongodbUrl, client, options.databaseName, async () => client.close());
  }

  const dbPath = path.resolve(options.dataDir, 'db');
  const embedded = await startEmbeddedMongo({
    dbPath,
    logger: options.logger.child({ component: 'embedded-db' }),
  });
  const client = new MongoClient(embedded.url, {
    appName: 'serantau',
    monitorCommands: options.monitorCommands ?? false,
  });
  await client.connect();
  options.logger.info(
    { database: 'embedded', url: embedded.url, dbPath },
    'using the embedded MongoDB-compatible server (set MONGODB_URL to use MongoDB)',
  );
  return wrap('embedded', embedded.url, client, options.databaseName, async () => {
    await client.close();
    await embedded.close();
  });
}

function wrap(
  kind: DatabaseKind,
  url: string,
  client: MongoClient,
  name: string,
  close: () => Promise<void>,
): Database {
  const db = client.db(name);
  return {
    kind,
    url,
    client,
    db,
    async ping() {
      // The driver ignores a per-command timeout here and waits for server selection (10–30 s):
      // readiness probes need their answer sooner, so the ping races a timer.
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      });
      try {
        return await Promise.race([
          db.command({ ping: 1 }).then(
            () => true,
            () => false,
          ),
          timedOut,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    close,
  };
}

/** How long readiness waits for the database before saying it is not reachable. */
const PING_TIMEOUT_MS = 2_000;

/** Keep credentials out of logs. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@').split('?')[0] ?? 'mongodb';
}

/** Indexes a repository needs; declared next to the repository and created at start. */
export interface CollectionIndexes {
  collection: string;
  indexes: IndexDescription[];
}

/** Idempotent: creating an index that already exists with the same options is a no-op. */
export async function ensureIndexes(db: Db, plans: readonly CollectionIndexes[]): Promise<void> {
  for (const plan of plans) {
    if (plan.indexes.length === 0) continue;
    await db.collection(plan.collection).createIndexes(plan.indexes);
  }
}
