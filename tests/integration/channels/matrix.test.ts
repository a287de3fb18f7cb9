import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  channelRoutes,
  moderationRoutes,
  notificationRoutes,
  threadRoutes,
  type AckResult,
  type ClientToServerEvents,
  type RouteContract,
} from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import {
  clientId,
  closeSockets,
  createChannel,
  send,
  signIn,
  startThread,
  type Member,
} from '../../helpers/channels';
import { PDF_BYTES, uploadFile } from '../../helpers/files';
import { emitAck, type TestSocket } from '../../helpers/socket';

/**
 * The channel access matrix: every role (and channel role) × every kind of channel × every channel,
 * thread, moderation and notification route and every socket event of the feature. Expectations are
 * written here from the rules as stated in the issue, not computed by the server's policy code.
 * A route or event without an entry fails the completeness test (deny by default).
 */

const ACTORS = ['admin', 'moderator', 'member', 'foreigner', 'observer', 'channelMod', 'invitee'] as const;
type ActorKey = (typeof ACTORS)[number];
const KINDS = ['public', 'private', 'country', 'announcement', 'archived'] as const;
type Kind = (typeof KINDS)[number];

/** Who reads what: public and announcement channels everyone; country channels that country; private ones the invited. */
const READERS: Record<Kind, readonly ActorKey[]> = {
  public: ACTORS,
  announcement: ACTORS,
  archived: ACTORS,
  country: ['member', 'channelMod'],
  private: ['channelMod', 'invitee'],
};

interface Facts {
  actor: ActorKey;
  kind: Kind;
  read: boolean;
  post: boolean;
  react: boolean;
  moderate: boolean;
  manage: boolean;
  administer: boolean;
  archived: boolean;
}

function factsOf(actor: ActorKey, kind: Kind): Facts {
  const read = READERS[kind].includes(actor);
  const archived = kind === 'archived';
  const moderates = actor === 'admin' || actor === 'moderator' || actor === 'channelMod';
  const post = read && !archived && (kind === 'announcement' ? moderates : actor !== 'observer');
  return {
    actor,
    kind,
    read,
    post,
    react: read && !archived && (post || (kind === 'announcement' && actor !== 'observer')),
    moderate: read && moderates,
    manage: actor === 'admin' || (read && (actor === 'moderator' || actor === 'channelMod')),
    administer: actor === 'admin' || (read && actor === 'moderator'),
    archived,
  };
}

interface Fixture {
  channelId: string;
  threadId: string;
  reactTarget: string;
  hideTarget: string;
  attachmentId: string;
  reportIds: Map<ActorKey, string>;
}

interface Context {
  facts: Facts;
  member: Member;
  socket: TestSocket;
  fixture: Fixture;
  ids: { target: string };
}

type Outcome = string;
const status = (code: number): Outcome => String(code);

/** Expected outcome for reading something inside the channel. */
const readable = (f: Facts, ok = '200') => (f.read ? ok : '404');
/** For a moderator-only action inside the channel. */
const moderated = (f: Facts, ok = '200') => (!f.read ? '404' : f.moderate ? ok : '403');
/** For writing in the channel: the post right, with "archived" said as such. */
const posting = (f: Facts, ok: string) => (!f.read ? '404' : f.archived ? '409' : f.post ? ok : '403');

function ackOutcome(ack: AckResult<object>): Outcome {
  return ack.ok ? 'ok' : ack.error.code;
}

async function rest(
  member: Member,
  contract: RouteContract,
  input: Record<string, unknown>,
): Promise<Outcome> {
  const result = await member.client.call(contract, input as never);
  return status(result.status);
}

interface Operation {
  run(ctx: Context): Promise<Outcome>;
  expected(facts: Facts): Outcome;
}

const ref = (ctx: Context) => ({ type: 'channel', id: ctx.fixture.channelId });

