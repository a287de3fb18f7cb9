// `pnpm bench`: runs every benchmark one after another (they would disturb each other in parallel)
// and prints their figures. Each benchmark is bounded, uses loopback only and exits on its own.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsx = path.resolve(here, '../node_modules/.bin/tsx');
const benches = ['embedded-db.ts', 'collab.ts', 'channels.ts'].filter((file) =>
  existsSync(path.join(here, file)),
);
const only = process.argv.slice(2);

let failed = 0;
for (const file of benches) {
  if (only.length > 0 && !only.some((name) => file.startsWith(name))) continue;
  process.stdout.write(`\n=== ${file} ===\n`);
  const result = spawnSync(tsx, [path.join(here, file)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    process.stdout.write(`${file} exited with ${result.status ?? result.signal}\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
