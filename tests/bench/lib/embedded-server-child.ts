// Runs the embedded server in its own process (as `pnpm db:embedded` does) for the benchmark:
// prints the connection URL on stdout and stops on SIGTERM.
import { startEmbeddedMongo } from '@serantau/server/db/embedded/index';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: embedded-server-child <dbPath>');
const mongo = await startEmbeddedMongo({ dbPath });
process.stdout.write(`${mongo.url}\n`);
process.on('SIGTERM', () => {
  void mongo.close().then(() => process.exit(0));
});