/** Every route of the feature, by contract. */
const ROUTE_OPERATIONS: Record<string, { contract: RouteContract } & Operation> = {
  'channels.list': {
    contract: channelRoutes.list,
    run: async (ctx) => {
      const result = await ctx.member.client.call(channelRoutes.list, {
        query: { scope: 'all', includeArchived: 'true' },
      });
      return result.body.items.some((item) => item.id === ctx.fixture.channelId) ? 'listed' : 'absent';
    },
    expected: (f) => (f.read || f.actor === 'admin' ? 'listed' : 'absent'),
  },
  'channels.create': {
    contract: channelRoutes.create,
    run: (ctx) =>
      rest(ctx.member, channelRoutes.create, {
        body: { name: `m-${clientId().slice(0, 10)}`, kind: 'public' },
      }),
    expected: (f) => (f.actor === 'admin' || f.actor === 'moderator' ? '201' : '403'),
  },
  'channels.get': {
    contract: channelRoutes.get,
    run: (ctx) => rest(ctx.member, channelRoutes.get, { params: { id: ctx.fixture.channelId } }),
    expected: (f) => (f.read || f.manage ? '200' : '404'),
  },
  'channels.update': {
    contract: channelRoutes.update,
    run: (ctx) =>
      rest(ctx.member, channelRoutes.update, {
        params: { id: ctx.fixture.channelId },
        body: { description: 'Updated' },
      }),
    expected: (f) => (!f.read && !f.manage ? '404' : f.manage ? '200' : '403'),
  },
  'channels.archive': {
    contract: channelRoutes.archive,
    run: (ctx) => rest(ctx.member, channelRoutes.archive, { params: { id: ctx.fixture.channelId } }),
    expected: (f) => (!f.read && !f.manage ? '404' : f.administer ? '200' : '403'),
  },
  'channels.restore': {
    contract: channelRoutes.restore,
    run: (ctx) => rest(ctx.member, channelRoutes.restore, { params: { id: ctx.fixture.channelId } }),
    expected: (f) => (!f.read && !f.manage ? '404' : f.administer ? '200' : '403'),
  },
  'channels.join': {
    contract: channelRoutes.join,
    run: (ctx) => rest(ctx.member, channelRoutes.join, { params: { id: ctx.fixture.channelId } }),
    expected: (f) => (!f.read ? '404' : f.kind === 'private' ? '403' : f.archived ? '409' : '200'),
  },
  'channels.updateMembership': {
    contract: channelRoutes.updateMembership,
    run: (ctx) =>
      rest(ctx.member, channelRoutes.updateMembership, {
        params: { id: ctx.fixture.channelId },
        body: { muted: false },
      }),
    // Runs after `join`: joined by then unless joining was refused (channel moderators joined when appointed).
    expected: (f) =>
      !f.read && !f.manage ? '404' : f.read && (!f.archived || f.actor === 'channelMod') ? '200' : '409',
  },
  'channels.leave': {
    contract: channelRoutes.leave,
    run: async (ctx) => {
      // Leaving a private channel gives up access: covered by its own test in access.test.ts.
      if (ctx.facts.kind === 'private') return 'skipped';
      return rest(ctx.member, channelRoutes.leave, { params: { id: ctx.fixture.channelId } });
    },
    expected: (f) =>
      f.kind === 'private' ? 'skipped' : !f.read && !f.manage ? '404' : f.read ? '200' : '404',
  },
  'channels.members': {
    contract: channelRoutes.members,
    run: (ctx) => rest(ctx.member, channelRoutes.members, { params: { id: ctx.fixture.channelId } }),
    expected: (f) => (f.read || f.manage ? '200' : '404'),
  },
  'channels.addMember': {
    contract: channelRoutes.addMember,
    run: (ctx) =>
      rest(ctx.member, channelRoutes.addMember, {
        params: { id: ctx.fixture.channelId },
        body: { userId: ctx.ids.target },
      }),
    expected: (f) =>
      !f.read && !f.manage ? '404' : !f.manage ? '403' : f.kind !== 'private' ? '400' : '201',
  },
  'channels.removeMember': {
    contract: channelRoutes.removeMember,
    run: (ctx) =>
      rest(ctx.member, channelRoutes.removeMember, {
        params: { id: ctx.fixture.channelId, userId: ctx.ids.target },
      }),
    expected: (f) =>
      !f.read && !f.manage ? '404' : !f.manage ? '403' : f.kind !== 'private' ? '400' : '200',
  },
  'channels.addModerator': {
    contract: channelRoutes.addModerator,
    run: (ctx) =>
      rest(ctx.member, channelRoutes.addModerator, {
        params: { id: ctx.fixture.channelId, userId: ctx.ids.target },
      }),
    expected: (f) => (!f.read && !f.manage ? '404' : f.administer ? '200' : '403'),
  },
  'channels.removeModerator': {
    contract: channelRoutes.removeModerator,
    run: (ctx) =>
      rest(ctx.member, channelRoutes.removeModerator, {
        params: { id: ctx.fixture.channelId, userId: ctx.ids.target },
      }),
    expected: (f) => (!f.read && !f.manage ? '404' : f.administer ? '200' : '403'),
  },
  'threads.create': {
    contract: threadRoutes.create,
    run: (ctx) =>
      rest(ctx.member, threadRoutes.create, {
        params: ref(ctx),
        body: { title: 'Matrix thread', body: 'Opening', clientMessageId: clientId() },
      }),
    expected: (f) => posting(f, '201'),
  },
  'threads.list': {
    contract: threadRoutes.list,
    run: (ctx) => rest(ctx.member, threadRoutes.list, { params: ref(ctx), query: {} }),
    expected: (f) => readable(f),
  },
  'threads.get': {
    contract: threadRoutes.get,
    run: (ctx) => rest(ctx.member, threadRoutes.get, { params: { id: ctx.fixture.threadId } }),
    expected: (f) => readable(f),
  },
  'threads.update': {
    contract: threadRoutes.update,
    run: (ctx) =>
      rest(ctx.member, threadRoutes.update, {
        params: { id: ctx.fixture.threadId },
        body: { tags: ['matrix'] },
      }),
    expected: (f) => (!f.read ? '404' : f.archived ? '409' : f.moderate ? '200' : '403'),
  },
  'threads.messages': {
    contract: threadRoutes.messages,
    run: (ctx) =>
      rest(ctx.member, threadRoutes.messages, { params: { id: ctx.fixture.threadId }, query: {} }),
    expected: (f) => readable(f),
  },
  'threads.follow': {
    contract: threadRoutes.follow,
    run: (ctx) =>
      rest(ctx.member, threadRoutes.follow, { params: { id: ctx.fixture.threadId }, body: { value: true } }),
    expected: (f) => readable(f),
  },
  'threads.markRead': {
    contract: threadRoutes.markRead,
    run: (ctx) =>
      rest(ctx.member, threadRoutes.markRead, { params: { id: ctx.fixture.threadId }, body: { seq: 1 } }),
    expected: (f) => readable(f),
  },
  'threads.resolve': {
    contract: threadRoutes.resolve,
    run: (ctx) =>
      rest(ctx.member, threadRoutes.resolve, {
        params: { id: ctx.fixture.threadId },
        body: { value: false },
      }),
    expected: (f) => (!f.read ? '404' : f.moderate && !f.archived ? '200' : '403'),
  },
  'threads.lock': {
    contract: threadRoutes.lock,
    run: (ctx) =>
      rest(ctx.member, threadRoutes.lock, { params: { id: ctx.fixture.threadId }, body: { value: false } }),
    expected: (f) => moderated(f),
  },
  'threads.pin': {
    contract: threadRoutes.pin,
    run: (ctx) =>
      rest(ctx.member, threadRoutes.pin, { params: { id: ctx.fixture.threadId }, body: { value: false } }),
    expected: (f) => moderated(f),
  },
  'threads.move': {
    contract: threadRoutes.move,
    run: (ctx) =>
      rest(ctx.member, threadRoutes.move, {
        params: { id: ctx.fixture.threadId },
        body: { to: ref(ctx), reason: 'Matrix: same place' },
      }),
    expected: (f) => moderated(f, f.archived ? '409' : '200'),
  },
  'threads.startSummary': {
    contract: threadRoutes.startSummary,
    run: (ctx) => rest(ctx.member, threadRoutes.startSummary, { params: { id: ctx.fixture.threadId } }),
    // The first reader in order may write everywhere except archived channels: after that the summary exists.
    expected: (f) => (!f.read ? '404' : f.archived ? '409' : '200'),
  },
  'threads.inbox': {
    contract: threadRoutes.inbox,
    run: async (ctx) => {
      const result = await ctx.member.client.call(threadRoutes.inbox);
      return result.body.items.some((item) => item.id === ctx.fixture.threadId) ? 'listed' : 'absent';
    },
    // Runs after `follow`: readers follow the thread by then, others never see it.
    expected: (f) => (f.read ? 'listed' : 'absent'),
  },
  'threads.uploadAttachment': {
    contract: threadRoutes.uploadAttachment,
    run: async (ctx) =>
      status(
        (
          await uploadFile(ctx.member.client, ctx.fixture.threadId, {
            bytes: PDF_BYTES,
            name: 'm.pdf',
            type: 'application/pdf',
          })
        ).status,
      ),
    expected: (f) => posting(f, '201'),
  },
  'threads.downloadAttachment': {
    contract: threadRoutes.downloadAttachment,
    run: async (ctx) =>
      status((await ctx.member.client.request('GET', `/api/attachments/${ctx.fixture.attachmentId}`)).status),
    expected: (f) => readable(f),
  },
  'threads.message': {
    contract: threadRoutes.message,
    run: (ctx) => rest(ctx.member, threadRoutes.message, { params: { id: ctx.fixture.reactTarget } }),
    expected: (f) => readable(f),
  },
  'threads.messageHistory': {
    contract: threadRoutes.messageHistory,
    run: (ctx) => rest(ctx.member, threadRoutes.messageHistory, { params: { id: ctx.fixture.reactTarget } }),
    expected: (f) => moderated(f),
  },
  'threads.hide': {
    contract: threadRoutes.hide,
    run: (ctx) =>
      rest(ctx.member, threadRoutes.hide, {
        params: { id: ctx.fixture.hideTarget },
        body: { reason: 'Matrix check' },
      }),
    expected: (f) => moderated(f),
  },
  'threads.unhide': {
    contract: threadRoutes.unhide,
    run: (ctx) =>
      rest(ctx.member, threadRoutes.unhide, {
        params: { id: ctx.fixture.hideTarget },
        body: { reason: 'Matrix check' },
      }),
    expected: (f) => moderated(f),
  },
  'threads.report': {
    contract: threadRoutes.report,
    run: (ctx) =>
      rest(ctx.member, threadRoutes.report, {
        params: { id: ctx.fixture.reactTarget },
        body: { reason: 'other' },
      }),
    expected: (f) => readable(f, '201'),
  },
  'threads.search': {
    contract: threadRoutes.search,
    run: async (ctx) => {
      const result = await ctx.member.client.call(threadRoutes.search, { query: { q: 'matrixword' } });
      return result.body.items.some((hit) => hit.container.id === ctx.fixture.channelId) ? 'found' : 'absent';
    },
    expected: (f) => (f.read ? 'found' : 'absent'),
  },
  'moderation.overview': {
    contract: moderationRoutes.overview,
    run: (ctx) => rest(ctx.member, moderationRoutes.overview, { params: ref(ctx) }),
    expected: (f) => moderated(f),
  },
  'moderation.reports': {
    contract: moderationRoutes.reports,
    run: (ctx) => rest(ctx.member, moderationRoutes.reports, { params: ref(ctx), query: {} }),
    expected: (f) => moderated(f),
  },
  'moderation.resolveReport': {
    contract: moderationRoutes.resolveReport,
    run: (ctx) =>
      rest(ctx.member, moderationRoutes.resolveReport, {
        params: { id: ctx.fixture.reportIds.get(ctx.facts.actor) },
        body: { action: 'no_action', note: 'Matrix check' },
      }),
    expected: (f) => moderated(f),
  },
  'moderation.dismissReport': {
    contract: moderationRoutes.dismissReport,
    run: (ctx) =>
      rest(ctx.member, moderationRoutes.dismissReport, {
        params: { id: ctx.fixture.reportIds.get(ctx.facts.actor) },
        body: { note: 'Matrix check' },
      }),
    // Runs after `resolveReport`: a moderator finds it already handled.
    expected: (f) => moderated(f, '409'),
  },
  'moderation.log': {
    contract: moderationRoutes.log,
    run: (ctx) => rest(ctx.member, moderationRoutes.log, { params: ref(ctx), query: {} }),
    expected: (f) => moderated(f),
  },
  'moderation.mute': {
    contract: moderationRoutes.mute,
    run: (ctx) =>
      rest(ctx.member, moderationRoutes.mute, {
        params: ref(ctx),
        body: { userId: ctx.ids.target, minutes: 5, reason: 'Matrix check' },
      }),
    expected: (f) => moderated(f),
  },
  'moderation.unmute': {
    contract: moderationRoutes.unmute,
    run: (ctx) =>
      rest(ctx.member, moderationRoutes.unmute, { params: { ...ref(ctx), userId: ctx.ids.target } }),
    expected: (f) => moderated(f),
  },
  'moderation.slowMode': {
    contract: moderationRoutes.slowMode,
    run: (ctx) =>
      rest(ctx.member, moderationRoutes.slowMode, {
        params: ref(ctx),
        body: { seconds: 0, reason: 'Matrix check' },
      }),
    expected: (f) => moderated(f),
  },
  'notifications.list': {
    contract: notificationRoutes.list,
    run: (ctx) => rest(ctx.member, notificationRoutes.list, { query: {} }),
    expected: () => '200',
  },
  'notifications.markRead': {
    contract: notificationRoutes.markRead,
    run: (ctx) => rest(ctx.member, notificationRoutes.markRead, { body: { all: true } }),
    expected: () => '200',
  },
};

