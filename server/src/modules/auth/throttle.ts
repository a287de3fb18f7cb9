import type { Db } from 'mongodb';
import type { CollectionIndexes } from '../../db/database';
import { AppError, isDuplicateKeyError } from '../../http/errors';

interface ThrottleDoc {
  _id: string;
  /** Attempts reserved in the current window (failures, plus attempts still being checked). */
  attempts: number;
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
  maxAttempts: number;
  windowMs: number;
  lockMs: number;
}

/**
 * - account: five wrong passwords lock an account for 15 minutes;
 * - address: an address gets more room (shared offices, NAT);
 * - secondFactor: wrong 2FA codes per account, across sign-ins; only a completed sign-in clears it,
 *   so knowing the password does not buy fresh guesses at the code.
 */
export const LOGIN_THROTTLE = {
  account: { maxAttempts: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { maxAttempts: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  secondFactor: { maxAttempts: 10, windowMs: 60 * 60_000, lockMs: 60 * 60_000 },
} satisfies Record<string, ThrottleRule>;

/**
 * Counts attempts per key in MongoDB, so limits hold across restarts and processes. An attempt is
 * reserved atomically *before* the password or code is checked: a parallel burst cannot have more
 * than `maxAttempts` guesses evaluated, however it is timed.
 */
export function createThrottle(db: Db) {
  const throttle = db.collection<ThrottleDoc>('login_throttle');

  function refuse(lockedUntil: number, now: Date): never {
    const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil - now.getTime()) / 1000));
    throw new AppError(
      'RATE_LIMITED',
      `Too many failed attempts. Try again in ${formatWait(retryAfterSeconds)}.`,
      {
        retryAfterSeconds,
      },
    );
  }

  async function reserveOne(key: string, rule: ThrottleRule, now: Date): Promise<void> {
    const windowFloor = new Date(now.getTime() - rule.windowMs);
    // An expired, unlocked window starts afresh (conditional: only one racer resets it).
    await throttle.updateOne(
      { _id: key, windowStartedAt: { $lte: windowFloor }, lockedUntil: { $not: { $gt: now } } },
      { $set: { attempts: 0, windowStartedAt: now, lockedUntil: null } },
    );
    const update = {
      $inc: { attempts: 1 },
      $setOnInsert: { windowStartedAt: now, lockedUntil: null },
      $max: { expiresAt: new Date(now.getTime() + rule.windowMs) },
    };
    let doc: ThrottleDoc | null;
    try {
      doc = await throttle.findOneAndUpdate({ _id: key }, update, { upsert: true, returnDocument: 'after' });
    } catch (error) {
      // Two first attempts raced to create the counter; the loser increments the winner's.
      if (!isDuplicateKeyError(error)) throw error;
      doc = await throttle.findOneAndUpdate({ _id: key }, update, { returnDocument: 'after' });
    }
    if (!doc) return;
    if (doc.lockedUntil && doc.lockedUntil.getTime() > now.getTime()) refuse(doc.lockedUntil.getTime(), now);
    if (doc.attempts > rule.maxAttempts) {
      const lockedUntil = new Date(now.getTime() + rule.lockMs);
      await throttle.updateOne(
        { _id: key, $or: [{ lockedUntil: null }, { lockedUntil: { $lte: now } }] },
        { $set: { lockedUntil }, $max: { expiresAt: lockedUntil } },
      );
      refuse(lockedUntil.getTime(), now);
    }
  }

  return {
    /**
     * Reserves one attempt under each key, or throws RATE_LIMITED (429 with Retry-After). Callers
     * then `release` the reservation on success, or leave it standing as a failure.
     */
    async reserve(keys: readonly { key: string; rule: ThrottleRule }[], now = new Date()): Promise<void> {
      for (const { key, rule } of keys) await reserveOne(key, rule, now);
    },

    /** Gives back one reserved attempt (it succeeded): shared addresses keep only their failures. */
    async release(key: string): Promise<void> {
      await throttle.updateOne({ _id: key, attempts: { $gt: 0 } }, { $inc: { attempts: -1 } });
    },

    /** Clears a key after a success that proves the owner (a password for `account`, a full sign-in for 2FA). */
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
