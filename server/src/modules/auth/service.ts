import QRCode from 'qrcode';
import type { ObjectId } from 'mongodb';
import type {
  ChangePasswordBody,
  CurrentUser,
  DisableTwoFactorBody,
  LoginBody,
  LoginResult,
  RecoveryCodes,
  SecondFactorBody,
  SessionEndReason,
  SessionInfo,
  TwoFactorSetup,
  ActiveSession,
} from '@serantau/shared';
import { toObjectId as toObjectIdOf } from '../../db/ids';
import { AppError } from '../../http/errors';
import type { RequestAuth, SessionStage } from '../../http/request-auth';
import type { Actor, RequestOrigin } from '../../policy/actor';
import type { AuditService } from '../audit/service';
import type { SettingsService } from '../settings/service';
import type { UserDoc, UsersRepo } from '../users/repo';
import { hashPassword, verifyPassword } from './passwords';
import type { SecretBox } from './secret-box';
import type { SessionDoc, SessionStore } from './sessions';
import { LOGIN_THROTTLE, type Throttle } from './throttle';
import {
  generateRecoveryCodes,
  generateTotpSecret,
  matchTotpStep,
  normaliseRecoveryCode,
  totpUri,
} from './totp';

/** Wrong second-factor codes allowed per sign-in before the password must be entered again. */
const MAX_SECOND_FACTOR_FAILURES = 5;

export interface AuthDeps {
  users: UsersRepo;
  sessions: SessionStore;
  throttle: Throttle;
  settings: SettingsService;
  audit: AuditService;
  secretBox: SecretBox;
  presentCurrentUser(user: UserDoc): Promise<CurrentUser>;
  clock?: () => Date;
}

/** A step that (re)issued a session: the route sets this token as the cookie. */
export interface IssuedSession<T> {
  token: string;
  result: T;
}

