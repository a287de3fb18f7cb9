import type { AuditEntry } from '@serantau/shared';
import type { AuditDoc } from './repo';

/**
 * Detail keys that never carry case material: ids, codes and field names. Everything else in a
 * case's entry (titles, file names, version names, notes) is the team's own text.
 */
const STRUCTURAL_DETAIL_KEYS = new Set([
  'access',
  'changed',
  'code',
  'count',
  'fields',
  'format',
  'from',
  'handling',
  'kind',
  'origin',
  'outcome',
  'ownerType',
  'reason',
  'role',
  'status',
  'template',
  'to',
]);

function isStructuralKey(key: string): boolean {
  return STRUCTURAL_DETAIL_KEYS.has(key) || /Ids?$/.test(key);
}

/**
 * Who reads the entry: `team` (the case's own trail, the case team's timeline) sees every
 * detail; `network` (the admin-wide log, read by people outside the case) sees only the
 * structural details of case entries, so managing the network never means reading a case.
 */
export type AuditAudience = 'team' | 'network';

export function presentAuditEntry(doc: AuditDoc, audience: AuditAudience = 'team'): AuditEntry {
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
    details: audience === 'network' && doc.caseId !== null ? redactCaseDetails(doc.details) : doc.details,
    hash: doc.hash,
  };
}

/** Keeps only structural details; says how many were withheld so the reader knows there was more. */
export function redactCaseDetails(details: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  let withheld = 0;
  for (const [key, value] of Object.entries(details)) {
    if (isStructuralKey(key)) kept[key] = value;
    else withheld += 1;
  }
  if (withheld > 0) kept.withheldCaseDetails = withheld;
  return kept;
}
