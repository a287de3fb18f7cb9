import type { ExpectationTable, MatrixFixture, SampleInput } from '../types';

/**
 * Document routes: open to any session at the global level; what a user may do with a document is
 * its owner's decision (case team, thread…), covered by the resource matrices named here.
 */
const scoped = {
  coveredBy:
    'tests/integration/cases/need-to-know.test.ts (documents) and tests/integration/collab/documents.test.ts',
};
const doc = (fx: MatrixFixture): SampleInput => ({ params: { id: fx.missingId } });
const version = (fx: MatrixFixture): SampleInput => ({
  params: { id: fx.missingId, versionId: fx.missingId },
});
const comment = (fx: MatrixFixture): SampleInput => ({
  params: { id: fx.missingId, commentId: fx.missingId },
});
const anchor = { start: 'AQID', end: 'AQID' };

export const documentExpectations: ExpectationTable = {
  'GET /api/documents/:id': { access: 'any-session', resourceScoped: scoped, sample: doc },
  'PATCH /api/documents/:id': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...doc(fx), body: { title: 'Renamed' } }),
  },
  'GET /api/documents/:id/versions': { access: 'any-session', resourceScoped: scoped, sample: doc },
  'POST /api/documents/:id/versions': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...doc(fx), body: { name: 'Before the meeting' } }),
  },
  'GET /api/documents/:id/versions/:versionId': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: version,
  },
  'POST /api/documents/:id/versions/:versionId/restore': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: version,
  },
  'GET /api/documents/:id/comments': { access: 'any-session', resourceScoped: scoped, sample: doc },
  'POST /api/documents/:id/comments': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...doc(fx), body: { anchor, quote: 'text', body: 'A comment' } }),
  },
  'POST /api/documents/:id/comments/:commentId/replies': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...comment(fx), body: { body: 'A reply' } }),
  },
  'PATCH /api/documents/:id/comments/:commentId': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...comment(fx), body: { resolved: true } }),
  },
  'POST /api/documents/:id/export': {
    access: 'any-session',
    resourceScoped: scoped,
    sample: (fx) => ({ ...doc(fx), body: { format: 'markdown' } }),
  },
};
