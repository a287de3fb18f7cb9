import type { AuditOutcome } from '@serantau/shared';
import type { Actor, RequestOrigin } from '../../policy/actor';
import type { AuditDoc, AuditRepo } from './repo';

export interface AuditEvent {
  actor: Pick<Actor, 'userId' | 'displayName'> | null;
  action: string;
  target: { type: string; id: string | null };
  caseId?: string | null;
  outcome?: AuditOutcome;
  origin?: RequestOrigin | null;
  /** Never document contents, passwords or tokens: ids, names and reasons only. */
  details?: Record<string, unknown>;
}

/** The one way features write to the audit trail. */
export function createAuditService(repo: AuditRepo) {
  return {
    record(event: AuditEvent): Promise<AuditDoc> {
      return repo.append({
        actorId: event.actor?.userId ?? null,
        actorName: event.actor?.displayName ?? null,
        action: event.action,
        targetType: event.target.type,
        targetId: event.target.id,
        caseId: event.caseId ?? null,
        outcome: event.outcome ?? 'allowed',
        ip: event.origin?.ip ?? null,
        details: event.details ?? {},
      });
    },
    list: repo.list,
    verify: repo.verify,
    settled: repo.settled,
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
