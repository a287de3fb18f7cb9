import { ObjectId, type Db, type Filter } from 'mongodb';
import type {
  GlobalRole,
  JurisdictionCode,
  Language,
  LegalTopic,
  UiLocale,
  UserStatus,
} from '@serantau/shared';
import type { CollectionIndexes } from '../../db/database';
import { decodeCursor, encodeCursor, toObjectId } from '../../db/ids';
import { AppError } from '../../http/errors';

export interface TwoFactorState {
  /** AES-GCM sealed TOTP secret (see auth/secret-box). */
  secretSealed: string;
  enabledAt: Date;
  /** Last accepted TOTP time step: a code is never accepted twice. */
  lastUsedStep: number;
  recoveryCodeHashes: string[];
}

export interface UserDoc {
  _id: ObjectId;
  /** Stored lower-cased, so the unique index makes email case-insensitive. */
  email: string;
  displayName: string;
  country: JurisdictionCode;
  agencyId: ObjectId | null;
  title: string;
  languages: Language[];
  expertise: LegalTopic[];
  role: GlobalRole;
  status: UserStatus;
  contactPoint: string | null;
  passwordHash: string | null;
  locale: UiLocale;
  timeZone: string;
  twoFactor: TwoFactorState | null;
  /** Secret shown during enrolment, waiting for its first code. */
  pendingTwoFactorSecret: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}

export const userIndexes: CollectionIndexes[] = [
  {
    collection: 'users',
    indexes: [
      { key: { email: 1 }, name: 'email_unique', unique: true },
      { key: { country: 1, displayName: 1 }, name: 'by_country' },
      { key: { status: 1 }, name: 'by_status' },
      { key: { expertise: 1 }, name: 'by_expertise' },
    ],
  },
];

export type NewUser = Omit<
  UserDoc,
  '_id' | 'createdAt' | 'updatedAt' | 'lastLoginAt' | 'twoFactor' | 'pendingTwoFactorSecret'
> &
  Partial<Pick<UserDoc, 'twoFactor'>>;

