import { z } from 'zod';
import type { CurrentUser } from './accounts';
import type { CaseAccessRevokedEvent, CaseChangedEvent, CaseWatchPayload } from './cases';
import type { ErrorBodySchema } from './errors';

/**
 * Socket.IO contracts. Client→server events are `<feature>:<verb>` and always take an ack;
 * server→client events are `<feature>:<past-tense>`. Types describe the wire; the server still
 * parses every incoming payload with the schema registered beside the event.
 */
export type AckError = z.infer<typeof ErrorBodySchema>;
export type AckResult<T extends object = Record<never, never>> =
  ({ ok: true } & T) | ({ ok: false } & AckError);
export type Ack<T extends object = Record<never, never>> = (result: AckResult<T>) => void;

export const SESSION_END_REASONS = [
  'logged_out',
  'suspended',
  'revoked',
  'expired',
  'password_changed',
  'access_changed',
] as const;
export const SessionEndReasonSchema = z.enum(SESSION_END_REASONS);
export type SessionEndReason = z.infer<typeof SessionEndReasonSchema>;

export const SessionEndedEventSchema = z.object({ reason: SessionEndReasonSchema });
export type SessionEndedEvent = z.infer<typeof SessionEndedEventSchema>;

/** Events the server emits. Feature issues add theirs here. */
export interface ServerToClientEvents {
  /** The session behind this connection ended; the client should return to the login page. */
  'session:ended': (event: SessionEndedEvent) => void;
  /** My account changed (role, country, agency, profile) — in this tab, another tab, or by an admin. */
  'account:updated': (user: CurrentUser) => void;
  /** Something inside a watched case changed; the client refetches that part. */
  'cases:changed': (event: CaseChangedEvent) => void;
  /** The user lost access to a case they were watching (removed from the team). */
  'cases:access-revoked': (event: CaseAccessRevokedEvent) => void;
}

/** Events a client sends. Feature issues add theirs here. */
export interface ClientToServerEvents {
  /** Round-trip check used by the client's connection indicator. */
  'system:ping': (payload: Record<string, never>, ack: Ack<{ serverTime: string }>) => void;
  /** Receive live changes of a case (team only). */
  'cases:watch': (payload: CaseWatchPayload, ack: Ack) => void;
  'cases:unwatch': (payload: CaseWatchPayload, ack: Ack) => void;
}

export const SystemPingSchema = z.strictObject({});

/** Room names come from these helpers only. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  case: (caseId: string) => `case:${caseId}`,
} as const;
