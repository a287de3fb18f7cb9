import type { ExpectationTable } from '../types';

const strongPassword = 'a-very-long-passphrase-2026';

/** Routes of the foundation: system, auth, invitations, admin, directory, audit. */
export const foundationExpectations: ExpectationTable = {
  'GET /api/health': { access: 'public' },
  'GET /api/ready': { access: 'public' },
  'POST /api/auth/login': {
    access: 'public',
    sample: () => ({ body: { email: 'nobody@example.org', password: 'x' } }),
  },
  'GET /api/auth/login/pending': { access: 'public' },
  'POST /api/auth/login/second-factor': { access: 'public', sample: () => ({ body: { code: '123456' } }) },
  'POST /api/auth/logout': { access: 'any-session' },
  'GET /api/auth/me': { access: 'any-session' },
  'PATCH /api/auth/me': { access: 'any-session', sample: () => ({ body: { title: 'Prosecutor' } }) },
  'GET /api/auth/sessions': { access: 'any-session' },
  'DELETE /api/auth/sessions/:sessionId': {
    access: 'any-session',
    sample: () => ({ params: { sessionId: 'ffffffffffffffffffffffff' } }),
  },
  'POST /api/auth/password': {
    access: 'any-session',
    sample: () => ({ body: { currentPassword: 'wrong-password', newPassword: strongPassword } }),
  },
  'POST /api/auth/two-factor/setup': { access: 'any-session' },
  'POST /api/auth/two-factor/enable': { access: 'any-session', sample: () => ({ body: { code: '123456' } }) },
  'POST /api/auth/two-factor/disable': {
    access: 'any-session',
    sample: () => ({ body: { password: 'x', code: '123456' } }),
  },
  'POST /api/auth/two-factor/recovery-codes': {
    access: 'any-session',
    sample: () => ({ body: { code: '123456' } }),
  },
  'POST /api/admin/invitations': {
    access: ['admin'],
    sample: () => ({
      body: {
        email: `invitee-${Math.random().toString(36).slice(2)}@example.org`,
        displayName: 'New Member',
        country: 'TH',
        agencyId: null,
        role: 'member',
      },
    }),
  },
  'GET /api/admin/invitations': { access: ['admin'] },
  'DELETE /api/admin/invitations/:id': {
    access: ['admin'],
    sample: (fx) => ({ params: { id: fx.missingId } }),
  },
  'GET /api/invitations/:token': { access: 'public', sample: () => ({ params: { token: 'x'.repeat(43) } }) },
  'POST /api/invitations/:token/accept': {
    access: 'public',
    sample: () => ({ params: { token: 'x'.repeat(43) }, body: { password: strongPassword } }),
  },
  'GET /api/admin/users': { access: ['admin'] },
  'PATCH /api/admin/users/:id': {
    access: ['admin'],
    sample: (fx) => ({ params: { id: fx.missingId }, body: { title: 'Senior prosecutor' } }),
  },
  'POST /api/admin/users/:id/suspend': {
    access: ['admin'],
    sample: (fx) => ({ params: { id: fx.missingId } }),
  },
  'POST /api/admin/users/:id/reactivate': {
    access: ['admin'],
    sample: (fx) => ({ params: { id: fx.missingId } }),
  },
  'POST /api/admin/users/:id/reset-two-factor': {
    access: ['admin'],
    sample: (fx) => ({ params: { id: fx.missingId } }),
  },
  'GET /api/admin/settings': { access: ['admin'] },
  'PATCH /api/admin/settings': {
    access: ['admin'],
    sample: () => ({ body: { observersMayContribute: false } }),
  },
  'GET /api/admin/audit': { access: ['admin'] },
  'POST /api/admin/audit/verify': { access: ['admin'] },
  'GET /api/directory/jurisdictions': { access: 'any-session' },
  'GET /api/directory/members': { access: 'any-session' },
  'GET /api/directory/members/:id': {
    access: 'any-session',
    sample: (fx) => ({ params: { id: fx.users.member.id } }),
  },
  'GET /api/directory/agencies': { access: 'any-session' },
  'POST /api/directory/agencies': {
    access: ['admin'],
    sample: () => ({
      body: { country: 'LA', name: `Agency ${Math.random().toString(36).slice(2)}`, kind: 'prosecution' },
    }),
  },
  'PUT /api/directory/agencies/:id': {
    access: ['admin'],
    sample: (fx) => ({
      params: { id: fx.missingId },
      body: { country: 'LA', name: 'Renamed agency', kind: 'labour' },
    }),
  },
  'GET /api/directory/service-providers': { access: 'any-session' },
  'GET /api/directory/service-providers/:id': {
    access: 'any-session',
    sample: (fx) => ({ params: { id: fx.missingId } }),
  },
  'POST /api/directory/service-providers': {
    access: ['admin', 'moderator'],
    sample: () => ({
      body: { name: 'Shelter', country: 'MY', services: ['shelter'], contact: {} },
    }),
  },
  'PUT /api/directory/service-providers/:id': {
    access: ['admin', 'moderator'],
    sample: (fx) => ({
      params: { id: fx.missingId },
      body: { name: 'Shelter', country: 'MY', services: ['shelter'], contact: {} },
    }),
  },
  'DELETE /api/directory/service-providers/:id': {
    access: ['admin', 'moderator'],
    sample: (fx) => ({ params: { id: fx.missingId } }),
  },
};
