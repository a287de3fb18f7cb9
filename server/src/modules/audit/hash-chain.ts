import { createHmac, hkdfSync } from 'node:crypto';

/** The fields of an audit entry that the hash covers (everything but the hash itself). */
export interface ChainedFields {
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  caseId: string | null;
  outcome: 'allowed' | 'denied';
  ip: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * HMAC-SHA256(key, prevHash ‖ canonical JSON of the entry). Editing, removing or reordering breaks
 * the chain, and because the key lives outside the database (AUDIT_SECRET, or derived from
 * SESSION_SECRET), someone with only database access cannot recompute a rewritten chain.
 */
export function hashEntry(fields: ChainedFields, key: Buffer): string {
  return createHmac('sha256', key)
    .update(fields.prevHash)
    .update('\n')
    .update(canonicalJson(fields))
    .digest('hex');
}

/** The chain key from the configured secret (a fixed derivation, so every process agrees). */
export function auditChainKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'serantau', 'audit-chain', 32));
}

/** JSON with sorted keys and ISO dates, so the same entry always hashes the same way. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    if (typeof (value as { toHexString?: unknown }).toHexString === 'function') {
      return (value as { toHexString(): string }).toHexString();
    }
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const inner = (value as Record<string, unknown>)[key];
      if (inner !== undefined) sorted[key] = normalise(inner);
    }
    return sorted;
  }
  return value;
}
