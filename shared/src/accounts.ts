import { z } from 'zod';
import {
  EmailSchema,
  IdParamsSchema,
  IdSchema,
  IsoDateTimeSchema,
  OkSchema,
  lineText,
  pageOf,
} from './common';
import { defineRoute } from './http';
import { JurisdictionCodeSchema, LanguageSchema, TimeZoneSchema, UiLocaleSchema } from './jurisdictions';
import { LegalTopicSchema } from './taxonomy';

export const GLOBAL_ROLES = ['admin', 'moderator', 'member', 'observer'] as const;
export const GlobalRoleSchema = z.enum(GLOBAL_ROLES);
export type GlobalRole = z.infer<typeof GlobalRoleSchema>;

export const USER_STATUSES = ['invited', 'active', 'suspended'] as const;
export const UserStatusSchema = z.enum(USER_STATUSES);
export type UserStatus = z.infer<typeof UserStatusSchema>;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
/** Length-based rules (NIST 800-63B): no composition rules, but never the user's own email. */
export const PasswordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

export const DisplayNameSchema = lineText(80, 2);
export const TitleSchema = lineText(120, 0);

/** What every signed-in member may see of another member. */
export const UserSummarySchema = z.object({
  id: IdSchema,
  displayName: z.string(),
  country: JurisdictionCodeSchema,
  agencyId: IdSchema.nullable(),
  agencyName: z.string().nullable(),
  title: z.string(),
  role: GlobalRoleSchema,
  contactPoint: z.string().nullable(),
});
export type UserSummary = z.infer<typeof UserSummarySchema>;

/** A directory profile. Email is shown to members: the network exists so peers can reach each other. */
export const UserProfileSchema = UserSummarySchema.extend({
  email: z.string(),
  languages: z.array(LanguageSchema),
  expertise: z.array(LegalTopicSchema),
  status: UserStatusSchema,
  createdAt: IsoDateTimeSchema,
});
export type UserProfile = z.infer<typeof UserProfileSchema>;

/** The signed-in user's own view of their account. */
export const CurrentUserSchema = UserProfileSchema.extend({
  locale: UiLocaleSchema,
  timeZone: TimeZoneSchema,
  twoFactorEnabled: z.boolean(),
});
export type CurrentUser = z.infer<typeof CurrentUserSchema>;

export const TWO_FACTOR_CODE_LENGTH = 6;
export const TotpCodeSchema = z.string().regex(/^\d{6}$/, 'must be a 6-digit code');
export const RecoveryCodeSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]{5}-?[a-z0-9]{5}$/i, 'must be a recovery code like abcde-12345');

export const LoginBodySchema = z.strictObject({
  email: EmailSchema,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const SessionInfoSchema = z.object({
  user: CurrentUserSchema,
  csrfToken: z.string(),
  expiresAt: IsoDateTimeSchema,
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/**
 * Login is one or two steps. After a correct password the session is either complete,
 * waits for a second factor, or may only be used to enrol in two-factor authentication.
 */
export const LoginResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('authenticated'), session: SessionInfoSchema }),
  z.object({ status: z.literal('two_factor_required'), csrfToken: z.string() }),
  z.object({ status: z.literal('two_factor_enrolment_required'), csrfToken: z.string() }),
]);
export type LoginResult = z.infer<typeof LoginResultSchema>;

/** A sign-in that is half done in this browser (e.g. the page was reloaded at the code step). */
export const PendingSignInSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('none') }),
  z.object({ status: z.literal('two_factor_required'), csrfToken: z.string() }),
  z.object({ status: z.literal('two_factor_enrolment_required'), csrfToken: z.string() }),
]);
export type PendingSignIn = z.infer<typeof PendingSignInSchema>;

export const SecondFactorBodySchema = z.union([
  z.strictObject({ code: TotpCodeSchema }),
  z.strictObject({ recoveryCode: RecoveryCodeSchema }),
]);
export type SecondFactorBody = z.infer<typeof SecondFactorBodySchema>;

