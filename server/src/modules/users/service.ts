import type { Filter, ObjectId } from 'mongodb';
import type {
  AdminUpdateUserBody,
  AdminUser,
  AdminUserQuery,
  CurrentUser,
  SessionEndReason,
  UpdateProfileBody,
} from '@serantau/shared';
import { escapeRegex, toObjectId } from '../../db/ids';
import { AppError, notFound } from '../../http/errors';
import type { Actor, RequestOrigin } from '../../policy/actor';
import type { AuditService } from '../audit/service';
import { presentAdminUser, presentCurrentUser, type AgencyNames } from './presenter';
import type { UserDoc, UsersRepo } from './repo';

export interface UsersDeps {
  repo: UsersRepo;
  audit: AuditService;
  /** Agency names for presenting users; the directory owns agencies. */
  agencyNames(ids: readonly ObjectId[]): Promise<AgencyNames>;
  /** Whether an agency id exists (and belongs to the country, when given). */
  agencyExists(id: ObjectId, country: string): Promise<boolean>;
  /** Ends a user's sessions and live connections; the auth module owns sessions. */
  endUserSessions(userId: ObjectId, reason: SessionEndReason): Promise<void>;
  /** Called when an account is suspended (its invitation links are revoked). */
  onSuspended?(userId: ObjectId): Promise<void>;
  /** Tells the user's open tabs that their account changed (wired to the socket gateway). */
  onAccountUpdated?(user: CurrentUser): void;
}

export function createUsersService(deps: UsersDeps) {
  async function agencyNamesOf(users: readonly UserDoc[]): Promise<AgencyNames> {
    const ids = users.flatMap((user) => (user.agencyId ? [user.agencyId] : []));
    return deps.agencyNames(ids);
  }

  async function existing(id: string): Promise<UserDoc> {
    const user = await deps.repo.findById(toObjectId(id));
    if (!user) throw notFound('User');
    return user;
  }

  /** The admin's view of the changed account; the account's owner hears about it live. */
  async function presentAdmin(user: UserDoc): Promise<AdminUser> {
    const names = await agencyNamesOf([user]);
    deps.onAccountUpdated?.(presentCurrentUser(user, names));
    return presentAdminUser(user, names);
  }

  return {
    agencyNamesOf,

    async presentCurrent(user: UserDoc): Promise<CurrentUser> {
      return presentCurrentUser(user, await agencyNamesOf([user]));
    },

    async updateProfile(actor: Actor, changes: UpdateProfileBody): Promise<CurrentUser> {
      const updated = await deps.repo.update(toObjectId(actor.userId), changes);
      if (!updated) throw notFound('User');
      const current = presentCurrentUser(updated, await agencyNamesOf([updated]));
      deps.onAccountUpdated?.(current);
      return current;
    },

    async adminList(query: AdminUserQuery): Promise<{ items: AdminUser[]; nextCursor: string | null }> {
      const filter: Filter<UserDoc> = {};
      if (query.status) filter.status = query.status;
      if (query.role) filter.role = query.role;
      if (query.country) filter.country = query.country;
      if (query.q) {
        const pattern = { $regex: escapeRegex(query.q), $options: 'i' };
        filter.$or = [{ displayName: pattern }, { email: pattern }];
      }
      const { users, nextCursor } = await deps.repo.pageByName(filter, query.cursor, query.limit);
      const names = await agencyNamesOf(users);
      return { items: users.map((user) => presentAdminUser(user, names)), nextCursor };
    },

    async adminUpdate(
      actor: Actor,
      id: string,
      changes: AdminUpdateUserBody,
      origin: RequestOrigin,
    ): Promise<AdminUser> {
      const user = await existing(id);
      if (user._id.toHexString() === actor.userId && changes.role && changes.role !== user.role) {
        throw new AppError('FORBIDDEN', 'You cannot change your own role');
      }
      const country = changes.country ?? user.country;
      const agencyId =
        changes.agencyId === undefined
          ? user.agencyId
          : changes.agencyId
            ? toObjectId(changes.agencyId)
            : null;
      if (agencyId && !(await deps.agencyExists(agencyId, country))) {
        throw new AppError('VALIDATION_FAILED', 'That agency does not exist in the chosen country');
      }
      const updated = await deps.repo.update(user._id, {
        ...(changes.role ? { role: changes.role } : {}),
        ...(changes.country ? { country: changes.country } : {}),
        ...(changes.title !== undefined ? { title: changes.title } : {}),
        ...(changes.contactPoint !== undefined ? { contactPoint: changes.contactPoint } : {}),
        agencyId,
      });
      if (!updated) throw notFound('User');
      // Role, country and agency decide what a member may see; connections opened under the old ones
      // must not keep it. Signing out everywhere is the one change every surface honours at once.
      const accessChanged =
        (changes.role !== undefined && changes.role !== user.role) ||
        (changes.country !== undefined && changes.country !== user.country) ||
        String(agencyId) !== String(user.agencyId);
      if (accessChanged) await deps.endUserSessions(user._id, 'access_changed');
      await deps.audit.record({
        actor,
        action: 'user.update',
        target: { type: 'user', id },
        origin,
        details: { changes: { ...changes }, previousRole: user.role },
      });
      return presentAdmin(updated);
    },

    /** Suspension takes effect at once: sessions are deleted and live connections closed. */
    async suspend(actor: Actor, id: string, origin: RequestOrigin): Promise<AdminUser> {
      const user = await existing(id);
      if (user._id.toHexString() === actor.userId)
        throw new AppError('FORBIDDEN', 'You cannot suspend yourself');
      const updated = await deps.repo.update(user._id, { status: 'suspended' });
      if (!updated) throw notFound('User');
      await deps.endUserSessions(user._id, 'suspended');
      await deps.onSuspended?.(user._id);
      await deps.audit.record({ actor, action: 'user.suspend', target: { type: 'user', id }, origin });
      return presentAdmin(updated);
    },

    async reactivate(actor: Actor, id: string, origin: RequestOrigin): Promise<AdminUser> {
      const user = await existing(id);
      if (user.status !== 'suspended')
        throw new AppError('CONFLICT', 'Only suspended accounts can be reactivated');
      const updated = await deps.repo.update(user._id, { status: user.passwordHash ? 'active' : 'invited' });
      if (!updated) throw notFound('User');
      await deps.audit.record({ actor, action: 'user.reactivate', target: { type: 'user', id }, origin });
      return presentAdmin(updated);
    },

    async resetTwoFactor(actor: Actor, id: string, origin: RequestOrigin): Promise<AdminUser> {
      const user = await existing(id);
      const updated = await deps.repo.update(user._id, { twoFactor: null, pendingTwoFactorSecret: null });
      if (!updated) throw notFound('User');
      await deps.endUserSessions(user._id, 'revoked');
      await deps.audit.record({
        actor,
        action: 'user.reset_two_factor',
        target: { type: 'user', id },
        origin,
      });
      return presentAdmin(updated);
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
