import { createHash, randomBytes } from 'node:crypto';
import type {
  AcceptInvitationBody,
  CreateInvitationBody,
  CreatedInvitation,
  Invitation,
  InvitationPreview,
  LoginResult,
} from '@serantau/shared';
import { toObjectId } from '../../db/ids';
import { AppError, isDuplicateKeyError, notFound } from '../../http/errors';
import type { Mailer } from '../../mail/mailer';
import type { Actor, RequestOrigin } from '../../policy/actor';
import type { AuditService } from '../audit/service';
import { hashPassword } from '../auth/passwords';
import type { AuthService, IssuedSession } from '../auth/service';
import type { UsersRepo } from '../users/repo';
import type { InvitationDoc, InvitationsRepo } from './repo';

const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

export interface InvitationsDeps {
  repo: InvitationsRepo;
  users: UsersRepo;
  auth: AuthService;
  audit: AuditService;
  mailer: Mailer;
  publicUrl: string;
  agencyExists(id: ReturnType<typeof toObjectId>, country: string): Promise<boolean>;
  clock?: () => Date;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function presentInvitation(doc: InvitationDoc, now: Date): Invitation {
  const expired = doc.status === 'pending' && doc.expiresAt.getTime() <= now.getTime();
  return {
    id: doc._id.toHexString(),
    email: doc.email,
    displayName: doc.displayName,
    country: doc.country,
    agencyId: doc.agencyId?.toHexString() ?? null,
    role: doc.role,
    status: expired ? 'expired' : doc.status,
    invitedBy: doc.invitedBy.toHexString(),
    createdAt: doc.createdAt.toISOString(),
    expiresAt: doc.expiresAt.toISOString(),
    emailed: doc.emailed,
  };
}

export function createInvitationsService(deps: InvitationsDeps) {
  const now = () => deps.clock?.() ?? new Date();

  async function pendingByToken(token: string): Promise<InvitationDoc> {
    const doc = await deps.repo.findByTokenHash(hashToken(token));
    if (!doc) throw notFound('Invitation');
    if (doc.status !== 'pending' || doc.expiresAt.getTime() <= now().getTime()) {
      throw new AppError('GONE', 'This invitation link has expired or was already used. Ask for a new one.');
    }
    return doc;
  }

  return {
    async create(
      actor: Actor,
      body: CreateInvitationBody,
      origin: RequestOrigin,
    ): Promise<CreatedInvitation> {
      const agencyId = body.agencyId ? toObjectId(body.agencyId) : null;
      if (agencyId && !(await deps.agencyExists(agencyId, body.country))) {
        throw new AppError('VALIDATION_FAILED', 'That agency does not exist in the chosen country');
      }
      let user = await deps.users.findByEmail(body.email);
      if (user && user.status !== 'invited') {
        throw new AppError('ALREADY_EXISTS', 'A member with this email already exists');
      }
      const profile = {
        displayName: body.displayName,
        country: body.country,
        agencyId,
        role: body.role,
        title: body.title ?? '',
      };
      if (user) {
        user = (await deps.users.update(user._id, profile)) ?? user;
        await deps.repo.revokePendingFor(body.email);
      } else {
        try {
          user = await deps.users.insert({
            ...profile,
            email: body.email,
            languages: [],
            expertise: [],
            status: 'invited',
            contactPoint: null,
            passwordHash: null,
            locale: 'en',
            timeZone: 'Asia/Bangkok',
          });
        } catch (error) {
          if (isDuplicateKeyError(error))
            throw new AppError('ALREADY_EXISTS', 'A member with this email already exists');
          throw error;
        }
      }
      const token = randomBytes(32).toString('base64url');
      const created = now();
      const doc = await deps.repo.insert({
        tokenHash: hashToken(token),
        userId: user._id,
        email: body.email,
        ...profile,
        status: 'pending',
        invitedBy: toObjectId(actor.userId),
        emailed: false,
        createdAt: created,
        expiresAt: new Date(created.getTime() + INVITATION_TTL_MS),
        acceptedAt: null,
      });
      const inviteUrl = `${deps.publicUrl}/invite/${token}`;
      if (deps.mailer.enabled) {
        const sent = await deps.mailer.send({
          to: body.email,
          subject: 'You are invited to Serantau',
          text: [
            `${actor.displayName} invited you to Serantau, the workspace of the regional network of prosecutors.`,
            '',
            `Open this link within 7 days to set your password: ${inviteUrl}`,
            '',
            'If you did not expect this invitation, ignore this message.',
          ].join('\n'),
        });
        if (sent) {
          await deps.repo.markEmailed(doc._id);
          doc.emailed = true;
        }
      }
      await deps.audit.record({
        actor,
        action: 'invitation.create',
        target: { type: 'user', id: user._id.toHexString() },
        origin,
        details: { role: body.role, country: body.country, emailed: doc.emailed },
      });
      return { invitation: presentInvitation(doc, now()), inviteUrl };
    },

    async list(): Promise<Invitation[]> {
      const docs = await deps.repo.list();
      return docs.map((doc) => presentInvitation(doc, now()));
    },

    async revoke(actor: Actor, id: string, origin: RequestOrigin): Promise<void> {
      const doc = await deps.repo.revoke(toObjectId(id));
      if (!doc) throw notFound('Pending invitation');
      await deps.audit.record({
        actor,
        action: 'invitation.revoke',
        target: { type: 'invitation', id },
        origin,
      });
    },

    async preview(token: string): Promise<InvitationPreview> {
      const doc = await pendingByToken(token);
      return {
        email: doc.email,
        displayName: doc.displayName,
        country: doc.country,
        role: doc.role,
        expiresAt: doc.expiresAt.toISOString(),
      };
    },

    async accept(
      token: string,
      body: AcceptInvitationBody,
      origin: RequestOrigin,
    ): Promise<IssuedSession<LoginResult>> {
      await pendingByToken(token);
      const claimed = await deps.repo.claim(hashToken(token), now());
      if (!claimed)
        throw new AppError(
          'GONE',
          'This invitation link has expired or was already used. Ask for a new one.',
        );
      try {
        const passwordHash = await hashPassword(body.password);
        // Only a still-invited account may be activated: a suspension in the meantime wins.
        const user = await deps.users.activateInvited(claimed.userId, {
          passwordHash,
          ...(body.displayName ? { displayName: body.displayName } : {}),
        });
        if (!user) {
          await deps.repo.revokePendingFor(claimed.email);
          await deps.repo.revoke(claimed._id, 'accepted');
          throw new AppError('GONE', 'This invitation is no longer valid. Ask the network secretariat.');
        }
        await deps.audit.record({
          actor: { userId: user._id.toHexString(), displayName: user.displayName },
          action: 'invitation.accept',
          target: { type: 'user', id: user._id.toHexString() },
          origin,
        });
        return await deps.auth.startSessionFor(user._id, origin);
      } catch (error) {
        if (error instanceof AppError && error.code === 'GONE') throw error;
        await deps.repo.unclaim(claimed._id);
        throw error;
      }
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
