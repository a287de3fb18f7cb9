import { auditChainKey } from '../modules/audit/hash-chain';
import { createAuditRepo } from '../modules/audit/repo';
import { fail, openCliDatabase } from './context';

/** `pnpm audit:verify`: walks the hash chain and names the first broken entry; exit 1 if any. */
async function main(): Promise<void> {
  const database = await openCliDatabase();
  try {
    const result = await createAuditRepo(database.db, auditChainKey(database.config.auditSecret)).verify();
    if (result.ok) {
      process.stdout.write(`Audit log intact: ${result.checked} entries verified.\n`);
      return;
    }
    process.stdout.write(
      `AUDIT LOG BROKEN at entry ${result.firstBrokenSeq}: ${result.reason} (${result.checked} entries verified before it).\n`,
    );
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
