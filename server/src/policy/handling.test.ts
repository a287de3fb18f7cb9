import { describe, expect, it } from 'vitest';
import type { Actor } from './actor';
import { mayPassOn, type HandlingRule } from './handling';

const ORIGINATOR = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const PERMITTED = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const OTHER = 'cccccccccccccccccccccccc';
const NAMED_AGENCY = 'dddddddddddddddddddddddd';
const SECOND_NAMED_AGENCY = 'eeeeeeeeeeeeeeeeeeeeeeee';
const UNNAMED_AGENCY = 'ffffffffffffffffffffffff';

const actor = (userId: string, agencyId: string | null = null): Actor => ({
  userId,
  sessionId: 's',
  displayName: 'Test',
  role: 'member',
  country: 'MY',
  agencyId,
});

const rule = (code: HandlingRule['code']): HandlingRule => ({
  code,
  originatorId: ORIGINATOR,
  agencyIds: code === 'participating_agencies' ? [NAMED_AGENCY, SECOND_NAMED_AGENCY] : [],
  permittedUserIds: code === 'originator_permission' ? [PERMITTED] : [],
});

describe('handling codes on export and download', () => {
  it('lets anyone the owner lets export pass on unmarked and team-only items (the file carries the marking)', () => {
    expect(mayPassOn(actor(OTHER), null)).toEqual({ allowed: true });
    expect(mayPassOn(actor(OTHER), rule('team_only'))).toEqual({ allowed: true });
  });

  it('participating agencies: members of a named agency and the originator only', () => {
    const marked = rule('participating_agencies');
    expect(mayPassOn(actor(OTHER, NAMED_AGENCY), marked).allowed).toBe(true);
    expect(mayPassOn(actor(OTHER, SECOND_NAMED_AGENCY), marked).allowed).toBe(true);
    expect(mayPassOn(actor(ORIGINATOR), marked).allowed).toBe(true);
    const otherAgency = mayPassOn(actor(OTHER, UNNAMED_AGENCY), marked);
    expect(otherAgency).toEqual({ allowed: false, reason: expect.stringContaining('named agencies') });
    expect(mayPassOn(actor(OTHER, null), marked).allowed).toBe(false);
    // Being permitted under another code means nothing here.
    expect(mayPassOn(actor(PERMITTED), { ...marked, permittedUserIds: [PERMITTED] }).allowed).toBe(false);
  });

  it("originator's permission: the originator and the people they permitted only", () => {
    const marked = rule('originator_permission');
    expect(mayPassOn(actor(ORIGINATOR), marked).allowed).toBe(true);
    expect(mayPassOn(actor(PERMITTED), marked).allowed).toBe(true);
    expect(mayPassOn(actor(OTHER, NAMED_AGENCY), { ...marked, agencyIds: [NAMED_AGENCY] })).toEqual({
      allowed: false,
      reason: expect.stringContaining("originator's permission"),
    });
  });
});
