import type { Case, CurrentUser, SessionInfo, UserProfile } from '@serantau/shared';

let counter = 0;

/** A 24-hex id unique within the test run. */
export function buildId(): string {
  counter += 1;
  return counter.toString(16).padStart(24, '0');
}

export function buildProfile(overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    id: buildId(),
    displayName: 'Siti Aminah binti Hassan',
    country: 'MY',
    agencyId: null,
    agencyName: "Attorney General's Chambers",
    title: 'Deputy Public Prosecutor',
    role: 'member',
    contactPoint: null,
    email: 'siti.aminah@agc.example.my',
    languages: ['ms', 'en'],
    expertise: ['forced-labour'],
    status: 'active',
    createdAt: '2025-01-15T02:00:00.000Z',
    ...overrides,
  };
}

export function buildUser(overrides: Partial<CurrentUser> = {}): CurrentUser {
  return {
    ...buildProfile(),
    locale: 'en',
    timeZone: 'Asia/Kuala_Lumpur',
    twoFactorEnabled: true,
    ...overrides,
  };
}

export function buildSession(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return {
    user: buildUser(),
    csrfToken: 'csrf-session-token',
    expiresAt: '2030-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A case as its detail endpoint returns it: a viewer of an active case unless told otherwise. */
export function buildCaseDetail(overrides: Partial<Case> = {}): Case {
  return {
    id: buildId(),
    title: 'Operation Coral Reef',
    status: 'active',
    sensitivity: 'CONFIDENTIAL',
    countries: ['MY', 'PH'],
    myRole: 'viewer',
    teamSize: 2,
    updatedAt: '2026-01-01T00:00:00.000Z',
    summary: '',
    references: [],
    createdBy: { id: buildId(), name: 'Siti Aminah' },
    createdAt: '2026-01-01T00:00:00.000Z',
    capabilities: ['case.read'],
    threadId: null,
    ...overrides,
  };
}