export const TwoFactorSetupSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrCodeDataUrl: z.string(),
});
export type TwoFactorSetup = z.infer<typeof TwoFactorSetupSchema>;

export const EnableTwoFactorBodySchema = z.strictObject({ code: TotpCodeSchema });
export type EnableTwoFactorBody = z.infer<typeof EnableTwoFactorBodySchema>;

export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodesSchema>;

export const DisableTwoFactorBodySchema = z.strictObject({
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  code: TotpCodeSchema,
});
export type DisableTwoFactorBody = z.infer<typeof DisableTwoFactorBodySchema>;

export const ChangePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: PasswordSchema,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBodySchema>;

export const UpdateProfileBodySchema = z.strictObject({
  displayName: DisplayNameSchema.optional(),
  title: TitleSchema.optional(),
  languages: z.array(LanguageSchema).max(13).optional(),
  expertise: z.array(LegalTopicSchema).max(14).optional(),
  locale: UiLocaleSchema.optional(),
  timeZone: TimeZoneSchema.optional(),
});
export type UpdateProfileBody = z.infer<typeof UpdateProfileBodySchema>;

/** Public session id: shown in "active sessions" and used to sign one out; never a credential. */
export const SessionPublicIdSchema = z.string().regex(/^[a-f0-9]{16,64}$/, 'invalid session id');

export const ActiveSessionSchema = z.object({
  id: SessionPublicIdSchema,
  current: z.boolean(),
  createdAt: IsoDateTimeSchema,
  lastSeenAt: IsoDateTimeSchema,
  ip: z.string(),
  userAgent: z.string(),
});
export type ActiveSession = z.infer<typeof ActiveSessionSchema>;

export const SessionIdParamsSchema = z.strictObject({ sessionId: SessionPublicIdSchema });

// ---- Invitations ---------------------------------------------------------------------------

export const CreateInvitationBodySchema = z.strictObject({
  email: EmailSchema,
  displayName: DisplayNameSchema,
  country: JurisdictionCodeSchema,
  agencyId: IdSchema.nullable(),
  role: GlobalRoleSchema,
  title: TitleSchema.optional(),
});
export type CreateInvitationBody = z.infer<typeof CreateInvitationBodySchema>;

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export const InvitationStatusSchema = z.enum(INVITATION_STATUSES);

export const InvitationSchema = z.object({
  id: IdSchema,
  email: z.string(),
  displayName: z.string(),
  country: JurisdictionCodeSchema,
  agencyId: IdSchema.nullable(),
  role: GlobalRoleSchema,
  status: InvitationStatusSchema,
  invitedBy: IdSchema,
  createdAt: IsoDateTimeSchema,
  expiresAt: IsoDateTimeSchema,
  emailed: z.boolean(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

export const CreatedInvitationSchema = z.object({
  invitation: InvitationSchema,
  /** The one-time link; shown to the admin once because no mail server may exist. */
  inviteUrl: z.string(),
});
export type CreatedInvitation = z.infer<typeof CreatedInvitationSchema>;

export const InvitationTokenParamsSchema = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{32,128}$/, 'invalid invitation link'),
});

export const InvitationPreviewSchema = z.object({
  email: z.string(),
  displayName: z.string(),
  country: JurisdictionCodeSchema,
  role: GlobalRoleSchema,
  expiresAt: IsoDateTimeSchema,
});
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;

export const AcceptInvitationBodySchema = z.strictObject({
  password: PasswordSchema,
  displayName: DisplayNameSchema.optional(),
});
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBodySchema>;

// ---- Administration ------------------------------------------------------------------------

