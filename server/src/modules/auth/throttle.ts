import type { Db } from 'mongodb';
import type { CollectionIndexes } from '../../db/database';
import { AppError, isDuplicateKeyError } from '../../http/errors';

interface ThrottleDoc {
  _id: string;
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
  expiresAt: Date;
}

export const throttleIndexes: CollectionIndexes[] = [
  {
    collection: 'login_throttle',
    indexes: [{ key: { expiresAt: 1 }, name: 'expiry_ttl', expireAfterSeconds: 0 }],
  },
];

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** Five wrong passwords lock an account for 15 minutes; an address gets more room (shared offices, NAT). */
export const LOGIN_THROTTLE = {
  account: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} satisfies Record<string, ThrottleRule>;

/** Counts failures per key in MongoDB, so limits hold across restarts and processes. */
export function createThrottle(db: Db) {
  const throttle = db.collection<ThrottleDoc>('login_throttle');

  return {
    /** Throws RATE_LIMITED (429 with Retry-After) while any of the keys is locked. */
    async assertOpen(keys: readonly string[], now = new Date()): Promise<void> {
      const docs = await throttle.find({ _id: { $in: [...keys] } }).toArray();
      const lockedUntil = Math.max(0, ...docs.map((doc) => doc.lockedUntil?.getTime() ?? 0));
      if (lockedUntil > now.getTime()) {
        const retryAfterSeconds = Math.ceil((lockedUntil - now.getTime()) / 1000);
        throw new AppError(
          'RATE_LIMITED',
          `Too many failed attempts. Try again in ${formatWait(retryAfterSeconds)}.`,
          {
            retryAfterSeconds,
          },
        );
      }
    },

    /** Atomic increments: parallel guesses cannot slip past the limit by racing each other. */
    async recordFailure(key: string, rule: ThrottleRule, now = new Date()): Promise<void> {
      const windowFloor = new Date(now.getTime() - rule.windowMs);
      await throttle.updateOne(
        { _id: key, windowStartedAt: { $lte: windowFloor }, lockedUntil: { $not: { $gt: now } } },
        { $set: { failures: 0, windowStartedAt: now, lockedUntil: null } },
      );
      const update = {
        $inc: { failures: 1 },
        $setOnInsert: { windowStartedAt: now, lockedUntil: null },
        $max: { expiresAt: new Date(now.getTime() + rule.windowMs) },
      };
      let doc: ThrottleDoc | null;
      try {
        doc = await throttle.findOneAndUpdate({ _id: key }, update, {
          upsert: true,
          returnDocument: 'after',
        });
      } catch (error) {
        // Two first failures raced to create the counter; the loser increments the winner's.
        if (!isDuplicateKeyError(error)) throw error;
        doc = await throttle.findOneAndUpdate({ _id: key }, update, { returnDocument: 'after' });
      }
      if (doc && doc.failures >= rule.maxFailures) {
        const lockedUntil = new Date(now.getTime() + rule.lockMs);
        await throttle.updateOne({ _id: key }, { $set: { lockedUntil }, $max: { expiresAt: lockedUntil } });
      }
    },

    async reset(key: string): Promise<void> {
      await throttle.deleteOne({ _id: key });
    },
  };
}

export type Throttle = ReturnType<typeof createThrottle>;

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