export function createUsersRepo(db: Db) {
  const users = db.collection<UserDoc>('users');

  /** Name order with a (name, id) cursor, so paging is stable while members are added. */
  async function searchByName(
    filter: Filter<UserDoc>,
    after: { name: string; id: ObjectId } | null,
    limit: number,
  ): Promise<UserDoc[]> {
    const query: Filter<UserDoc> = after
      ? {
          $and: [
            filter,
            {
              $or: [
                { displayName: { $gt: after.name } },
                { displayName: after.name, _id: { $gt: after.id } },
              ],
            },
          ],
        }
      : filter;
    return users.find(query, { sort: { displayName: 1, _id: 1 }, limit }).toArray();
  }

  return {
    searchByName,

    collection: users,

    findById(id: ObjectId): Promise<UserDoc | null> {
      return users.findOne({ _id: id });
    },

    findByIds(ids: readonly ObjectId[]): Promise<UserDoc[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return users.find({ _id: { $in: [...ids] } }).toArray();
    },

    /**
     * Active members with one of `roles`, optionally only in some countries or with some expertise
     * (any of the topics), at most `limit`: who a feature may want to tell about something.
     */
    activeMatching(
      criteria: {
        roles: readonly GlobalRole[];
        countries?: readonly JurisdictionCode[];
        expertiseAny?: readonly LegalTopic[];
        excludeIds?: readonly ObjectId[];
      },
      limit: number,
    ): Promise<UserDoc[]> {
      const filter: Filter<UserDoc> = { status: 'active', role: { $in: [...criteria.roles] } };
      if (criteria.countries) filter.country = { $in: [...criteria.countries] };
      if (criteria.expertiseAny) filter.expertise = { $in: [...criteria.expertiseAny] };
      if (criteria.excludeIds?.length) filter._id = { $nin: [...criteria.excludeIds] };
      return users.find(filter, { limit, sort: { _id: 1 } }).toArray();
    },

    findByEmail(email: string): Promise<UserDoc | null> {
      return users.findOne({ email: email.toLowerCase() });
    },

    /** Throws the driver's duplicate-key error (code 11000) when the email is taken. */
    async insert(user: NewUser): Promise<UserDoc> {
      const now = new Date();
      const doc: UserDoc = {
        ...user,
        _id: new ObjectId(),
        email: user.email.toLowerCase(),
        twoFactor: user.twoFactor ?? null,
        pendingTwoFactorSecret: null,
        createdAt: now,
        updatedAt: now,
        lastLoginAt: null,
      };
      await users.insertOne(doc);
      return doc;
    },

    async update(
      id: ObjectId,
      changes: Partial<Omit<UserDoc, '_id' | 'createdAt'>>,
    ): Promise<UserDoc | null> {
      return users.findOneAndUpdate(
        { _id: id },
        { $set: { ...changes, updatedAt: new Date() } },
        { returnDocument: 'after' },
      );
    },

    /** Advances the TOTP step only forwards: two requests racing with one code cannot both win. */
    async consumeTotpStep(id: ObjectId, step: number): Promise<boolean> {
      const result = await users.updateOne(
        { _id: id, 'twoFactor.lastUsedStep': { $lt: step } },
        { $set: { 'twoFactor.lastUsedStep': step } },
      );
      return result.modifiedCount === 1;
    },

    /** Replaces only the recovery codes, leaving the TOTP step counter as the database has it. */
    async setRecoveryCodes(id: ObjectId, hashes: string[]): Promise<void> {
      await users.updateOne(
        { _id: id, twoFactor: { $ne: null } },
        { $set: { 'twoFactor.recoveryCodeHashes': hashes } },
      );
    },

    /** An invited account becomes active with its first password; any other state refuses (null). */
    activateInvited(
      id: ObjectId,
      changes: { passwordHash: string; displayName?: string },
    ): Promise<UserDoc | null> {
      return users.findOneAndUpdate(
        { _id: id, status: 'invited' },
        { $set: { ...changes, status: 'active', updatedAt: new Date() } },
        { returnDocument: 'after' },
      );
    },

    /** Removes one recovery code if still present: each works once. */
    async consumeRecoveryCode(id: ObjectId, codeHash: string): Promise<boolean> {
      const result = await users.updateOne(
        { _id: id, 'twoFactor.recoveryCodeHashes': codeHash },
        { $pull: { 'twoFactor.recoveryCodeHashes': codeHash } },
      );
      return result.modifiedCount === 1;
    },

    /** One page in name order; the cursor is opaque to callers and clients. */
    async pageByName(
      filter: Filter<UserDoc>,
      cursor: string | undefined,
      limit: number,
    ): Promise<{ users: UserDoc[]; nextCursor: string | null }> {
      const found = await searchByName(filter, parseNameCursor(cursor), limit + 1);
      const users = found.slice(0, limit);
      const last = users.at(-1);
      const nextCursor =
        found.length > limit && last
          ? encodeCursor({ name: last.displayName, id: last._id.toHexString() })
          : null;
      return { users, nextCursor };
    },

    count(filter: Filter<UserDoc>): Promise<number> {
      return users.countDocuments(filter);
    },
  };
}

export type UsersRepo = ReturnType<typeof createUsersRepo>;

/** A (name, id) cursor; anything unreadable is the client's error, not the server's. */
function parseNameCursor(cursor: string | undefined): { name: string; id: ObjectId } | null {
  if (!cursor) return null;
  const decoded = decodeCursor(cursor);
  if (
    !decoded ||
    typeof decoded.name !== 'string' ||
    typeof decoded.id !== 'string' ||
    !/^[a-f0-9]{24}$/.test(decoded.id)
  ) {
    throw new AppError('VALIDATION_FAILED', 'Invalid cursor');
  }
  return { name: decoded.name, id: toObjectId(decoded.id) };
}