export const AdminUserSchema = UserProfileSchema.extend({
  twoFactorEnabled: z.boolean(),
  lastLoginAt: IsoDateTimeSchema.nullable(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;

export const AdminUserQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  status: UserStatusSchema.optional(),
  role: GlobalRoleSchema.optional(),
  country: JurisdictionCodeSchema.optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type AdminUserQuery = z.infer<typeof AdminUserQuerySchema>;

export const AdminUpdateUserBodySchema = z.strictObject({
  role: GlobalRoleSchema.optional(),
  country: JurisdictionCodeSchema.optional(),
  agencyId: IdSchema.nullable().optional(),
  title: TitleSchema.optional(),
  /** Designated contact point role, e.g. "Specialist anti-trafficking unit focal point"; null clears it. */
  contactPoint: lineText(120).nullable().optional(),
});
export type AdminUpdateUserBody = z.infer<typeof AdminUpdateUserBodySchema>;

export const NetworkSettingsSchema = z.object({
  requireTwoFactor: z.boolean(),
  /** Let observers ask and answer on the precedent desk. */
  observersMayContribute: z.boolean(),
});
export type NetworkSettings = z.infer<typeof NetworkSettingsSchema>;

export const UpdateNetworkSettingsBodySchema = NetworkSettingsSchema.partial().strict();
export type UpdateNetworkSettingsBody = z.infer<typeof UpdateNetworkSettingsBodySchema>;

// ---- Routes ---------------------------------------------------------------------------------

export const authRoutes = {
  login: defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    summary: 'Sign in with email and password',
    tag: 'auth',
    auth: 'public',
    body: LoginBodySchema,
    response: LoginResultSchema,
  }),
  pendingSignIn: defineRoute({
    method: 'GET',
    path: '/api/auth/login/pending',
    summary: 'Resume a half-finished sign-in after a reload (which step, and its CSRF token)',
    tag: 'auth',
    auth: 'public',
    response: PendingSignInSchema,
  }),
  secondFactor: defineRoute({
    method: 'POST',
    path: '/api/auth/login/second-factor',
    summary: 'Complete sign-in with a TOTP or recovery code',
    tag: 'auth',
    auth: 'public',
    body: SecondFactorBodySchema,
    response: SessionInfoSchema,
  }),
  logout: defineRoute({
    method: 'POST',
    path: '/api/auth/logout',
    summary: 'Sign out and revoke this session',
    tag: 'auth',
    auth: 'session',
    response: OkSchema,
  }),
  me: defineRoute({
    method: 'GET',
    path: '/api/auth/me',
    summary: 'The signed-in user and session',
    tag: 'auth',
    auth: 'session',
    response: SessionInfoSchema,
  }),
  sessions: defineRoute({
    method: 'GET',
    path: '/api/auth/sessions',
    summary: "The signed-in user's active sessions",
    tag: 'auth',
    auth: 'session',
    response: z.object({ items: z.array(ActiveSessionSchema) }),
  }),
  revokeSession: defineRoute({
    method: 'DELETE',
    path: '/api/auth/sessions/:sessionId',
    summary: 'Sign out one of my other sessions',
    tag: 'auth',
    auth: 'session',
    params: SessionIdParamsSchema,
    response: OkSchema,
  }),
  changePassword: defineRoute({
    method: 'POST',
    path: '/api/auth/password',
    summary: 'Change my password (signs out my other sessions)',
    tag: 'auth',
    auth: 'session',
    body: ChangePasswordBodySchema,
    response: OkSchema,
  }),
  twoFactorSetup: defineRoute({
    method: 'POST',
    path: '/api/auth/two-factor/setup',
    summary: 'Start two-factor enrolment: a new secret and its QR code',
    tag: 'auth',
    auth: 'session',
    response: TwoFactorSetupSchema,
  }),
  twoFactorEnable: defineRoute({
    method: 'POST',
    path: '/api/auth/two-factor/enable',
    summary: 'Confirm enrolment with a code; returns recovery codes and signs out other sessions',
    tag: 'auth',
    auth: 'session',
    body: EnableTwoFactorBodySchema,
    response: RecoveryCodesSchema.extend({ session: SessionInfoSchema }),
  }),
  twoFactorDisable: defineRoute({
    method: 'POST',
    path: '/api/auth/two-factor/disable',
    summary: 'Turn two-factor authentication off (not allowed when the network requires it)',
    tag: 'auth',
    auth: 'session',
    body: DisableTwoFactorBodySchema,
    response: OkSchema,
  }),
  regenerateRecoveryCodes: defineRoute({
    method: 'POST',
    path: '/api/auth/two-factor/recovery-codes',
    summary: 'Replace my recovery codes',
    tag: 'auth',
    auth: 'session',
    body: EnableTwoFactorBodySchema,
    response: RecoveryCodesSchema,
  }),
  updateProfile: defineRoute({
    method: 'PATCH',
    path: '/api/auth/me',
    summary: 'Update my profile and preferences',
    tag: 'auth',
    auth: 'session',
    body: UpdateProfileBodySchema,
    response: CurrentUserSchema,
  }),
};

export const invitationRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/api/admin/invitations',
    summary: 'Invite a new member',
    tag: 'admin',
    auth: 'session',
    body: CreateInvitationBodySchema,
    response: CreatedInvitationSchema,
    status: 201,
  }),
  list: defineRoute({
    method: 'GET',
    path: '/api/admin/invitations',
    summary: 'Pending and past invitations',
    tag: 'admin',
    auth: 'session',
    response: z.object({ items: z.array(InvitationSchema) }),
  }),
  revoke: defineRoute({
    method: 'DELETE',
    path: '/api/admin/invitations/:id',
    summary: 'Revoke a pending invitation',
    tag: 'admin',
    auth: 'session',
    params: IdParamsSchema,
    response: OkSchema,
  }),
  preview: defineRoute({
    method: 'GET',
    path: '/api/invitations/:token',
    summary: 'What an invitation link is for',
    tag: 'auth',
    auth: 'public',
    params: InvitationTokenParamsSchema,
    response: InvitationPreviewSchema,
  }),
  accept: defineRoute({
    method: 'POST',
    path: '/api/invitations/:token/accept',
    summary: 'Accept an invitation: set a password and become active',
    tag: 'auth',
    auth: 'public',
    params: InvitationTokenParamsSchema,
    body: AcceptInvitationBodySchema,
    response: LoginResultSchema,
  }),
};

