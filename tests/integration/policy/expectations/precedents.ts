import type { ExpectationTable, MatrixFixture, RouteExpectation } from '../types';

const COVERED_BY = { coveredBy: 'tests/integration/precedents/access.test.ts' };
const CONTRIBUTORS = ['admin', 'moderator', 'member'] as const;
const MODERATORS = ['admin', 'moderator'] as const;
const id = (fx: MatrixFixture) => fx.missingId;
const answerParams = (fx: MatrixFixture) => ({ id: id(fx), answerId: id(fx) });
const requestId = () => `policy-${Math.random().toString(36).slice(2, 12)}`;

/** Routes whose answer depends on the question (its audience, asker, state). */
function scoped(sample: RouteExpectation['sample'] = (fx) => ({ params: { id: id(fx) } })): RouteExpectation {
  return { access: 'any-session', resourceScoped: COVERED_BY, sample };
}

/** The precedent desk. */
export const precedentExpectations: ExpectationTable = {
  'GET /api/precedents/access': { access: 'any-session' },
  'GET /api/precedents/questions': { access: 'any-session' },
  'POST /api/precedents/questions': {
    access: CONTRIBUTORS,
    sample: () => ({
      body: {
        clientRequestId: requestId(),
        title: 'Policy matrix question',
        situation: 'A situation long enough to be a valid question for the matrix.',
        jurisdictions: ['MY'],
        topics: ['forced-labour'],
        urgency: 'routine',
        audience: { kind: 'network' },
      },
    }),
  },
  'GET /api/precedents/questions/:id': scoped(),
  'PATCH /api/precedents/questions/:id': scoped((fx) => ({
    params: { id: id(fx) },
    body: { urgency: 'routine' },
  })),
  'POST /api/precedents/questions/:id/answers': scoped((fx) => ({
    params: { id: id(fx) },
    body: { clientRequestId: requestId(), body: 'A policy matrix answer.' },
  })),
  'PUT /api/precedents/questions/:id/answers/:answerId': scoped((fx) => ({
    params: answerParams(fx),
    body: { body: 'A policy matrix answer.', citations: [] },
  })),
  'DELETE /api/precedents/questions/:id/answers/:answerId': scoped((fx) => ({ params: answerParams(fx) })),
  'PUT /api/precedents/questions/:id/answers/:answerId/accepted': scoped((fx) => ({
    params: answerParams(fx),
    body: { accepted: true },
  })),
  'PUT /api/precedents/questions/:id/answers/:answerId/helpful': scoped((fx) => ({
    params: answerParams(fx),
    body: { helpful: true },
  })),
  'POST /api/precedents/questions/:id/answers/:answerId/comments': scoped((fx) => ({
    params: answerParams(fx),
    body: { clientRequestId: requestId(), body: 'Follow-up' },
  })),
  'DELETE /api/precedents/questions/:id/answers/:answerId/comments/:commentId': scoped((fx) => ({
    params: { ...answerParams(fx), commentId: id(fx) },
  })),
  'POST /api/precedents/questions/:id/summary': scoped(),
  'GET /api/precedents/questions/:id/export': scoped((fx) => ({
    params: { id: id(fx) },
    query: { format: 'md' },
  })),
  'POST /api/precedents/questions/:id/reports': scoped((fx) => ({
    params: { id: id(fx) },
    body: { target: { type: 'question', id: id(fx) }, reason: 'spam' },
  })),
  'POST /api/precedents/questions/:id/moderation/hide': scoped((fx) => ({
    params: { id: id(fx) },
    body: { target: { type: 'question', id: id(fx) }, reason: 'Policy matrix' },
  })),
  'POST /api/precedents/questions/:id/moderation/unhide': scoped((fx) => ({
    params: { id: id(fx) },
    body: { target: { type: 'question', id: id(fx) }, reason: 'Policy matrix' },
  })),
  'POST /api/precedents/questions/:id/moderation/lock': scoped((fx) => ({
    params: { id: id(fx) },
    body: { locked: true, reason: 'Policy matrix' },
  })),
  'POST /api/precedents/questions/:id/moderation/move': scoped((fx) => ({
    params: { id: id(fx) },
    body: { topics: ['extradition'], jurisdictions: ['MY'], reason: 'Policy matrix' },
  })),
  'POST /api/precedents/questions/:id/moderation/close': scoped((fx) => ({
    params: { id: id(fx) },
    body: { reason: 'Policy matrix' },
  })),
  'POST /api/precedents/questions/:id/moderation/reopen': scoped((fx) => ({
    params: { id: id(fx) },
    body: { reason: 'Policy matrix' },
  })),
  'GET /api/precedents/similar': { access: 'any-session', sample: () => ({ query: { q: 'debt bondage' } }) },
  'GET /api/precedents/library': { access: 'any-session', sample: () => ({ query: { q: 'forced labour' } }) },
  'GET /api/precedents/citations/:key': scoped(() => ({ params: { key: 'my-2019-policy-matrix' } })),
  // Raw-bytes upload: the matrix's JSON sample cannot be a file; access.test.ts covers who may upload.
  'POST /api/precedents/files': {
    access: CONTRIBUTORS,
    resourceScoped: COVERED_BY,
    sample: () => ({ query: { fileName: 'judgment.txt' } }),
  },
  'GET /api/precedents/files/:fileId': scoped((fx) => ({ params: { fileId: id(fx) } })),
  'GET /api/precedents/moderation/reports': { access: MODERATORS },
  'POST /api/precedents/moderation/reports/:reportId/resolve': {
    access: MODERATORS,
    sample: (fx) => ({ params: { reportId: id(fx) }, body: { action: 'no_action', note: 'Policy matrix' } }),
  },
  'POST /api/precedents/moderation/reports/:reportId/dismiss': {
    access: MODERATORS,
    sample: (fx) => ({ params: { reportId: id(fx) }, body: { note: 'Policy matrix' } }),
  },
  'GET /api/precedents/moderation/log': { access: MODERATORS },
};
