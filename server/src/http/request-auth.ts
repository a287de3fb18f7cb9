import type { Actor } from '../policy/actor';

export const SESSION_STAGES = ['complete', 'second_factor', 'enrolment'] as const;
/** `second_factor`: password checked, TOTP pending. `enrolment`: must enrol in 2FA before anything else. */
export type SessionStage = (typeof SESSION_STAGES)[number];

/** What the auth hook found behind the request's session cookie. */
export interface RequestAuth {
  /** Public session id (safe to log and show). */
  sessionId: string;
  /** Storage key of the session (HMAC of its token); never leaves the server. */
  sessionKey: string;
  userId: string;
  stage: SessionStage;
  csrfToken: string;
  expiresAt: Date;
  /** Set only when the session is complete and the account active. */
  actor: Actor | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
}
