import {
  type ContainerModeration,
  type ContainerRef,
  type CreateReportBody,
  type Message,
  type ModerationAction,
  type ModerationLogEntry,
  type Mute,
  type MuteBody,
  type Report,
  type ReportStatus,
  type ResolveReportBody,
  type SlowModeBody,
  type ThreadDetail,
  CreateReportBodySchema,
} from '@serantau/shared';
import { encodeCursor, toObjectId } from '../../db/ids';
import { AppError, notFound } from '../../http/errors';
import type { Actor, RequestOrigin } from '../../policy/actor';
import type { AuditService } from '../audit/service';
import type { NotificationsService } from '../notifications/service';
import { parseTimeCursor } from '../../http/cursors';
import type { UsersRepo } from '../users/repo';
import type { AttachmentStore } from './attachments';
import { containerKey, type ThreadContainerRegistry } from './containers';
import { actorForUser, type LoadedMessage } from './context';
import type { LivePublisher } from './live';
import type { ModerationRepo, ReportDoc } from './moderation-repo';
import { presentLogEntry, presentMessage, presentMute } from './presenter';
import { toStoredRef, type ThreadsRepo } from './repo';
import type { ThreadsService } from './service';
import { plainText, shorten } from './text';

export interface ModerationDeps {
  repo: ThreadsRepo;
  moderation: ModerationRepo;
  attachments: AttachmentStore;
  containers: ThreadContainerRegistry;
  threads: ThreadsService;
  users: UsersRepo;
  audit: AuditService;
  live: LivePublisher;
  notifications: NotificationsService;
  /** Late-bound: re-checks open summary editors once a thread's rules changed (moved, locked). */
  hooks: { threadAccessChanged(threadId: string): Promise<void> };
  clock?: () => Date;
}

/** Details kept in the moderation log: ids, names, numbers and reasons — never message text. */
type LogDetails = Record<string, string | number | boolean | null>;

/**
 * Moderators' tools for any container. Each action is checked (`moderate` on the container),
 * applied, written to the container's moderation log and to the audit log, then shown live.
 */
