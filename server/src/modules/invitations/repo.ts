import { ObjectId, type Db } from 'mongodb';
import type { GlobalRole, JurisdictionCode } from '@serantau/shared';
import type { CollectionIndexes } from '../../db/database';

export type InvitationStatus = 'pending' | 'accepted' | 'revoked';

export interface InvitationDoc {
  _id: ObjectId;
  /** sha256 of the link token: the database cannot be used to accept invitations. */
  tokenHash: string;
  userId: ObjectId;
  email: string;
  displayName: string;
  country: JurisdictionCode;
  agencyId: ObjectId | null;
  role: GlobalRole;
  status: InvitationStatus;
  invitedBy: ObjectId;
  emailed: boolean;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
}

export const invitationIndexes: CollectionIndexes[] = [
  {
    collection: 'invitations',
    indexes: [
      { key: { tokenHash: 1 }, name: 'token_unique', unique: true },
      { key: { email: 1, status: 1 }, name: 'by_email' },
      { key: { createdAt: -1 }, name: 'by_created' },
    ],
  },
];

export function createInvitationsRepo(db: Db) {
  const invitations = db.collection<InvitationDoc>('invitations');
  return {
    async insert(invitation: Omit<InvitationDoc, '_id'>): Promise<InvitationDoc> {
      const doc = { ...invitation, _id: new ObjectId() };
      await invitations.insertOne(doc);
      return doc;
    },
    findByTokenHash(tokenHash: string): Promise<InvitationDoc | null> {
      return invitations.findOne({ tokenHash });
    },
    list(limit = 200): Promise<InvitationDoc[]> {
      return invitations.find({}, { sort: { createdAt: -1 }, limit }).toArray();
    },
    /** Single use: only one caller can move a pending, unexpired invitation to accepted. */
    claim(tokenHash: string, now: Date): Promise<InvitationDoc | null> {
      return invitations.findOneAndUpdate(
        { tokenHash, status: 'pending', expiresAt: { $gt: now } },
        { $set: { status: 'accepted', acceptedAt: now } },
        { returnDocument: 'after' },
      );
    },
    /** Undo a claim whose follow-up failed, so the link still works. */
    async unclaim(id: ObjectId): Promise<void> {
      await invitations.updateOne(
        { _id: id, status: 'accepted' },
        { $set: { status: 'pending', acceptedAt: null } },
      );
    },
    async revoke(id: ObjectId, from: InvitationStatus = 'pending'): Promise<InvitationDoc | null> {
      return invitations.findOneAndUpdate(
        { _id: id, status: from },
        { $set: { status: 'revoked' } },
        { returnDocument: 'after' },
      );
    },
    async revokePendingForUser(userId: ObjectId): Promise<void> {
      await invitations.updateMany({ userId, status: 'pending' }, { $set: { status: 'revoked' } });
    },
    async revokePendingFor(email: string): Promise<void> {
      await invitations.updateMany({ email, status: 'pending' }, { $set: { status: 'revoked' } });
    },
    async markEmailed(id: ObjectId): Promise<void> {
      await invitations.updateOne({ _id: id }, { $set: { emailed: true } });
    },
  };
}

export type InvitationsRepo = ReturnType<typeof createInvitationsRepo>;
