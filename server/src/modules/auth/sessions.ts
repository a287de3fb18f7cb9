import { createHmac, randomBytes } from 'node:crypto';
import type { Db, ObjectId } from 'mongodb';
import type { SessionEndReason } from '@serantau/shared';
import type { CollectionIndexes } from '../../db/database';
import type { SessionStage } from '../../http/request-auth';

export interface SessionDoc {
  /** HMAC of the cookie token: the database never holds a usable token. */
  _id: string;
  /** Shown to the user in "active sessions"; not a credential. */
  publicId: string;
  userId: ObjectId;
  stage: SessionStage;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  absoluteExpiresAt: Date;
  /** Earliest of idle and absolute expiry; the TTL index deletes the session then. */
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  secondFactorFailures: number;
}

export const sessionIndexes: CollectionIndexes[] = [
  {
    collection: 'sessions',
    indexes: [
      { key: { expiresAt: 1 }, name: 'expiry_ttl', expireAfterSeconds: 0 },
      { key: { userId: 1 }, name: 'by_user' },
      { key: { publicId: 1 }, name: 'public_id_unique', unique: true },
    ],
  },
];

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

/** Sessions are touched at most this often, so reads do not turn into a write per request. */
const TOUCH_INTERVAL_MS = 30_000;

export interface NewSession {
  token: string;
  doc: SessionDoc;
}

/** Called with the ids of sessions that ended, so live connections can be closed too. */
export type SessionEndedListener = (
  ended: { sessionIds: string[]; userId: string },
  reason: SessionEndReason,
) => void;

export function createSessionStore(db: Db, secret: string, policy: SessionPolicy) {
  const sessions = db.collection<SessionDoc>('sessions');
  const listeners = new Set<SessionEndedListener>();
  const keyOf = (token: string) => createHmac('sha256', secret).update(token).digest('hex');

  function notify(userId: ObjectId, publicIds: string[], reason: SessionEndReason): void {
    if (publicIds.length === 0) return;
    for (const listener of listeners)
      listener({ sessionIds: publicIds, userId: userId.toHexString() }, reason);
  }

  return {
    onSessionsEnded(listener: SessionEndedListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async create(
      userId: ObjectId,
      stage: SessionStage,
      origin: { ip: string | null; userAgent: string | null },
      now = new Date(),
    ): Promise<NewSession> {
      const token = randomBytes(32).toString('base64url');
      const absoluteExpiresAt = new Date(now.getTime() + policy.absoluteMs);
      const doc: SessionDoc = {
        _id: keyOf(token),
        publicId: randomBytes(12).toString('hex'),
        userId,
        stage,
        csrfToken: randomBytes(24).toString('base64url'),
        createdAt: now,
        lastSeenAt: now,
        absoluteExpiresAt,
        expiresAt: new Date(Math.min(now.getTime() + policy.idleMs, absoluteExpiresAt.getTime())),
        ip: origin.ip,
        userAgent: origin.userAgent,
        secondFactorFailures: 0,
      };
      await sessions.insertOne(doc);
      return { token, doc };
    },

    /** The live session behind a cookie token, extended for activity; null if unknown or expired. */
    async resolve(token: string, now = new Date()): Promise<SessionDoc | null> {
      if (token.length < 20 || token.length > 100) return null;
      const doc = await sessions.findOne({ _id: keyOf(token) });
      if (!doc) return null;
      // The TTL sweep is lazy: expiry is enforced here, on every use.
      if (doc.expiresAt.getTime() <= now.getTime()) {
        await sessions.deleteOne({ _id: doc._id });
        notify(doc.userId, [doc.publicId], 'expired');
        return null;
      }
      if (now.getTime() - doc.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
        const expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, doc.absoluteExpiresAt.getTime()));
        await sessions.updateOne({ _id: doc._id }, { $set: { lastSeenAt: now, expiresAt } });
        return { ...doc, lastSeenAt: now, expiresAt };
      }
      return doc;
    },

    /** Whether a session (by public id) is still live; used by long-lived sockets. */
    async isLive(publicId: string, now = new Date()): Promise<boolean> {
      const doc = await sessions.findOne({ publicId }, { projection: { expiresAt: 1 } });
      return doc !== null && doc.expiresAt.getTime() > now.getTime();
    },

    /** Keeps a session alive while its owner works over a socket rather than HTTP. */
    async touchByPublicId(publicId: string, now = new Date()): Promise<void> {
      const doc = await sessions.findOne({ publicId });
      if (!doc || now.getTime() - doc.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return;
      const expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, doc.absoluteExpiresAt.getTime()));
      await sessions.updateOne(
        { _id: doc._id, expiresAt: { $gt: now } },
        { $set: { lastSeenAt: now, expiresAt } },
      );
    },

    async recordSecondFactorFailure(id: string): Promise<number> {
      const doc = await sessions.findOneAndUpdate(
        { _id: id },
        { $inc: { secondFactorFailures: 1 } },
        { returnDocument: 'after' },
      );
      return doc?.secondFactorFailures ?? Number.POSITIVE_INFINITY;
    },

    listForUser(userId: ObjectId, now = new Date()): Promise<SessionDoc[]> {
      return sessions.find({ userId, expiresAt: { $gt: now } }, { sort: { lastSeenAt: -1 } }).toArray();
    },

    async revoke(
      doc: Pick<SessionDoc, '_id' | 'publicId' | 'userId'>,
      reason: SessionEndReason,
    ): Promise<void> {
      await sessions.deleteOne({ _id: doc._id });
      notify(doc.userId, [doc.publicId], reason);
    },

    async revokeByPublicId(userId: ObjectId, publicId: string, reason: SessionEndReason): Promise<boolean> {
      const doc = await sessions.findOneAndDelete({ userId, publicId });
      if (!doc) return false;
      notify(userId, [publicId], reason);
      return true;
    },

    /** Ends every session of a user except, optionally, one (the one making the change). */
    async revokeAllForUser(userId: ObjectId, reason: SessionEndReason, exceptId?: string): Promise<void> {
      const filter = exceptId ? { userId, _id: { $ne: exceptId } } : { userId };
      const ended = await sessions.find(filter, { projection: { publicId: 1 } }).toArray();
      await sessions.deleteMany(filter);
      notify(
        userId,
        ended.map((doc) => doc.publicId),
        reason,
      );
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
