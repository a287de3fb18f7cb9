import type { ExpectationTable, MatrixFixture, SampleInput } from '../types';

/**
 * Case routes. Opening a case needs the global `cases.create` capability; everything inside a case is
 * decided by the case team (need-to-know), covered cell by cell in the cases matrix.
 */
const scoped = { coveredBy: 'tests/integration/cases/need-to-know.test.ts' };
const caseOnly = (fx: MatrixFixture): SampleInput => ({ params: { id: fx.missingId } });
const withChild =
  (name: string) =>
  (fx: MatrixFixture): SampleInput => ({
    params: { id: fx.missingId, [name]: fx.missingId },
  });

export const caseExpectations: ExpectationTable = {
  'GET /api/cases': { access: 'any-session' },
  'POST /api/cases': {
    access: ['admin', 'moderator', 'member'],
    sample: () => ({ body: { title: 'Matrix case', sensitivity: 'RESTRICTED', countries: ['MY'] } }),
  },
  'GET /api/cases/:id': { access: 'any-session', resourceScoped: scoped, sample: caseOnly },
  'PATCH /api/cases/:id': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...caseOnly(fx), body: { summary: 'x' } }),
  },
  'POST /api/cases/:id/status': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...caseOnly(fx), body: { status: 'active' } }),
  },
  'GET /api/cases/:id/team': { access: 'any-session', resourceScoped: scoped, sample: caseOnly },
  'POST /api/cases/:id/team': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...caseOnly(fx), body: { userId: fx.users.member.id, role: 'member' } }),
  },
  'PATCH /api/cases/:id/team/:userId': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...withChild('userId')(fx), body: { role: 'viewer' } }),
  },
  'DELETE /api/cases/:id/team/:userId': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: withChild('userId'),
  },
  'GET /api/cases/:id/documents': { access: 'any-session', resourceScoped: scoped, sample: caseOnly },
  'POST /api/cases/:id/documents': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...caseOnly(fx), body: { title: 'Strategy' } }),
  },
  'GET /api/cases/:id/tasks': { access: 'any-session', resourceScoped: scoped, sample: caseOnly },
  'POST /api/cases/:id/tasks': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...caseOnly(fx), body: { title: 'Task' } }),
  },
  'PATCH /api/cases/:id/tasks/:taskId': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...withChild('taskId')(fx), body: { status: 'done' } }),
  },
  'DELETE /api/cases/:id/tasks/:taskId': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: withChild('taskId'),
  },
  'GET /api/cases/:id/timeline': { access: 'any-session', resourceScoped: scoped, sample: caseOnly },
  'GET /api/cases/:id/audit': { access: 'any-session', resourceScoped: scoped, sample: caseOnly },
  'GET /api/cases/:id/requests': { access: 'any-session', resourceScoped: scoped, sample: caseOnly },
  'POST /api/cases/:id/requests': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({
      ...caseOnly(fx),
      body: {
        type: 'informal',
        title: 'R',
        fromCountry: 'MY',
        fromAuthority: 'A',
        toCountry: 'TH',
        toAuthority: 'B',
      },
    }),
  },
  'GET /api/cases/:id/requests/:requestId': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: withChild('requestId'),
  },
  'PATCH /api/cases/:id/requests/:requestId': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...withChild('requestId')(fx), body: { title: 'Renamed' } }),
  },
  'POST /api/cases/:id/requests/:requestId/transition': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...withChild('requestId')(fx), body: { to: 'sent' } }),
  },
  'GET /api/cases/:id/attachments': { access: 'any-session', resourceScoped: scoped, sample: caseOnly },
  'POST /api/cases/:id/attachments': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...caseOnly(fx), query: { fileName: 'a.txt' } }),
  },
  'PATCH /api/cases/:id/attachments/:attachmentId': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...withChild('attachmentId')(fx), body: { handling: { code: 'team_only' } } }),
  },
  'POST /api/cases/:id/attachments/:attachmentId/download': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: withChild('attachmentId'),
  },
};
