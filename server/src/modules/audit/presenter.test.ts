import { describe, expect, it } from 'vitest';
import { presentAuditEntry, redactCaseDetails } from './presenter';
import type { AuditDoc } from './repo';

function entry(caseId: string | null, details: Record<string, unknown>): AuditDoc {
  return {
    _id: 7,
    at: new Date('2026-12-01T00:00:00Z'),
    actorId: null,
    actorName: null,
    action: 'document.created',
    targetType: 'document',
    targetId: 'a'.repeat(24),
    caseId,
    outcome: 'allowed',
    ip: null,
    details,
    hash: 'h',
  } as AuditDoc;
}

describe('audit entries read outside the case', () => {
  it('keep ids and codes, withhold titles and names, and say how many were withheld', () => {
    expect(
      redactCaseDetails({
        title: 'Witness plan',
        fileName: 'statement.pdf',
        versionId: 'b'.repeat(24),
        userIds: ['c'.repeat(24)],
        from: 'draft',
        to: 'sent',
        reason: 'not_permitted',
      }),
    ).toEqual({
      versionId: 'b'.repeat(24),
      userIds: ['c'.repeat(24)],
      from: 'draft',
      to: 'sent',
      reason: 'not_permitted',
      withheldCaseDetails: 2,
    });
  });

  it('apply only to case entries, and only for the network-wide audience', () => {
    const details = { title: 'Witness plan' };
    expect(presentAuditEntry(entry('d'.repeat(24), details), 'network').details).toEqual({
      withheldCaseDetails: 1,
    });
    expect(presentAuditEntry(entry('d'.repeat(24), details), 'team').details).toEqual(details);
    expect(presentAuditEntry(entry(null, { email: 'x@y.z' }), 'network').details).toEqual({ email: 'x@y.z' });
  });
});
