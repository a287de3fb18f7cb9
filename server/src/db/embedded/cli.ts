// `pnpm db:embedded --port 27017 --dbpath ./data/db`: run the embedded MongoDB-compatible
// server in the foreground until SIGINT/SIGTERM.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { consoleLogger, startEmbeddedMongo } from './index.js';
import { watchLaunchers } from './launcher.js';

const USAGE = 'usage: pnpm db:embedded [--port 27017] [--dbpath ./data/db] [--host 127.0.0.1]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '27017' },
      dbpath: { type: 'string', default: './data/db' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid --port ${values.port}\n${USAGE}`);
  // pnpm runs this from server/; resolve relative paths against where the user typed the command.
  const base = process.env.INIT_CWD ?? process.cwd();
  const dbPath = path.resolve(base, values.dbpath);
  const mongo = await startEmbeddedMongo({ dbPath, port, host: values.host, logger: consoleLogger });
  // One write: whoever reads the address from our output finds the directory beside it.
  console.log(`embedded MongoDB-compatible server listening on ${mongo.url}\ndata directory: ${dbPath}`);
  let stopping = false;
  const stop = (reason: Record<string, unknown>): void => {
    if (stopping) return;
    stopping = true;
    consoleLogger.info(reason, 'shutting down (flush, snapshot, release lock)');
    mongo.close().then(
      () => {
        consoleLogger.info({ dbPath }, 'stopped cleanly: data flushed, lock released');
        process.exit(0);
      },
      (e: unknown) => {
        consoleLogger.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop({ signal: 'SIGINT' }));
  process.on('SIGTERM', () => stop({ signal: 'SIGTERM' }));
  // A SIGTERM to the outer `pnpm` does not reach this process (see launcher.ts): stop when the
  // command that launched us is gone.
  watchLaunchers((pid) => stop({ launcherExited: pid }));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