export function createAuthService(deps: AuthDeps) {
  const now = () => deps.clock?.() ?? new Date();

  async function sessionInfo(session: SessionDoc, user: UserDoc): Promise<SessionInfo> {
    return {
      user: await deps.presentCurrentUser(user),
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  async function activeUser(userId: ObjectId): Promise<UserDoc> {
    const user = await deps.users.findById(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Please sign in');
    if (user.status === 'suspended') throw new AppError('ACCOUNT_SUSPENDED', 'This account is suspended');
    return user;
  }

  async function stageAfterPassword(user: UserDoc): Promise<SessionStage> {
    if (user.twoFactor) return 'second_factor';
    const settings = await deps.settings.get();
    return settings.requireTwoFactor ? 'enrolment' : 'complete';
  }

  async function issueForStage(
    user: UserDoc,
    stage: SessionStage,
    origin: RequestOrigin,
  ): Promise<IssuedSession<LoginResult>> {
    const { token, doc } = await deps.sessions.create(user._id, stage, origin, now());
    if (stage === 'complete') {
      await deps.users.update(user._id, { lastLoginAt: now() });
      return { token, result: { status: 'authenticated', session: await sessionInfo(doc, user) } };
    }
    return {
      token,
      result:
        stage === 'second_factor'
          ? { status: 'two_factor_required', csrfToken: doc.csrfToken }
          : { status: 'two_factor_enrolment_required', csrfToken: doc.csrfToken },
    };
  }

  /** Checks a TOTP code against the user's enabled secret and consumes its time step. */
  async function consumeTotp(user: UserDoc, code: string): Promise<boolean> {
    if (!user.twoFactor) return false;
    const step = matchTotpStep(deps.secretBox.open(user.twoFactor.secretSealed), code, now().getTime());
    if (step === null) return false;
    return deps.users.consumeTotpStep(user._id, step);
  }

  /** Recovery codes are stored keyed (HMAC), so a copy of the database alone cannot crack them offline. */
  function recoveryDigest(code: string): string {
    return deps.secretBox.digest(normaliseRecoveryCode(code));
  }

  async function newRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
    const codes = generateRecoveryCodes();
    return { codes, hashes: codes.map(recoveryDigest) };
  }

  /** A TOTP check inside a signed-in session (turning 2FA off, new recovery codes): same guess limit. */
  async function consumeTotpLimited(user: UserDoc, code: string): Promise<boolean> {
    const key = secondFactorKey(user);
    await deps.throttle.reserve([{ key, rule: LOGIN_THROTTLE.secondFactor }], now());
    const accepted = await consumeTotp(user, code);
    if (accepted) await deps.throttle.release(key);
    return accepted;
  }

  return {
    /** Resolves a cookie token into what routes and sockets need to know about the request. */
    async resolve(token: string): Promise<RequestAuth | null> {
      const session = await deps.sessions.resolve(token, now());
      if (!session) return null;
      const user = await deps.users.findById(session.userId);
      if (!user || user.status !== 'active') {
        await deps.sessions.revoke(session, user?.status === 'suspended' ? 'suspended' : 'revoked');
        return null;
      }
      let stage = session.stage;
      // Turning on "require 2FA" applies to sessions already open, not only to the next sign-in.
      if (stage === 'complete' && !user.twoFactor && (await deps.settings.get()).requireTwoFactor) {
        stage = 'enrolment';
      }
      const actor: Actor | null =
        stage === 'complete'
          ? {
              userId: user._id.toHexString(),
              sessionId: session.publicId,
              displayName: user.displayName,
              role: user.role,
              country: user.country,
              agencyId: user.agencyId?.toHexString() ?? null,
            }
          : null;
      return {
        sessionId: session.publicId,
        sessionKey: session._id,
        userId: user._id.toHexString(),
        stage,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
        actor,
      };
    },

    async login(body: LoginBody, origin: RequestOrigin): Promise<IssuedSession<LoginResult>> {
      const accountKey = `account:${body.email}`;
      const addressKey = `address:${origin.ip ?? 'unknown'}`;
      // Reserved before argon2 runs: a burst of parallel guesses cannot outrun the counters.
      await deps.throttle.reserve(
        [
          { key: addressKey, rule: LOGIN_THROTTLE.address },
          { key: accountKey, rule: LOGIN_THROTTLE.account },
        ],
        now(),
      );
      const user = await deps.users.findByEmail(body.email);
      const passwordOk = await verifyPassword(user?.passwordHash ?? null, body.password);
      if (!user || !passwordOk) {
        await deps.audit.record({
          actor: user ? { userId: user._id.toHexString(), displayName: user.displayName } : null,
          action: 'auth.login',
          target: { type: 'user', id: user?._id.toHexString() ?? null },
          outcome: 'denied',
          origin,
          details: { reason: 'invalid_credentials' },
        });
        throw new AppError('INVALID_CREDENTIALS', 'The email or password is not correct');
      }
      await deps.throttle.release(addressKey);
      if (user.status === 'suspended') {
        throw new AppError(
          'ACCOUNT_SUSPENDED',
          'This account is suspended. Contact the network secretariat.',
        );
      }
      if (user.status !== 'active')
        throw new AppError('INVALID_CREDENTIALS', 'The email or password is not correct');
      // The password is proven; wrong 2FA codes keep their own count (see completeSecondFactor).
      await deps.throttle.reset(accountKey);
      const stage = await stageAfterPassword(user);
      const issued = await issueForStage(user, stage, origin);
      await deps.audit.record({
        actor: { userId: user._id.toHexString(), displayName: user.displayName },
        action: stage === 'complete' ? 'auth.login' : 'auth.password_verified',
        target: { type: 'user', id: user._id.toHexString() },
        origin,
        details: { stage },
      });
      return issued;
    },

    /** Completes a `second_factor` session; the session id is rotated so a pre-login id is worthless. */
    async completeSecondFactor(
      auth: RequestAuth | null,
      body: SecondFactorBody,
      origin: RequestOrigin,
    ): Promise<IssuedSession<SessionInfo>> {
      if (!auth || auth.stage !== 'second_factor') {
        throw new AppError('UNAUTHENTICATED', 'Your sign-in expired. Enter your email and password again.');
      }
      const user = await activeUser(toUserId(auth));
      const factorKey = secondFactorKey(user);
      await deps.throttle.reserve([{ key: factorKey, rule: LOGIN_THROTTLE.secondFactor }], now());
      const accepted =
        'code' in body
          ? await consumeTotp(user, body.code)
          : await deps.users.consumeRecoveryCode(user._id, recoveryDigest(body.recoveryCode));
      if (!accepted) {
        const failures = await deps.sessions.recordSecondFactorFailure(auth.sessionKey);
        await deps.audit.record({
          actor: { userId: user._id.toHexString(), displayName: user.displayName },
          action: 'auth.second_factor',
          target: { type: 'user', id: user._id.toHexString() },
          outcome: 'denied',
          origin,
        });
        if (failures >= MAX_SECOND_FACTOR_FAILURES) {
          await deps.sessions.revoke(
            { _id: auth.sessionKey, publicId: auth.sessionId, userId: user._id },
            'revoked',
          );
          throw new AppError('UNAUTHENTICATED', 'Too many wrong codes. Enter your email and password again.');
        }
        throw new AppError('INVALID_TWO_FACTOR_CODE', 'That code is not valid (or was already used)');
      }
      // Only a completed sign-in clears the count of wrong codes.
      await deps.throttle.reset(factorKey);
      await deps.sessions.revoke(
        { _id: auth.sessionKey, publicId: auth.sessionId, userId: user._id },
        'revoked',
      );
      const { token, doc } = await deps.sessions.create(user._id, 'complete', origin, now());
      await deps.users.update(user._id, { lastLoginAt: now() });
      await deps.audit.record({
        actor: { userId: user._id.toHexString(), displayName: user.displayName },
        action: 'auth.login',
        target: { type: 'user', id: user._id.toHexString() },
        origin,
        details: { secondFactor: 'code' in body ? 'totp' : 'recovery_code' },
      });
      const fresh = await activeUser(user._id);
      return { token, result: await sessionInfo(doc, fresh) };
    },

    async logout(auth: RequestAuth, origin: RequestOrigin): Promise<void> {
      await deps.sessions.revoke(
        { _id: auth.sessionKey, publicId: auth.sessionId, userId: toUserId(auth) },
        'logged_out',
      );
      await deps.audit.record({
        actor: { userId: auth.userId, displayName: auth.actor?.displayName ?? '' },
        action: 'auth.logout',
        target: { type: 'user', id: auth.userId },
        origin,
      });
    },

    async currentSession(auth: RequestAuth): Promise<SessionInfo> {
      const user = await activeUser(toUserId(auth));
      return {
        user: await deps.presentCurrentUser(user),
        csrfToken: auth.csrfToken,
        expiresAt: auth.expiresAt.toISOString(),
      };
    },

    async setupTwoFactor(auth: RequestAuth): Promise<TwoFactorSetup> {
      const user = await activeUser(toUserId(auth));
      if (user.twoFactor) throw new AppError('CONFLICT', 'Two-factor authentication is already on');
      const secret = generateTotpSecret();
      await deps.users.update(user._id, { pendingTwoFactorSecret: deps.secretBox.seal(secret) });
      const otpauthUrl = totpUri(secret, user.email);
      return {
        secret,
        otpauthUrl,
        qrCodeDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 240 }),
      };
    },

    /**
     * Turns 2FA on once the first code matches. Every other session is signed out and this one is
     * rotated into a complete session.
     */
    async enableTwoFactor(
      auth: RequestAuth,
      code: string,
      origin: RequestOrigin,
    ): Promise<IssuedSession<RecoveryCodes & { session: SessionInfo }>> {
      const user = await activeUser(toUserId(auth));
      if (user.twoFactor) throw new AppError('CONFLICT', 'Two-factor authentication is already on');
      if (!user.pendingTwoFactorSecret) {
        throw new AppError('BAD_REQUEST', 'Start two-factor setup first');
      }
      const secret = deps.secretBox.open(user.pendingTwoFactorSecret);
      const step = matchTotpStep(secret, code, now().getTime());
      if (step === null)
        throw new AppError(
          'INVALID_TWO_FACTOR_CODE',
          'That code is not valid. Check the time on your phone.',
        );
      const recovery = await newRecoveryCodes();
      await deps.users.update(user._id, {
        twoFactor: {
          secretSealed: user.pendingTwoFactorSecret,
          enabledAt: now(),
          lastUsedStep: step,
          recoveryCodeHashes: recovery.hashes,
        },
        pendingTwoFactorSecret: null,
      });
      await deps.sessions.revokeAllForUser(user._id, 'revoked');
      const { token, doc } = await deps.sessions.create(user._id, 'complete', origin, now());
      await deps.audit.record({
        actor: { userId: user._id.toHexString(), displayName: user.displayName },
        action: 'auth.two_factor_enabled',
        target: { type: 'user', id: user._id.toHexString() },
        origin,
      });
      const fresh = await activeUser(user._id);
      return { token, result: { recoveryCodes: recovery.codes, session: await sessionInfo(doc, fresh) } };
    },

    async disableTwoFactor(actor: Actor, body: DisableTwoFactorBody, origin: RequestOrigin): Promise<void> {
      const user = await activeUser(toObjectIdOf(actor.userId));
      if (!user.twoFactor) throw new AppError('CONFLICT', 'Two-factor authentication is not on');
      if ((await deps.settings.get()).requireTwoFactor) {
        throw new AppError('FORBIDDEN', 'The network requires two-factor authentication for every account');
      }
      if (
        !(await verifyPassword(user.passwordHash, body.password)) ||
        !(await consumeTotpLimited(user, body.code))
      ) {
        throw new AppError('INVALID_CREDENTIALS', 'The password or code is not correct');
      }
      await deps.users.update(user._id, { twoFactor: null });
      await deps.audit.record({
        actor,
        action: 'auth.two_factor_disabled',
        target: { type: 'user', id: actor.userId },
        origin,
      });
    },

    async regenerateRecoveryCodes(actor: Actor, code: string, origin: RequestOrigin): Promise<RecoveryCodes> {
      const user = await activeUser(toObjectIdOf(actor.userId));
      if (!user.twoFactor) throw new AppError('CONFLICT', 'Two-factor authentication is not on');
      if (!(await consumeTotpLimited(user, code)))
        throw new AppError('INVALID_TWO_FACTOR_CODE', 'That code is not valid');
      const recovery = await newRecoveryCodes();
      // Only the codes change: writing back the whole twoFactor object would undo the TOTP step just used.
      await deps.users.setRecoveryCodes(user._id, recovery.hashes);
      await deps.audit.record({
        actor,
        action: 'auth.recovery_codes_regenerated',
        target: { type: 'user', id: actor.userId },
        origin,
      });
      return { recoveryCodes: recovery.codes };
    },

    async changePassword(
      actor: Actor,
      auth: RequestAuth,
      body: ChangePasswordBody,
      origin: RequestOrigin,
    ): Promise<void> {
      const user = await activeUser(toObjectIdOf(actor.userId));
      if (!(await verifyPassword(user.passwordHash, body.currentPassword))) {
        throw new AppError('INVALID_CREDENTIALS', 'The current password is not correct');
      }
      const emailName = user.email.split('@')[0] ?? '';
      if (emailName.length >= 4 && body.newPassword.toLowerCase().includes(emailName)) {
        throw new AppError('VALIDATION_FAILED', 'The new password must not contain your email name');
      }
      await deps.users.update(user._id, { passwordHash: await hashPassword(body.newPassword) });
      await deps.sessions.revokeAllForUser(user._id, 'password_changed', auth.sessionKey);
      await deps.audit.record({
        actor,
        action: 'auth.password_changed',
        target: { type: 'user', id: actor.userId },
        origin,
      });
    },

    async listSessions(actor: Actor): Promise<ActiveSession[]> {
      const sessions = await deps.sessions.listForUser(toObjectIdOf(actor.userId), now());
      return sessions
        .filter((session) => session.stage === 'complete')
        .map((session) => ({
          id: session.publicId,
          current: session.publicId === actor.sessionId,
          createdAt: session.createdAt.toISOString(),
          lastSeenAt: session.lastSeenAt.toISOString(),
          ip: session.ip ?? '',
          userAgent: session.userAgent ?? '',
        }));
    },

    async revokeSession(actor: Actor, publicId: string, origin: RequestOrigin): Promise<void> {
      const revoked = await deps.sessions.revokeByPublicId(toObjectIdOf(actor.userId), publicId, 'revoked');
      if (!revoked) throw new AppError('NOT_FOUND', 'Session not found');
      await deps.audit.record({
        actor,
        action: 'auth.session_revoked',
        target: { type: 'session', id: publicId },
        origin,
      });
    },

    /** Signs in a user who just proved who they are another way (accepting an invitation). */
    async startSessionFor(userId: ObjectId, origin: RequestOrigin): Promise<IssuedSession<LoginResult>> {
      const user = await activeUser(userId);
      const stage = await stageAfterPassword(user);
      return issueForStage(user, stage, origin);
    },

    /** Ends every session of a user (suspension, admin action). */
    revokeAllSessions(userId: ObjectId, reason: SessionEndReason): Promise<void> {
      return deps.sessions.revokeAllForUser(userId, reason);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

function secondFactorKey(user: UserDoc): string {
  return `second-factor:${user._id.toHexString()}`;
}

function toUserId(auth: RequestAuth): ObjectId {
  return toObjectIdOf(auth.userId);
}
