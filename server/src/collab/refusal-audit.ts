/**
 * How refused collab upgrades reach the audit trail without letting anyone fill it.
 *
 * Every refusal must be audited (SECURITY row 1), but each audit entry is a durable, serialised
 * hash-chain append: an anonymous client opening sockets in a loop would otherwise slow every
 * audited request of every user and grow the trail without bound. So each client address has a
 * token bucket: refusals within it are recorded one by one (with their reason, document and user);
 * beyond it they are counted and summarised in one entry per address per window.
 */
export interface RefusalAuditOptions {
  /** Refusals from one address recorded individually before throttling starts. */
  burst: number;
  /** Individual records an address earns back per second. */
  refillPerSecond: number;
  /** Suppressed refusals are summarised once per window (one entry per address). */
  windowMs: number;
  /** Addresses tracked at once; refusals from further addresses share one summary. */
  maxTrackedAddresses: number;
}

export const REFUSAL_AUDIT_DEFAULTS: RefusalAuditOptions = {
  burst: 20,
  refillPerSecond: 0.2,
  windowMs: 60_000,
  maxTrackedAddresses: 5_000,
};

/** Samples kept in a summary: enough to investigate, bounded so a summary stays small. */
const MAX_SAMPLED_IDS = 10;
/** The shared key for addresses beyond `maxTrackedAddresses` and for peers with no address. */
export const OVERFLOW_ADDRESS = '*';

export interface Refusal {
  ip: string | null;
  reason: string;
  userId: string | null;
  documentId: string;
}

export interface RefusalSummary {
  /** The address, or null for the shared overflow summary. */
  ip: string | null;
  count: number;
  reasons: Record<string, number>;
  userIds: string[];
  documentIds: string[];
  firstAt: Date;
  lastAt: Date;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function createRefusalThrottle(options: RefusalAuditOptions, now: () => number = Date.now) {
  const buckets = new Map<string, Bucket>();
  const summaries = new Map<string, RefusalSummary>();

  function keyFor(ip: string | null): string {
    if (ip === null) return OVERFLOW_ADDRESS;
    if (buckets.has(ip) || buckets.size < options.maxTrackedAddresses) return ip;
    return OVERFLOW_ADDRESS;
  }

  function refilled(bucket: Bucket, at: number): number {
    const earned = ((at - bucket.updatedAt) / 1000) * options.refillPerSecond;
    return Math.min(options.burst, bucket.tokens + earned);
  }

  function summarise(key: string, refusal: Refusal, at: number): void {
    let summary = summaries.get(key);
    if (!summary) {
      summary = {
        ip: key === OVERFLOW_ADDRESS ? null : key,
        count: 0,
        reasons: {},
        userIds: [],
        documentIds: [],
        firstAt: new Date(at),
        lastAt: new Date(at),
      };
      summaries.set(key, summary);
    }
    summary.count += 1;
    summary.reasons[refusal.reason] = (summary.reasons[refusal.reason] ?? 0) + 1;
    if (
      refusal.userId &&
      summary.userIds.length < MAX_SAMPLED_IDS &&
      !summary.userIds.includes(refusal.userId)
    ) {
      summary.userIds.push(refusal.userId);
    }
    if (summary.documentIds.length < MAX_SAMPLED_IDS && !summary.documentIds.includes(refusal.documentId)) {
      summary.documentIds.push(refusal.documentId);
    }
    summary.lastAt = new Date(at);
  }

  return {
    /**
     * Counts one refusal against its address. `record`: audit it on its own now. `summarised`: it
     * is in the address's summary, which `drain()` hands out at the end of the window.
     */
    note(refusal: Refusal): 'record' | 'summarised' {
      const at = now();
      const key = keyFor(refusal.ip);
      const bucket = buckets.get(key) ?? { tokens: options.burst, updatedAt: at };
      bucket.tokens = refilled(bucket, at);
      bucket.updatedAt = at;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 'record';
      }
      summarise(key, refusal, at);
      return 'summarised';
    },

    /** The summaries gathered since the last call; also forgets addresses whose bucket is full again. */
    drain(): RefusalSummary[] {
      const at = now();
      const drained = [...summaries.values()];
      summaries.clear();
      for (const [key, bucket] of buckets) {
        // A full bucket is what an unknown address starts with: nothing to remember.
        if (refilled(bucket, at) >= options.burst) buckets.delete(key);
      }
      return drained;
    },

    trackedAddresses(): number {
      return buckets.size;
    },
  };
}

export type RefusalThrottle = ReturnType<typeof createRefusalThrottle>;