export function createModerationService(deps: ModerationDeps) {
  const { repo, containers, threads } = deps;
  const now = deps.clock ?? (() => new Date());

  async function assertModerator(actor: Actor, ref: ContainerRef) {
    const access = await threads.load.container(actor, ref);
    if (!access.moderate) throw new AppError('FORBIDDEN', 'Only moderators can do this');
    return access;
  }

  /** One entry in the container's moderation log and one in the audit trail, for every action. */
  async function record(
    actor: Actor,
    ref: ContainerRef,
    action: ModerationAction,
    target: { type: string; id: string; label: string | null },
    reason: string | null,
    origin: RequestOrigin | null,
    details: LogDetails = {},
  ): Promise<ModerationLogEntry> {
    const entry = await deps.moderation.log.append({
      containerKey: containerKey(ref),
      container: toStoredRef(ref),
      action,
      moderatorId: toObjectId(actor.userId),
      moderatorName: actor.displayName,
      target,
      reason,
      details,
      at: now(),
    });
    await deps.audit.record({
      actor,
      action: `moderation.${action}`,
      target: { type: target.type, id: target.id },
      caseId: containers.auditCaseId(ref),
      origin,
      details: { container: containerKey(ref), reason, ...details },
    });
    return presentLogEntry(entry);
  }

  async function moderatedMessage(actor: Actor, messageId: string): Promise<LoadedMessage> {
    const loaded = await threads.load.message(actor, messageId);
    if (!loaded.access.moderate) throw new AppError('FORBIDDEN', 'Only moderators can do this');
    return loaded;
  }

  async function moderatedThread(actor: Actor, threadId: string) {
    const loaded = await threads.load.thread(actor, threadId);
    if (!loaded.access.moderate) throw new AppError('FORBIDDEN', 'Only moderators can do this');
    return loaded;
  }

  async function hide(
    actor: Actor,
    messageId: string,
    reason: string,
    origin: RequestOrigin | null,
  ): Promise<Message> {
    const { message, thread, ref, access } = await moderatedMessage(actor, messageId);
    if (message.hidden) return threads.presentFor(access, message);
    const at = now();
    const updated = await repo.messages.update(
      message._id,
      { hidden: null },
      {
        $set: {
          hidden: { at, byId: toObjectId(actor.userId), byName: actor.displayName, reason },
          updatedAt: at,
        },
      },
    );
    const current = updated ?? (await repo.messages.findById(message._id)) ?? message;
    if (updated) {
      await threads.afterWithdrawn(thread, updated, at);
      await record(
        actor,
        ref,
        'message.hide',
        { type: 'message', id: messageId, label: thread.title },
        reason,
        origin,
        {
          threadId: thread._id.toHexString(),
          authorId: message.authorId.toHexString(),
        },
      );
      if (!message.authorId.equals(toObjectId(actor.userId))) {
        deps.notifications.notifyInBackground(async () => [
          {
            userId: message.authorId,
            kind: 'message_hidden',
            title: `A moderator hid your message in “${thread.title}”: ${reason}`,
            subject: thread.title,
            excerpt: reason,
            actor: null,
            containerKey: thread.containerKey,
            threadId: thread._id,
            messageId: message._id,
            seq: message.seq,
          },
        ]);
      }
    }
    return threads.presentFor(access, current);
  }

  async function mute(
    actor: Actor,
    ref: ContainerRef,
    body: MuteBody,
    origin: RequestOrigin | null,
  ): Promise<Mute> {
    await assertModerator(actor, ref);
    if (body.userId === actor.userId) throw new AppError('BAD_REQUEST', 'You cannot mute yourself');
    const target = await deps.users.findById(toObjectId(body.userId));
    if (!target) throw notFound('Member');
    if ((await containers.access(actorForUser(target), ref)).moderate) {
      throw new AppError('FORBIDDEN', 'Moderators of this container cannot be muted here');
    }
    const at = now();
    const stored = {
      userId: target._id,
      until: new Date(at.getTime() + body.minutes * 60_000),
      reason: body.reason,
      byName: actor.displayName,
    };
    await deps.moderation.settings.mute(containerKey(ref), stored, at);
    threads.forgetModerationSettings(containerKey(ref));
    await record(
      actor,
      ref,
      'member.mute',
      { type: 'user', id: body.userId, label: target.displayName },
      body.reason,
      origin,
      {
        minutes: body.minutes,
      },
    );
    return presentMute(stored, target);
  }

  async function presentReports(docs: ReportDoc[]): Promise<Report[]> {
    const [messages, threadDocs] = await Promise.all([
      repo.messages.findByIds(docs.map((doc) => doc.messageId)),
      repo.threads.findByIds(docs.map((doc) => doc.threadId)),
    ]);
    const messageById = new Map(messages.map((message) => [message._id.toHexString(), message]));
    const threadById = new Map(threadDocs.map((thread) => [thread._id.toHexString(), thread]));
    return docs.flatMap((doc) => {
      const message = messageById.get(doc.messageId.toHexString());
      if (!message) return [];
      return [
        {
          id: doc._id.toHexString(),
          container: { type: doc.container.type, id: doc.container.id.toHexString() },
          threadId: doc.threadId.toHexString(),
          threadTitle: threadById.get(doc.threadId.toHexString())?.title ?? '',
          // Moderators review what was reported, hidden or not.
          message: presentMessage(message, { revealHidden: true }),
          reporter: {
            id: doc.reporterId.toHexString(),
            displayName: doc.reporterName,
            country: message.authorCountry,
          },
          reason: doc.reason,
          note: doc.note,
          status: doc.status,
          createdAt: doc.createdAt.toISOString(),
          resolution: doc.resolution
            ? {
                by: doc.resolution.byName,
                at: doc.resolution.at.toISOString(),
                action: doc.resolution.action,
                note: doc.resolution.note,
              }
            : null,
        },
      ];
    });
  }

  async function closeReport(
    actor: Actor,
    reportId: string,
    status: Exclude<ReportStatus, 'open'>,
    body: { note: string; action?: ResolveReportBody['action']; muteMinutes?: number },
    origin: RequestOrigin | null,
  ): Promise<Report> {
    const report = await deps.moderation.reports.findById(toObjectId(reportId));
    if (!report) throw notFound('Report');
    const ref = { type: report.container.type, id: report.container.id.toHexString() };
    await assertModerator(actor, ref);
    if (report.status !== 'open') throw new AppError('CONFLICT', 'This report was already handled');
    if (body.action === 'message_hidden')
      await hide(actor, report.messageId.toHexString(), body.note, origin);
    if (body.action === 'author_muted') {
      const message = await repo.messages.findById(report.messageId);
      if (message) {
        await mute(
          actor,
          ref,
          { userId: message.authorId.toHexString(), minutes: body.muteMinutes ?? 60, reason: body.note },
          origin,
        );
      }
    }
    const closed = await deps.moderation.reports.close(report._id, status, {
      byId: toObjectId(actor.userId),
      byName: actor.displayName,
      at: now(),
      action: body.action ?? null,
      note: body.note,
    });
    if (!closed) throw new AppError('CONFLICT', 'This report was already handled');
    await record(
      actor,
      ref,
      status === 'resolved' ? 'report.resolve' : 'report.dismiss',
      { type: 'report', id: reportId, label: null },
      body.note,
      origin,
      { action: body.action ?? null, messageId: report.messageId.toHexString() },
    );
    const [presented] = await presentReports([closed]);
    if (!presented) throw notFound('Report');
    return presented;
  }

  async function setThreadFlag(
    actor: Actor,
    threadId: string,
    flag: 'locked' | 'pinned',
    value: boolean,
    origin: RequestOrigin | null,
  ): Promise<ThreadDetail> {
    const loaded = await moderatedThread(actor, threadId);
    if (loaded.thread[flag] === value) return threads.detail(actor, loaded);
    const updated = await repo.threads.update(loaded.thread._id, { [flag]: value });
    if (!updated) throw notFound('Thread');
    if (flag === 'locked') {
      threads.forgetThread(threadId);
      await deps.hooks.threadAccessChanged(threadId);
    }
    const action: ModerationAction =
      flag === 'locked' ? (value ? 'thread.lock' : 'thread.unlock') : value ? 'thread.pin' : 'thread.unpin';
    await record(
      actor,
      loaded.ref,
      action,
      { type: 'thread', id: threadId, label: updated.title },
      null,
      origin,
    );
    threads.broadcastThread(updated, 'thread:updated');
    return threads.detail(actor, { ...loaded, thread: updated });
  }

  return {
    record,
    hide,
    mute,

    async unhide(
      actor: Actor,
      messageId: string,
      reason: string,
      origin: RequestOrigin | null,
    ): Promise<Message> {
      const { message, thread, ref, access } = await moderatedMessage(actor, messageId);
      if (!message.hidden) return threads.presentFor(access, message);
      const at = now();
      const updated = await repo.messages.update(
        message._id,
        { hidden: { $ne: null } },
        { $set: { hidden: null, updatedAt: at } },
      );
      if (!updated) return threads.presentFor(access, (await repo.messages.findById(message._id)) ?? message);
      if (!updated.deletedAt) await threads.afterRestored(thread, updated, at);
      await record(
        actor,
        ref,
        'message.unhide',
        { type: 'message', id: messageId, label: thread.title },
        reason,
        origin,
        {
          threadId: thread._id.toHexString(),
        },
      );
      return threads.presentFor(access, updated);
    },

    lock: (actor: Actor, threadId: string, value: boolean, origin: RequestOrigin | null) =>
      setThreadFlag(actor, threadId, 'locked', value, origin),
    pin: (actor: Actor, threadId: string, value: boolean, origin: RequestOrigin | null) =>
      setThreadFlag(actor, threadId, 'pinned', value, origin),

    /**
     * Moves a thread with everything that points at it. Messages, states, reports and files are
     * re-keyed before the thread itself; search also checks the thread's container, so a move cut
     * short never shows the thread to the target's members early. Repeating a move finishes it.
     */
    async move(
      actor: Actor,
      threadId: string,
      to: ContainerRef,
      reason: string,
      origin: RequestOrigin | null,
    ): Promise<ThreadDetail> {
      const loaded = await moderatedThread(actor, threadId);
      // A container's own thread (a case's discussion) is part of that container: it never leaves.
      if (loaded.thread.containerOwned)
        throw new AppError('BAD_REQUEST', 'This thread belongs to its container and cannot be moved');
      if (to.type !== loaded.ref.type)
        throw new AppError('BAD_REQUEST', 'A thread moves only between containers of one kind');
      const target = await containers.access(actor, to);
      if (!target.moderate) throw new AppError('FORBIDDEN', 'You must moderate the destination too');
      if (target.archived) throw new AppError('ARCHIVED', 'The destination is archived');
      const from = loaded.ref;
      const key = containerKey(to);
      const id = loaded.thread._id;
      await repo.messages.moveThread(id, key);
      await repo.states.moveThread(id, key);
      await deps.moderation.reports.moveThread(id, key, toStoredRef(to));
      await deps.attachments.moveThread(id, key);
      const updated = await repo.threads.update(id, { containerKey: key, container: toStoredRef(to) });
      if (!updated) throw notFound('Thread');
      threads.forgetThread(threadId);
      // A message sent while the move ran may still carry the old key: re-key once more.
      await repo.messages.moveThread(id, key);
      // Summary editors first: once sockets leave the thread's room, who was watching is unknown.
      await deps.hooks.threadAccessChanged(threadId);
      await threads.revalidateThreadRoom(updated);
      const fromRoom = containers.room(from);
      if (fromRoom) deps.live.emit([fromRoom], 'thread:removed', { threadId, container: from });
      threads.broadcastThread(updated, 'thread:created');
      const details = { from: containerKey(from), to: key };
      await record(
        actor,
        from,
        'thread.move',
        { type: 'thread', id: threadId, label: updated.title },
        reason,
        origin,
        details,
      );
      await record(
        actor,
        to,
        'thread.move',
        { type: 'thread', id: threadId, label: updated.title },
        reason,
        origin,
        details,
      );
      return threads.detail(actor, { thread: updated, ref: to, access: target });
    },

    async unmute(
      actor: Actor,
      ref: ContainerRef,
      userId: string,
      origin: RequestOrigin | null,
    ): Promise<void> {
      await assertModerator(actor, ref);
      if (!(await deps.moderation.settings.unmute(containerKey(ref), toObjectId(userId))))
        throw notFound('Mute');
      threads.forgetModerationSettings(containerKey(ref));
      const user = await deps.users.findById(toObjectId(userId));
      await record(
        actor,
        ref,
        'member.unmute',
        { type: 'user', id: userId, label: user?.displayName ?? null },
        null,
        origin,
      );
    },

    async setSlowMode(
      actor: Actor,
      ref: ContainerRef,
      body: SlowModeBody,
      origin: RequestOrigin | null,
    ): Promise<ContainerModeration> {
      await assertModerator(actor, ref);
      await deps.moderation.settings.setSlowMode(containerKey(ref), body.seconds);
      threads.forgetModerationSettings(containerKey(ref));
      await record(
        actor,
        ref,
        'slow_mode.set',
        { type: ref.type, id: ref.id, label: null },
        body.reason,
        origin,
        {
          seconds: body.seconds,
        },
      );
      return this.overview(actor, ref);
    },

    async overview(actor: Actor, ref: ContainerRef): Promise<ContainerModeration> {
      await assertModerator(actor, ref);
      const key = containerKey(ref);
      const [settings, openReports] = await Promise.all([
        deps.moderation.settings.get(key),
        deps.moderation.reports.countOpen(key),
      ]);
      const at = now();
      const active = settings.mutes.filter((entry) => entry.until > at);
      const users = await deps.users.findByIds(active.map((entry) => entry.userId));
      const byId = new Map(users.map((user) => [user._id.toHexString(), user]));
      return {
        slowModeSeconds: settings.slowModeSeconds,
        mutes: active.map((entry) => presentMute(entry, byId.get(entry.userId.toHexString()))),
        openReports,
      };
    },

    /** Any reader may report; a second report by the same member on the same message is a no-op. */
    async report(actor: Actor, messageId: string, input: CreateReportBody): Promise<void> {
      const body = CreateReportBodySchema.parse(input);
      const { message, thread, ref, access } = await threads.load.message(actor, messageId);
      if (!access.report) throw new AppError('FORBIDDEN', 'You cannot report messages here');
      if (message.authorId.equals(toObjectId(actor.userId)))
        throw new AppError('BAD_REQUEST', 'You cannot report your own message');
      if (message.deletedAt) throw new AppError('CONFLICT', 'This message was deleted');
      const created = await deps.moderation.reports.insert({
        containerKey: thread.containerKey,
        container: toStoredRef(ref),
        threadId: thread._id,
        messageId: message._id,
        reporterId: toObjectId(actor.userId),
        reporterName: actor.displayName,
        reason: body.reason,
        note: body.note,
        status: 'open',
        createdAt: now(),
        resolution: null,
      });
      if (!created) return;
      deps.notifications.notifyInBackground(async () => {
        const moderatorIds = (await containers.moderatorIds(ref)).filter((id) => id !== actor.userId);
        return moderatorIds.map((id) => ({
          userId: toObjectId(id),
          kind: 'report_created' as const,
          title: `A message in “${thread.title}” was reported (${body.reason.replace(/_/g, ' ')})`,
          subject: thread.title,
          excerpt: shorten(plainText(message.body), 120),
          actor: null,
          containerKey: thread.containerKey,
          threadId: thread._id,
          messageId: message._id,
          seq: message.seq,
        }));
      });
    },

    async reports(
      actor: Actor,
      ref: ContainerRef,
      query: { status: ReportStatus; cursor?: string | undefined; limit: number },
    ): Promise<{ items: Report[]; nextCursor: string | null }> {
      await assertModerator(actor, ref);
      const docs = await deps.moderation.reports.list(
        containerKey(ref),
        query.status,
        parseTimeCursor(query.cursor),
        query.limit + 1,
      );
      const page = docs.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: await presentReports(page),
        nextCursor:
          docs.length > query.limit && last
            ? encodeCursor({ at: last.createdAt.getTime(), id: last._id.toHexString() })
            : null,
      };
    },

    resolveReport: (actor: Actor, reportId: string, body: ResolveReportBody, origin: RequestOrigin | null) =>
      closeReport(actor, reportId, 'resolved', body, origin),
    dismissReport: (actor: Actor, reportId: string, note: string, origin: RequestOrigin | null) =>
      closeReport(actor, reportId, 'dismissed', { note }, origin),

    async log(
      actor: Actor,
      ref: ContainerRef,
      query: { cursor?: string | undefined; limit: number },
    ): Promise<{ items: ModerationLogEntry[]; nextCursor: string | null }> {
      await assertModerator(actor, ref);
      const docs = await deps.moderation.log.list(
        containerKey(ref),
        parseTimeCursor(query.cursor),
        query.limit + 1,
      );
      const page = docs.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(presentLogEntry),
        nextCursor:
          docs.length > query.limit && last
            ? encodeCursor({ at: last.at.getTime(), id: last._id.toHexString() })
            : null,
      };
    },

    async editHistory(actor: Actor, messageId: string) {
      const { message } = await moderatedMessage(actor, messageId);
      return repo.edits.list(message._id);
    },

    /** Used by containers when an admin removes someone: closes their live view of it. */
    async revoke(userId: string, ref: ContainerRef): Promise<void> {
      await threads.revokeContainer(userId, ref);
    },
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;
