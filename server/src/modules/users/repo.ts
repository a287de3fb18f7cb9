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
  return {
    collection: users,

    findById(id: ObjectId): Promise<UserDoc | null> {
      return users.findOne({ _id: id });
    },

    findByIds(ids: readonly ObjectId[]): Promise<UserDoc[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return users.find({ _id: { $in: [...ids] } }).toArray();
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

    /** Removes one recovery code if still present: each works once. */
    async consumeRecoveryCode(id: ObjectId, codeHash: string): Promise<boolean> {
      const result = await users.updateOne(
        { _id: id, 'twoFactor.recoveryCodeHashes': codeHash },
        { $pull: { 'twoFactor.recoveryCodeHashes': codeHash } },
      );
      return result.modifiedCount === 1;
    },

    /** Name order with a (name, id) cursor, so paging is stable while members are added. */
    async searchByName(
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
    },

    count(filter: Filter<UserDoc>): Promise<number> {
      return users.countDocuments(filter);
    },
  };
}

export type UsersRepo = ReturnType<typeof createUsersRepo>;