/** Every client→server event of the feature. */
const EVENT_OPERATIONS: Partial<Record<keyof ClientToServerEvents, Operation>> = {
  'container:subscribe': {
    run: async (ctx) => ackOutcome(await emitAck(ctx.socket, 'container:subscribe', { container: ref(ctx) })),
    expected: (f) => (f.read ? 'ok' : 'NOT_FOUND'),
  },
  'container:unsubscribe': {
    run: async (ctx) =>
      ackOutcome(await emitAck(ctx.socket, 'container:unsubscribe', { container: ref(ctx) })),
    expected: () => 'ok',
  },
  'thread:subscribe': {
    run: async (ctx) =>
      ackOutcome(await emitAck(ctx.socket, 'thread:subscribe', { threadId: ctx.fixture.threadId })),
    expected: (f) => (f.read ? 'ok' : 'NOT_FOUND'),
  },
  'thread:typing': {
    run: async (ctx) => {
      const ack = await emitAck<{ forwarded: boolean }>(ctx.socket, 'thread:typing', {
        threadId: ctx.fixture.threadId,
      });
      return ack.ok ? (ack.forwarded ? 'forwarded' : 'dropped') : ack.error.code;
    },
    // Runs after `thread:subscribe`: only subscribers may type, and only those who may reply are shown.
    expected: (f) => (!f.read ? 'BAD_REQUEST' : f.post ? 'forwarded' : 'dropped'),
  },
  'thread:unsubscribe': {
    run: async (ctx) =>
      ackOutcome(await emitAck(ctx.socket, 'thread:unsubscribe', { threadId: ctx.fixture.threadId })),
    expected: () => 'ok',
  },
  'message:send': {
    run: async (ctx) =>
      ackOutcome(
        await emitAck(ctx.socket, 'message:send', {
          threadId: ctx.fixture.threadId,
          clientMessageId: clientId(),
          body: 'Matrix reply',
        }),
      ),
    expected: (f) => (!f.read ? 'NOT_FOUND' : f.archived ? 'ARCHIVED' : f.post ? 'ok' : 'FORBIDDEN'),
  },
  'message:edit': {
    run: async (ctx) =>
      ackOutcome(
        await emitAck(ctx.socket, 'message:edit', { messageId: ctx.fixture.reactTarget, body: 'not mine' }),
      ),
    expected: (f) => (f.read ? 'FORBIDDEN' : 'NOT_FOUND'),
  },
  'message:delete': {
    run: async (ctx) =>
      ackOutcome(await emitAck(ctx.socket, 'message:delete', { messageId: ctx.fixture.reactTarget })),
    expected: (f) => (f.read ? 'FORBIDDEN' : 'NOT_FOUND'),
  },
  'message:react': {
    run: async (ctx) =>
      ackOutcome(
        await emitAck(ctx.socket, 'message:react', {
          messageId: ctx.fixture.reactTarget,
          emoji: '👍',
          on: true,
        }),
      ),
    expected: (f) => (!f.read ? 'NOT_FOUND' : f.archived ? 'ARCHIVED' : f.react ? 'ok' : 'FORBIDDEN'),
  },
  'thread:read': {
    run: async (ctx) =>
      ackOutcome(await emitAck(ctx.socket, 'thread:read', { threadId: ctx.fixture.threadId, seq: 1 })),
    expected: (f) => (f.read ? 'ok' : 'NOT_FOUND'),
  },
  'thread:sync': {
    run: async (ctx) =>
      ackOutcome(await emitAck(ctx.socket, 'thread:sync', { threadId: ctx.fixture.threadId, afterSeq: 0 })),
    expected: (f) => (f.read ? 'ok' : 'NOT_FOUND'),
  },
};

