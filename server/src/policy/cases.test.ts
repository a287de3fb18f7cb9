import { describe, expect, it } from 'vitest';
import {
  CASE_CAPABILITIES,
  CASE_ROLES,
  type CaseCapability,
  type CaseRole,
  type GlobalRole,
} from '@serantau/shared';
import type { Actor } from './actor';
import {
  caseCapabilities,
  caseDocumentAccess,
  caseRoleAllowedFor,
  caseThreadAccess,
  decideCase,
  mayChangeOwnTeamRole,
} from './cases';

const actor = (role: GlobalRole = 'member'): Actor => ({
  userId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
  sessionId: 's',
  displayName: 'Test',
  role,
  country: 'MY',
  agencyId: null,
});

describe('case policy', () => {
  it('denies everything to people off the team, whatever their global role, except team management for admins', () => {
    for (const globalRole of ['admin', 'moderator', 'member', 'observer'] as const) {
      for (const capability of Object.keys(CASE_CAPABILITIES) as CaseCapability[]) {
        const decision = decideCase(actor(globalRole), { status: 'open', role: null }, capability);
        const expected = globalRole === 'admin' && capability === 'team.manage';
        expect({ globalRole, capability, allowed: decision.allowed }).toEqual({
          globalRole,
          capability,
          allowed: expected,
        });
      }
      expect(decideCase(actor(globalRole), { status: 'open', role: null }, 'team.view').allowed).toBe(
        globalRole === 'admin',
      );
      expect(decideCase(actor(globalRole), null, 'case.read')).toEqual({
        allowed: false,
        reason: 'not_found',
      });
    }
  });

  it('follows the role table on open cases and narrows closed ones to reading, exporting and the team', () => {
    for (const role of CASE_ROLES) {
      for (const capability of Object.keys(CASE_CAPABILITIES) as CaseCapability[]) {
        const inTable = (CASE_CAPABILITIES[capability] as readonly CaseRole[]).includes(role);
        expect(decideCase(actor(), { status: 'active', role }, capability).allowed).toBe(inTable);
      }
      expect(decideCase(actor(), { status: 'closed', role }, 'documents.edit').allowed).toBe(false);
      expect(decideCase(actor(), { status: 'closed', role }, 'case.read').allowed).toBe(true);
    }
    expect(decideCase(actor(), { status: 'closed', role: 'member' }, 'tasks.manage')).toEqual({
      allowed: false,
      reason: 'closed',
    });
    expect(decideCase(actor(), { status: 'open', role: 'viewer' }, 'tasks.manage')).toEqual({
      allowed: false,
      reason: 'role',
    });
  });

  it('gives documents edit to leads and members of open cases, view to viewers and closed cases', () => {
    expect(caseDocumentAccess(actor(), { status: 'open', role: 'lead' })).toBe('edit');
    expect(caseDocumentAccess(actor(), { status: 'suspended', role: 'member' })).toBe('edit');
    expect(caseDocumentAccess(actor(), { status: 'open', role: 'viewer' })).toBe('view');
    expect(caseDocumentAccess(actor(), { status: 'closed', role: 'lead' })).toBe('view');
    expect(caseDocumentAccess(actor('admin'), { status: 'open', role: null })).toBe('none');
    expect(caseDocumentAccess(actor(), null)).toBe('none');
  });

  it('lets partner observers join only as viewers', () => {
    expect(caseRoleAllowedFor('observer', 'viewer')).toBe(true);
    expect(caseRoleAllowedFor('observer', 'member')).toBe(false);
    expect(caseRoleAllowedFor('member', 'lead')).toBe(true);
  });

  it("gives an observer only a viewer's rights, whatever the team entry says", () => {
    // A member whose global role later became observer: the stored team role is stale.
    for (const role of ['lead', 'member'] as const) {
      expect(caseCapabilities(actor('observer'), { status: 'open', role })).toEqual(
        caseCapabilities(actor('observer'), { status: 'open', role: 'viewer' }),
      );
      expect(caseDocumentAccess(actor('observer'), { status: 'open', role })).toBe('view');
      expect(decideCase(actor('observer'), { status: 'open', role }, 'material.export').allowed).toBe(false);
    }
    expect(decideCase(actor('observer'), { status: 'open', role: 'lead' }, 'team.manage')).toEqual({
      allowed: false,
      reason: 'role',
    });
  });

  it('lets only a lead change their own team role, not an admin who manages teams', () => {
    expect(mayChangeOwnTeamRole(actor(), { status: 'open', role: 'lead' })).toBe(true);
    expect(mayChangeOwnTeamRole(actor('admin'), { status: 'open', role: 'viewer' })).toBe(false);
    expect(mayChangeOwnTeamRole(actor('admin'), { status: 'open', role: null })).toBe(false);
    expect(mayChangeOwnTeamRole(actor(), { status: 'open', role: 'member' })).toBe(false);
    // Team management for other people's entries stays with the admin.
    expect(decideCase(actor('admin'), { status: 'open', role: 'viewer' }, 'team.manage').allowed).toBe(true);
  });

  it('decides the case discussion thread from the team', () => {
    expect(caseThreadAccess(actor(), { status: 'open', role: 'member' })).toEqual({
      read: true,
      startThread: false,
      post: true,
      react: true,
      report: true,
      moderate: false,
      archived: false,
    });
    expect(caseThreadAccess(actor(), { status: 'open', role: 'lead' }).moderate).toBe(true);
    expect(caseThreadAccess(actor(), { status: 'open', role: 'viewer' })).toMatchObject({
      read: true,
      post: false,
      react: false,
    });
    expect(caseThreadAccess(actor(), { status: 'closed', role: 'lead' })).toMatchObject({
      read: true,
      post: false,
      archived: true,
    });
    expect(caseThreadAccess(actor('admin'), { status: 'open', role: null })).toMatchObject({
      read: false,
      post: false,
      moderate: false,
    });
  });
});
