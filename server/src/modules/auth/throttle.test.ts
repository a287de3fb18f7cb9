import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../db/embedded/index';
import { AppError } from '../../http/errors';
import { createThrottle, type Throttle, type ThrottleRule } from './throttle';

// The throttle's rules live in its update filters, so it is tested against the embedded database
// (the same server the app runs on by default), with the clock passed in.
let dir: string;
let mongo: EmbeddedMongo;
let client: MongoClient;
let db: Db;
let throttle: Throttle;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'serantau-throttle-'));
  mongo = await startEmbeddedMongo({ dbPath: dir });
  client = new MongoClient(mongo.url);
  await client.connect();
  db = client.db('throttle');
  throttle = createThrottle(db);
});

afterAll(async () => {
  await client?.close();
  await mongo?.close();
  await rm(dir, { recursive: true, force: true });
});

const RULE: ThrottleRule = { maxAttempts: 3, windowMs: 60_000, lockMs: 5 * 60_000 };
const T0 = new Date('2026-03-01T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
let keyCounter = 0;
const freshKey = () => `test:${(keyCounter += 1)}`;

/** The AppError a reservation throws, or null when it was granted. */
async function attempt(key: string, now: Date, rule: ThrottleRule = RULE): Promise<AppError | null> {
  try {
    await throttle.reserve([{ key, rule }], now);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe('login throttle', () => {
  it('grants maxAttempts in a window, then locks for lockMs with a Retry-After in seconds', async () => {
    const key = freshKey();
    for (let i = 0; i < RULE.maxAttempts; i += 1) expect(await attempt(key, at(i * 1000))).toBeNull();
    const refused = await attempt(key, at(3_000));
    expect(refused?.code).toBe('RATE_LIMITED');
    expect(refused?.extra).toEqual({ retryAfterSeconds: 300 });
    expect(refused?.message).toBe('Too many failed attempts. Try again in 5 minutes.');
    // Still locked just before the lock ends (the window alone has expired by then), with less to wait.
    const later = await attempt(key, at(3_000 + RULE.lockMs - 20_000));
    expect(later?.extra).toEqual({ retryAfterSeconds: 20 });
    expect(later?.message).toBe('Too many failed attempts. Try again in 20 seconds.');
    // Once the lock is over, a fresh window starts.
    expect(await attempt(key, at(3_000 + RULE.lockMs + 1))).toBeNull();
  });

  it('forgets failures once their window has passed', async () => {
    const key = freshKey();
    for (let i = 0; i < RULE.maxAttempts; i += 1) expect(await attempt(key, at(0))).toBeNull();
    expect(await attempt(key, at(RULE.windowMs + 1))).toBeNull();
    expect(await attempt(key, at(RULE.windowMs + 2))).toBeNull();
    expect(await attempt(key, at(RULE.windowMs + 3))).toBeNull();
    expect((await attempt(key, at(RULE.windowMs + 4)))?.code).toBe('RATE_LIMITED');
  });

  it('gives back released attempts (successes) and clears a key on reset', async () => {
    const released = freshKey();
    for (let i = 0; i < 10; i += 1) {
      expect(await attempt(released, at(i))).toBeNull();
      await throttle.release(released);
    }
    const reset = freshKey();
    for (let i = 0; i < RULE.maxAttempts; i += 1) expect(await attempt(reset, at(i))).toBeNull();
    await throttle.reset(reset);
    expect(await attempt(reset, at(10))).toBeNull();
    expect(await db.collection('login_throttle').findOne({ _id: reset as never })).toMatchObject({
      attempts: 1,
    });
  });

  it('counts every key of a reservation; a locked key refuses it before later keys are charged', async () => {
    const account = freshKey();
    const address = freshKey();
    const roomy: ThrottleRule = { ...RULE, maxAttempts: 10 };
    const both = [
      { key: account, rule: RULE },
      { key: address, rule: roomy },
    ];
    for (let i = 0; i < RULE.maxAttempts; i += 1) await throttle.reserve(both, at(i));
    await expect(throttle.reserve(both, at(10))).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    const counters = db.collection<{ _id: string; attempts: number }>('login_throttle');
    expect((await counters.findOne({ _id: address }))?.attempts).toBe(RULE.maxAttempts);
  });

  it('keeps its counters until their window or lock is over (TTL field)', async () => {
    const key = freshKey();
    await attempt(key, at(0));
    const counters = db.collection<{ _id: string; expiresAt: Date }>('login_throttle');
    expect((await counters.findOne({ _id: key }))?.expiresAt).toEqual(at(RULE.windowMs));
    for (let i = 1; i <= RULE.maxAttempts; i += 1) await attempt(key, at(i));
    expect((await counters.findOne({ _id: key }))?.expiresAt).toEqual(at(RULE.maxAttempts + RULE.lockMs));
  });
});