/** Order matters where one step sets up the next (join before membership, subscribe before typing…). */
const ROUTE_ORDER = Object.keys(ROUTE_OPERATIONS).filter(
  (key) => !['channels.archive', 'channels.restore', 'channels.leave'].includes(key),
);

describe('channels: access matrix (roles × channel kinds × routes and events)', () => {
  let app: TestApp;
  let owner: Member;
  let reporter: Member;
  let target: Member;
  const members = new Map<ActorKey, Member>();
  const sockets = new Map<ActorKey, TestSocket>();
  const fixtures = new Map<Kind, Fixture>();

  beforeAll(async () => {
    app = await startApp();
    owner = await signIn(app, { role: 'moderator', country: 'SG' });
    reporter = await signIn(app, { country: 'TH' });
    target = await signIn(app, { country: 'KH' });
    const profiles: Record<ActorKey, Parameters<typeof signIn>[1]> = {
      admin: { role: 'admin', country: 'ASEAN-SEC' },
      moderator: { role: 'moderator', country: 'ID' },
      member: { role: 'member', country: 'TH' },
      foreigner: { role: 'member', country: 'PH' },
      observer: { role: 'observer', country: 'UNODC' },
      channelMod: { role: 'member', country: 'MY' },
      invitee: { role: 'member', country: 'VN' },
    };
    for (const actor of ACTORS) {
      const member = await signIn(app, profiles[actor]);
      members.set(actor, member);
      sockets.set(actor, await member.socket());
    }
    const channelMod = members.get('channelMod')!;
    const invitee = members.get('invitee')!;
    for (const kind of KINDS) {
      const channel = await createChannel(owner, {
        kind: kind === 'archived' ? 'public' : kind,
        ...(kind === 'country' ? { country: 'TH' } : {}),
        moderatorIds: [channelMod.id, owner.id],
      });
      if (kind === 'private') {
        for (const person of [invitee, reporter]) {
          await owner.client.call(channelRoutes.addMember, {
            params: { id: channel.id },
            body: { userId: person.id },
          });
        }
      }
      const thread = await startThread(owner, channel.id, {
        title: 'Matrix matrixword thread',
        body: 'matrixword opening',
      });
      const ownerSocket = await owner.socket();
      const reactTarget = await send(ownerSocket, thread.id, 'React to me');
      const hideTarget = await send(ownerSocket, thread.id, 'Hide me');
      const upload = await uploadFile(owner.client, thread.id, {
        bytes: PDF_BYTES,
        name: 'f.pdf',
        type: 'application/pdf',
      });
      await send(ownerSocket, thread.id, 'File', { attachmentIds: [upload.body.id] });
      const reportIds = new Map<ActorKey, string>();
      const reporterSocket = await reporter.socket();
      for (const actor of ACTORS) {
        const reported = await send(ownerSocket, thread.id, `To be reported for ${actor}`);
        await reporter.client.call(threadRoutes.report, {
          params: { id: reported.id },
          body: { reason: 'other' },
        });
        void reporterSocket;
      }
      const queue = await owner.client.call(moderationRoutes.reports, {
        params: { type: 'channel', id: channel.id },
        query: { limit: 50 },
      });
      queue.body.items.forEach((report) => {
        const actor = ACTORS.find((key) => report.message.body === `To be reported for ${key}`);
        if (actor) reportIds.set(actor, report.id);
      });
      if (kind === 'archived') await owner.client.call(channelRoutes.archive, { params: { id: channel.id } });
      fixtures.set(kind, {
        channelId: channel.id,
        threadId: thread.id,
        reactTarget: reactTarget.id,
        hideTarget: hideTarget.id,
        attachmentId: upload.body.id,
        reportIds,
      });
    }
  });
  afterAll(async () => {
    closeSockets(owner, reporter, target, ...members.values());
    await app?.close();
  });

  it('lists an expectation for every route and socket event of the feature', () => {
    const contracts = new Set<RouteContract>(
      Object.values(ROUTE_OPERATIONS).map((operation) => operation.contract),
    );
    for (const group of [channelRoutes, threadRoutes, moderationRoutes, notificationRoutes]) {
      for (const [name, contract] of Object.entries(group)) {
        expect({ route: name, covered: contracts.has(contract) }).toEqual({ route: name, covered: true });
      }
    }
    const events = [
      'container:subscribe',
      'container:unsubscribe',
      'thread:subscribe',
      'thread:unsubscribe',
      'message:send',
      'message:edit',
      'message:delete',
      'message:react',
      'thread:typing',
      'thread:read',
      'thread:sync',
    ] as const;
    for (const event of events)
      expect({ event, covered: event in EVENT_OPERATIONS }).toEqual({ event, covered: true });
    // Every registered route under the feature's prefixes has a contract above.
    const prefixes = [
      '/api/channels',
      '/api/containers',
      '/api/threads',
      '/api/messages',
      '/api/attachments',
      '/api/moderation',
      '/api/notifications',
      '/api/search',
    ];
    const registered = app.built.registeredRoutes.filter(
      (route) => route.method !== 'HEAD' && prefixes.some((prefix) => route.url.startsWith(prefix)),
    );
    for (const route of registered) {
      expect({
        url: route.url,
        covered: route.contract !== undefined && contracts.has(route.contract),
      }).toEqual({
        url: route.url,
        covered: true,
      });
    }
  });

  for (const kind of KINDS) {
    it(`${kind} channel: every actor gets exactly what the rules allow`, async () => {
      const fixture = fixtures.get(kind)!;
      const mismatches: string[] = [];
      for (const actor of ACTORS) {
        const facts = factsOf(actor, kind);
        const ctx: Context = {
          facts,
          member: members.get(actor)!,
          socket: sockets.get(actor)!,
          fixture,
          ids: { target: target.id },
        };
        const steps: [string, Operation][] = [
          ...ROUTE_ORDER.map((key) => [key, ROUTE_OPERATIONS[key]!] as [string, Operation]),
          ...Object.entries(EVENT_OPERATIONS).map(
            ([key, operation]) => [key, operation] as [string, Operation],
          ),
          ['channels.leave', ROUTE_OPERATIONS['channels.leave']!],
        ];
        for (const [name, operation] of steps) {
          const expected = operation.expected(facts);
          const actual = await operation.run(ctx);
          if (actual !== expected) mismatches.push(`${actor} ${name}: expected ${expected}, got ${actual}`);
        }
        // Archiving changes the channel for everyone after: try it last, then put things back as they were.
        for (const name of ['channels.archive', 'channels.restore'] as const) {
          const operation = ROUTE_OPERATIONS[name]!;
          const expected = operation.expected(facts);
          const actual = await operation.run(ctx);
          if (actual !== expected) mismatches.push(`${actor} ${name}: expected ${expected}, got ${actual}`);
        }
        const reset = kind === 'archived' ? channelRoutes.archive : channelRoutes.restore;
        await owner.client.call(reset, { params: { id: fixture.channelId } });
      }
      expect(mismatches).toEqual([]);
    });
  }
});
