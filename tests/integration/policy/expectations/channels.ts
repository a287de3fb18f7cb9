import type { ExpectationTable, MatrixFixture, RouteExpectation } from '../types';

const COVERED_BY = { coveredBy: 'tests/integration/channels/matrix.test.ts' };
const id = (fx: MatrixFixture) => fx.missingId;

/** Routes whose answer depends on the channel (membership, kind, channel moderators). */
function scoped(sample: RouteExpectation['sample'] = (fx) => ({ params: { id: id(fx) } })): RouteExpectation {
  return { access: 'any-session', resourceScoped: COVERED_BY, sample };
}

const container = (fx: MatrixFixture) => ({ params: { type: 'channel', id: id(fx) } });

/** Channels, threads in any container, moderation, search, attachments and notifications. */
export const channelExpectations: ExpectationTable = {
  'GET /api/channels': { access: 'any-session' },
  'POST /api/channels': {
    access: ['admin', 'moderator'],
    sample: () => ({ body: { name: `policy-${Math.random().toString(36).slice(2, 10)}`, kind: 'public' } }),
  },
  'GET /api/channels/:id': scoped(),
  'PATCH /api/channels/:id': scoped((fx) => ({ params: { id: id(fx) }, body: { description: 'x' } })),
  'POST /api/channels/:id/archive': scoped(),
  'POST /api/channels/:id/restore': scoped(),
  'POST /api/channels/:id/join': scoped(),
  'POST /api/channels/:id/leave': scoped(),
  'PATCH /api/channels/:id/membership': scoped((fx) => ({ params: { id: id(fx) }, body: { muted: true } })),
  'GET /api/channels/:id/members': scoped(),
  'POST /api/channels/:id/members': scoped((fx) => ({
    params: { id: id(fx) },
    body: { userId: fx.users.member.id },
  })),
  'DELETE /api/channels/:id/members/:userId': scoped((fx) => ({
    params: { id: id(fx), userId: fx.users.member.id },
  })),
  'PUT /api/channels/:id/moderators/:userId': scoped((fx) => ({
    params: { id: id(fx), userId: fx.users.member.id },
  })),
  'DELETE /api/channels/:id/moderators/:userId': scoped((fx) => ({
    params: { id: id(fx), userId: fx.users.member.id },
  })),
  'POST /api/containers/:type/:id/threads': scoped((fx) => ({
    ...container(fx),
    body: { title: 'Policy thread', body: 'Opening', clientMessageId: 'policy-matrix-0001' },
  })),
  'GET /api/containers/:type/:id/threads': scoped(container),
  'GET /api/threads/inbox': { access: 'any-session' },
  'POST /api/threads/:id/summary': scoped(),
  'GET /api/threads/:id': scoped(),
  'PATCH /api/threads/:id': scoped((fx) => ({ params: { id: id(fx) }, body: { tags: ['x'] } })),
  'GET /api/threads/:id/messages': scoped(),
  'PUT /api/threads/:id/follow': scoped((fx) => ({ params: { id: id(fx) }, body: { value: true } })),
  'POST /api/threads/:id/read': scoped((fx) => ({ params: { id: id(fx) }, body: { seq: 1 } })),
  'PUT /api/threads/:id/resolved': scoped((fx) => ({ params: { id: id(fx) }, body: { value: true } })),
  'PUT /api/threads/:id/locked': scoped((fx) => ({ params: { id: id(fx) }, body: { value: true } })),
  'PUT /api/threads/:id/pinned': scoped((fx) => ({ params: { id: id(fx) }, body: { value: true } })),
  'POST /api/threads/:id/move': scoped((fx) => ({
    params: { id: id(fx) },
    body: { to: { type: 'channel', id: id(fx) }, reason: 'Policy matrix' },
  })),
  'POST /api/threads/:id/attachments': scoped(),
  'GET /api/attachments/:id': scoped(),
  'GET /api/messages/:id': scoped(),
  'GET /api/messages/:id/edits': scoped(),
  'POST /api/messages/:id/hide': scoped((fx) => ({
    params: { id: id(fx) },
    body: { reason: 'Policy matrix' },
  })),
  'POST /api/messages/:id/unhide': scoped((fx) => ({
    params: { id: id(fx) },
    body: { reason: 'Policy matrix' },
  })),
  'POST /api/messages/:id/reports': scoped((fx) => ({ params: { id: id(fx) }, body: { reason: 'spam' } })),
  'GET /api/search': { access: 'any-session', sample: () => ({ query: { q: 'trafficking' } }) },
  'GET /api/moderation/:type/:id': scoped(container),
  'GET /api/moderation/:type/:id/reports': scoped(container),
  'POST /api/moderation/reports/:id/resolve': scoped((fx) => ({
    params: { id: id(fx) },
    body: { action: 'no_action', note: 'Policy matrix' },
  })),
  'POST /api/moderation/reports/:id/dismiss': scoped((fx) => ({
    params: { id: id(fx) },
    body: { note: 'Policy matrix' },
  })),
  'GET /api/moderation/:type/:id/log': scoped(container),
  'POST /api/moderation/:type/:id/mutes': scoped((fx) => ({
    ...container(fx),
    body: { userId: fx.users.member.id, minutes: 5, reason: 'Policy matrix' },
  })),
  'DELETE /api/moderation/:type/:id/mutes/:userId': scoped((fx) => ({
    params: { type: 'channel', id: id(fx), userId: fx.users.member.id },
  })),
  'PUT /api/moderation/:type/:id/slow-mode': scoped((fx) => ({
    ...container(fx),
    body: { seconds: 0, reason: 'Policy matrix' },
  })),
  'GET /api/notifications': { access: 'any-session' },
  'POST /api/notifications/read': { access: 'any-session', sample: () => ({ body: { all: true } }) },
};
