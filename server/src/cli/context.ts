import { loadConfig, type Config } from '../config';
import { openDatabase, ensureIndexes, type Database } from '../db/database';
import { createLogger } from '../logger';
import { ALL_INDEXES } from '../app';

/**
 * Opens the configured database for an operator command. With the embedded server the data
 * directory is locked by a running app; the error then says how to reach it instead.
 */
export async function openCliDatabase(): Promise<Database & { config: Config }> {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', false);
  try {
    const database = await openDatabase({
      mongodbUrl: config.mongodbUrl,
      databaseName: config.mongodbDb,
      dataDir: config.dataDir,
      logger,
    });
    await ensureIndexes(database.db, ALL_INDEXES);
    return { ...database, config };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/lock/i.test(message)) {
      throw new Error(
        `${message}\nThe app is probably running on this data directory. Stop it, or run this command with ` +
          'MONGODB_URL set to the address the app logged ("using the embedded MongoDB-compatible server").',
      );
    }
    throw error;
  }
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
