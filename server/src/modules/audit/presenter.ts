import type { AuditEntry } from '@serantau/shared';
import type { AuditDoc } from './repo';

export function presentAuditEntry(doc: AuditDoc): AuditEntry {
  return {
    seq: doc._id,
    at: doc.at.toISOString(),
    actorId: doc.actorId,
    actorName: doc.actorName,
    action: doc.action,
    targetType: doc.targetType,
    targetId: doc.targetId,
    caseId: doc.caseId,
    outcome: doc.outcome,
    ip: doc.ip,
    details: doc.details,
    hash: doc.hash,
  };
}