export const adminRoutes = {
  listUsers: defineRoute({
    method: 'GET',
    path: '/api/admin/users',
    summary: 'Search all accounts',
    tag: 'admin',
    auth: 'session',
    query: AdminUserQuerySchema,
    response: pageOf(AdminUserSchema),
  }),
  updateUser: defineRoute({
    method: 'PATCH',
    path: '/api/admin/users/:id',
    summary: "Change a member's role, country, agency or contact-point designation",
    tag: 'admin',
    auth: 'session',
    params: IdParamsSchema,
    body: AdminUpdateUserBodySchema,
    response: AdminUserSchema,
  }),
  suspendUser: defineRoute({
    method: 'POST',
    path: '/api/admin/users/:id/suspend',
    summary: 'Suspend an account: ends its sessions and live connections at once',
    tag: 'admin',
    auth: 'session',
    params: IdParamsSchema,
    response: AdminUserSchema,
  }),
  reactivateUser: defineRoute({
    method: 'POST',
    path: '/api/admin/users/:id/reactivate',
    summary: 'Reactivate a suspended account',
    tag: 'admin',
    auth: 'session',
    params: IdParamsSchema,
    response: AdminUserSchema,
  }),
  resetTwoFactor: defineRoute({
    method: 'POST',
    path: '/api/admin/users/:id/reset-two-factor',
    summary: "Clear a member's two-factor enrolment (lost device)",
    tag: 'admin',
    auth: 'session',
    params: IdParamsSchema,
    response: AdminUserSchema,
  }),
  getSettings: defineRoute({
    method: 'GET',
    path: '/api/admin/settings',
    summary: 'Network-wide settings',
    tag: 'admin',
    auth: 'session',
    response: NetworkSettingsSchema,
  }),
  updateSettings: defineRoute({
    method: 'PATCH',
    path: '/api/admin/settings',
    summary: 'Change network-wide settings',
    tag: 'admin',
    auth: 'session',
    body: UpdateNetworkSettingsBodySchema,
    response: NetworkSettingsSchema,
  }),
};
