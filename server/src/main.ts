import { loadConfig, ConfigError } from './config';
import { buildApp } from './app';
import { openDatabase } from './db/database';
import { createLogger } from './logger';
import { seedDemoNetwork } from './seed/demo';

/** Start: config → database → app → listen. SIGTERM/SIGINT shut down in the reverse order. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, config.env === 'development' && process.stdout.isTTY);
  const database = await openDatabase({
    mongodbUrl: config.mongodbUrl,
    databaseName: config.mongodbDb,
    dataDir: config.dataDir,
    logger,
  });
  const built = await buildApp({ config, database, logger });

  if (config.seedDemo) {
    const demo = await seedDemoNetwork(built.services, logger);
    logger.info(
      { logins: demo.logins.map((login) => `${login.email} (${login.role})`) },
      'demo network ready',
    );
    process.stdout.write(
      [
        '',
        'Demo logins (password for all: ' + demo.password + '):',
        ...demo.logins.map(
          (login) => `  ${login.role.padEnd(9)} ${login.email.padEnd(32)} ${login.name} (${login.country})`,
        ),
        '',
      ].join('\n'),
    );
  }

  await built.app.listen({ port: config.port, host: config.host });
  const address = built.app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  process.stdout.write(
    `\nSerantau is running at ${config.publicUrl} (listening on ${config.host}:${port})\n\n`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await built.close();
      await database.close();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Serantau failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
