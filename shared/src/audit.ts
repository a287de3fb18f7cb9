import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './common';
import { defineRoute } from './http';

export const AUDIT_OUTCOMES = ['allowed', 'denied'] as const;
export const AuditOutcomeSchema = z.enum(AUDIT_OUTCOMES);
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

export const AuditEntrySchema = z.object({
  seq: z.number().int().nonnegative(),
  at: IsoDateTimeSchema,
  actorId: IdSchema.nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** The case the entry belongs to, so leads can read their case's trail. */
  caseId: IdSchema.nullable(),
  outcome: AuditOutcomeSchema,
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.strictObject({
  actorId: IdSchema.optional(),
  action: z.string().max(80).optional(),
  targetType: z.string().max(40).optional(),
  targetId: z.string().max(64).optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int().nonnegative(),
  firstBrokenSeq: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;

export const auditRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/admin/audit',
    summary: 'Read the network audit log (newest first)',
    tag: 'admin',
    auth: 'session',
    query: AuditQuerySchema,
    response: z.object({ items: z.array(AuditEntrySchema) }),
  }),
  verify: defineRoute({
    method: 'POST',
    path: '/api/admin/audit/verify',
    summary: 'Verify the hash chain of the whole audit log',
    tag: 'admin',
    auth: 'session',
    response: AuditVerificationSchema,
  }),
};
