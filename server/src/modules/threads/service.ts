import { ObjectId } from 'mongodb';
import type { Logger } from 'pino';
import {
  THREAD_LIMITS,
  extractMentionTokens,
  isMemberState,
  rooms,
  type ContainerRef,
  type JurisdictionCode,
  type CreateThreadBody,
  type EditMessage,
  type InboxItem,
  type Message,
  type MessageHistoryQuery,
  type MessagePage,
  type ReactToMessage,
  type SendMessage,
  type SyncResult,
  type SyncThread,
  type Thread,
  type ThreadDetail,
  type ThreadListItem,
  type ThreadListQuery,
  type ThreadViewerState,
  type UpdateThreadBody,
  CreateThreadBodySchema,
  MessageHistoryQuerySchema,
  ThreadListQuerySchema,
} from '@serantau/shared';
import { decodeCursor, encodeCursor, toObjectId } from '../../db/ids';
import { AppError, notFound } from '../../http/errors';
import type { Actor, RequestOrigin } from '../../policy/actor';
import type { AuditService } from '../audit/service';
import {
  canDeleteMessage,
  canEditMessage,
  canEditThread,
  canReact,
  canReply,
  canResolveThread,
  canSeeHiddenText,
  type ContainerDecision,
} from '../../policy/threads';
import type { NotificationsService } from '../notifications/service';
import type { UsersRepo } from '../users/repo';
import type { AttachmentStore } from './attachments';
import type { FactCache } from './cache';
import { containerKey, type ThreadContainerRegistry } from './containers';
import { actorForUser, createThreadLoader, refOf, refusePosting, type LoadedThread } from './context';
import type { MessageFanout } from './fanout';
import type { LivePublisher } from './live';
import type { ContainerModerationDoc, ModerationRepo } from './moderation-repo';
import { presentMessage, presentThread, presentViewerState } from './presenter';
import {
  toStoredRef,
  type MessageDoc,
  type StoredAttachmentRef,
  type StoredMention,
  type StoredReplyTo,
  type ThreadDoc,
  type ThreadsRepo,
  type ThreadStateDoc,
} from './repo';
import { plainText, shorten } from './text';

export interface ThreadsDeps {
  repo: ThreadsRepo;
  /** Per-message facts kept briefly in memory; changes invalidate them (see cache.ts). */
  caches: {
    threads: FactCache<ThreadDoc | null>;
    settings: FactCache<ContainerModerationDoc>;
  };
  moderation: ModerationRepo;
  attachments: AttachmentStore;
  containers: ThreadContainerRegistry;
  users: UsersRepo;
  live: LivePublisher;
  notifications: NotificationsService;
  fanout: MessageFanout;
  /** Reads of threads that belong to a case go to its audit trail. */
  audit: AuditService;
  logger: Logger;
  clock?: () => Date;
}

/** Plain replies in one thread within this window are announced to followers once. */
const REPLY_FANOUT_DELAY_MS = 1_000;

/** How far back catch-up's `syncedAt` reaches, so a change stored while the query ran is not missed. */
const SYNC_OVERLAP_MS = 2_000;

/**
 * Threads and messages in any container: the rules of writing, reading and following. Every entry
 * point takes the actor, asks the container what they may do, and only then touches storage.
 * Writes are ordered so that a crash between two of them leaves nothing a retry cannot finish.
 */
export function createThreadsService(deps: ThreadsDeps) {
  const { repo, containers, live } = deps;
  const now = deps.clock ?? (() => new Date());
  const load = createThreadLoader({ repo, containers });

  /**
   * A thread loaded to be read. Where its container belongs to a case (the case discussion), the
   * read is case material: every attempt, allowed or refused, writes one entry in that case's trail
   * (SECURITY row 11). Other containers' reads are not audited.
   */
  async function loadForReading(
    actor: Actor,
    threadId: string,
    action: string,
    origin: RequestOrigin | null,
  ): Promise<LoadedThread> {
    const record = (caseId: string, outcome: 'allowed' | 'denied', details: Record<string, unknown> = {}) =>
      deps.audit.record({
        actor,
        action,
        target: { type: 'thread', id: threadId },
        caseId,
        outcome,
        origin,
        details,
      });
    let loaded: LoadedThread;
    try {
      loaded = await load.thread(actor, threadId);
    } catch (error) {
      if (error instanceof AppError && /^[a-f0-9]{24}$/.test(threadId)) {
        const thread = await repo.threads.findById(toObjectId(threadId));
        const caseId = thread ? containers.auditCaseId(refOf(thread)) : null;
        if (caseId) await record(caseId, 'denied', { reason: error.code });
      }
      throw error;
    }
    const caseId = containers.auditCaseId(refOf(loaded.thread));
    if (caseId) await record(caseId, 'allowed');
    return loaded;
  }

  function roomsOf(thread: ThreadDoc): string[] {
    const containerRoom = containers.room(refOf(thread));
    return containerRoom
      ? [rooms.thread(thread._id.toHexString()), containerRoom]
      : [rooms.thread(thread._id.toHexString())];
  }

  /** Everyone in the rooms gets the public view: rooms mix moderators and members. */
  function broadcastMessage(
    thread: ThreadDoc,
    message: MessageDoc,
    event: 'message:created' | 'message:updated',
  ): void {
    live.emit(roomsOf(thread), event, { message: presentMessage(message, { revealHidden: false }) });
  }

  function broadcastThread(thread: ThreadDoc, event: 'thread:created' | 'thread:updated'): void {
    live.emit(roomsOf(thread), event, { thread: presentThread(thread) });
  }

  async function detail(actor: Actor, loaded: LoadedThread): Promise<ThreadDetail> {
    const key = containerKey(loaded.ref);
    const [state, info, settings] = await Promise.all([
      repo.states.find(toObjectId(actor.userId), loaded.thread._id),
      containers.describe([loaded.ref]),
      deps.moderation.settings.get(key),
    ]);
    const mute = activeMute(settings.mutes, actor.userId, now());
    return {
      ...presentThread(loaded.thread),
      me: presentViewerState(loaded.thread, state),
      access: {
        read: loaded.access.read,
        startThread: loaded.access.startThread && !mute,
        post: canReply(loaded.access, loaded.thread) && !mute,
        react: loaded.access.react && !mute,
        report: loaded.access.report,
        moderate: loaded.access.moderate,
      },
      containerName: info.get(key)?.name ?? '',
      slowModeSeconds: settings.slowModeSeconds,
      mutedUntil: mute?.toISOString() ?? null,
    };
  }

  function activeMute(mutes: { userId: ObjectId; until: Date }[], userId: string, at: Date): Date | null {
    let until: Date | null = null;
    for (const mute of mutes) {
      if (mute.userId.toHexString() === userId && mute.until > at && (!until || mute.until > until))
        until = mute.until;
    }
    return until;
  }

  function moderationSettings(key: string): Promise<ContainerModerationDoc> {
    return deps.caches.settings.get(key, () => deps.moderation.settings.get(key));
  }

  async function assertNotMuted(actor: Actor, key: string): Promise<void> {
    const settings = await moderationSettings(key);
    const mutedUntil = activeMute(settings.mutes, actor.userId, now());
    if (mutedUntil)
      throw new AppError('MUTED', `A moderator muted you here until ${mutedUntil.toISOString()}`);
  }

  /** Mutes and slow mode, checked before anything is stored. Moderators are not slowed down. */
  async function assertMayPostNow(
    actor: Actor,
    ref: ContainerRef,
    access: ContainerDecision,
    preloaded?: ContainerModerationDoc,
  ): Promise<void> {
    const key = containerKey(ref);
    const at = now();
    const settings = preloaded ?? (await moderationSettings(key));
    const mutedUntil = activeMute(settings.mutes, actor.userId, at);
    if (mutedUntil) {
      throw new AppError('MUTED', `A moderator muted you here until ${mutedUntil.toISOString()}`, {
        retryAfterSeconds: Math.ceil((mutedUntil.getTime() - at.getTime()) / 1000),
      });
    }
    if (settings.slowModeSeconds > 0 && !access.moderate) {
      const previous = await deps.moderation.clocks.tryPost(
        key,
        actor.userId,
        at,
        settings.slowModeSeconds * 1000,
      );
      if (previous) {
        const wait = Math.max(
          1,
          Math.ceil((previous.getTime() + settings.slowModeSeconds * 1000 - at.getTime()) / 1000),
        );
        throw new AppError('SLOW_MODE', `Slow mode is on: you can post again in ${wait} s`, {
          retryAfterSeconds: wait,
        });
      }
    }
  }

  /** Mention tokens → members who exist and can read the container; others stay plain text. */
  async function resolveMentions(body: string, ref: ContainerRef): Promise<StoredMention> {
    const tokens = extractMentionTokens(body);
    const countries = tokens.countries.filter(isMemberState);
    if (tokens.userIds.length === 0) return { userIds: [], users: [], countries };
    const users = (await deps.users.findByIds(tokens.userIds.slice(0, 50).map(toObjectId))).filter(
      (user) => user.status === 'active',
    );
    const readers = await containers.readersAmong(ref, users.map(actorForUser));
    const mentioned = users.filter((user) => readers.has(user._id.toHexString()));
    return {
      userIds: mentioned.map((user) => user._id),
      users: mentioned.map((user) => ({ id: user._id, displayName: user.displayName })),
      countries,
    };
  }

  function excerptOf(body: string, mentions: StoredMention): string {
    return shorten(
      plainText(body, new Map(mentions.users.map((user) => [user.id.toHexString(), user.displayName]))),
      THREAD_LIMITS.excerptLength,
    );
  }

  async function resolveReplyTo(
    thread: ThreadDoc,
    replyToId: string | undefined,
  ): Promise<StoredReplyTo | null> {
    if (!replyToId) return null;
    const quoted = await repo.messages.findById(toObjectId(replyToId));
    if (!quoted || !quoted.threadId.equals(thread._id)) {
      throw new AppError('VALIDATION_FAILED', 'You can only quote a message of the same thread');
    }
    const visible = !quoted.deletedAt && !quoted.hidden;
    return {
      messageId: quoted._id,
      seq: quoted.seq,
      authorName: quoted.authorName,
      excerpt: visible ? excerptOf(quoted.body, quoted.mentions) : null,
    };
  }

  /** Uploads must be the sender's own, made in this thread, and not yet attached to anything. */
  async function resolveAttachments(
    actor: Actor,
    threadId: ObjectId,
    ids: readonly string[],
  ): Promise<StoredAttachmentRef[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const files = await deps.attachments.findMany(unique.map(toObjectId));
    if (
      files.length !== unique.length ||
      files.some(
        (file) =>
          file.metadata.uploaderId.toHexString() !== actor.userId ||
          !file.metadata.threadId.equals(threadId) ||
          file.metadata.messageId !== null,
      )
    ) {
      throw new AppError(
        'VALIDATION_FAILED',
        'Attach only files you uploaded to this thread and have not sent yet',
      );
    }
    return files.map((file) => ({
      id: file.id,
      filename: file.filename,
      contentType: file.metadata.contentType,
      size: file.size,
    }));
  }

  function newMessage(
    actor: Actor,
    thread: { _id: ObjectId; containerKey: string },
    input: { clientMessageId: string; body: string },
    extras: { mentions: StoredMention; replyTo: StoredReplyTo | null; attachments: StoredAttachmentRef[] },
    at: Date,
  ): Omit<MessageDoc, 'seq'> {
    return {
      _id: new ObjectId(),
      threadId: thread._id,
      containerKey: thread.containerKey,
      clientMessageId: input.clientMessageId,
      authorId: toObjectId(actor.userId),
      authorName: actor.displayName,
      authorCountry: actor.country,
      body: input.body,
      mentions: extras.mentions,
      replyTo: extras.replyTo,
      reactions: {},
      attachments: extras.attachments,
      editedAt: null,
      editCount: 0,
      deletedAt: null,
      hidden: null,
      createdAt: at,
      updatedAt: at,
    };
  }

  /**
   * Who hears about a new reply. Mentions go out at once; plain replies are gathered per thread for
   * a moment and announced once (replies collapse into one notification per member anyway), so a
   * busy thread costs one fan-out per second instead of one per message.
   */
  const pendingFanout = new Map<string, { actor: Actor; thread: ThreadDoc; message: MessageDoc }>();
  const fanoutTimers = new Set<ReturnType<typeof setTimeout>>();
  function scheduleFanout(actor: Actor, thread: ThreadDoc, message: MessageDoc): void {
    const mentions = message.mentions.userIds.length > 0 || message.mentions.countries.length > 0;
    if (mentions) {
      deps.notifications.notifyInBackground(() =>
        deps.fanout.forMessage({ actor, thread, message, newThread: false }),
      );
      return;
    }
    const key = thread._id.toHexString();
    const waiting = pendingFanout.has(key);
    pendingFanout.set(key, { actor, thread, message });
    if (waiting) return;
    const timer = setTimeout(() => {
      fanoutTimers.delete(timer);
      const latest = pendingFanout.get(key);
      pendingFanout.delete(key);
      if (!latest) return;
      deps.notifications.notifyInBackground(() => deps.fanout.forMessage({ ...latest, newThread: false }));
    }, REPLY_FANOUT_DELAY_MS);
    timer.unref();
    fanoutTimers.add(timer);
  }

  /** A message presented for its author (or anyone asking directly): moderators see hidden text. */
  function presentFor(access: ContainerDecision, message: MessageDoc): Message {
    return presentMessage(message, { revealHidden: canSeeHiddenText(access) });
  }

  async function unreadFor(
    actor: Actor,
    threads: readonly ThreadDoc[],
    states: readonly ThreadStateDoc[],
    since: Date | null,
  ) {
    const stateByThread = new Map(states.map((state) => [state.threadId.toHexString(), state]));
    const neverOpened = threads.filter(
      (thread) => !stateByThread.has(thread._id.toHexString()) && (!since || thread.lastActivityAt > since),
    );
    const counted = await repo.messages.countNewByThread(
      neverOpened.map((thread) => thread._id),
      since ?? new Date(0),
      toObjectId(actor.userId),
    );
    const unread = new Map<string, number>();
    for (const thread of threads) {
      const id = thread._id.toHexString();
      const state = stateByThread.get(id);
      unread.set(id, state ? Math.max(0, thread.lastSeq - state.lastReadSeq) : (counted.get(id) ?? 0));
    }
    return { unread, stateByThread };
  }

  const service = {
    load,
    detail,
    roomsOf,
    broadcastMessage,
    broadcastThread,
    presentFor,
    resolveMentions,
    excerptOf,

    async createThread(actor: Actor, ref: ContainerRef, input: CreateThreadBody): Promise<ThreadDetail> {
      const body = CreateThreadBodySchema.parse(input);
      const access = await load.container(actor, ref);
      const key = containerKey(ref);
      const authorId = toObjectId(actor.userId);

      // A retry of a thread whose opening post is already stored finishes the thread, never duplicates it.
      const earlier = await repo.messages.findByClientId(authorId, body.clientMessageId);
      if (earlier) {
        if (earlier.seq !== 1 || earlier.containerKey !== key) {
          throw new AppError('CONFLICT', 'This client message id was already used for another message');
        }
        const thread = await repo.threads.findById(earlier.threadId);
        return detail(actor, {
          thread: thread ?? (await repo.threads.insertIfAbsent(threadFrom(earlier, body))),
          ref,
          access,
        });
      }
      if (!access.startThread) throw refusePosting(access);
      await assertMayPostNow(actor, ref, access);

      const at = now();
      const threadId = new ObjectId();
      const shell = { _id: threadId, containerKey: key };
      const [mentions, attachments] = await Promise.all([
        resolveMentions(body.body, ref),
        resolveAttachments(actor, threadId, body.attachmentIds),
      ]);
      // Opening post first: a crash before the thread document leaves an invisible orphan that a retry adopts.
      const { message, duplicate } = await repo.messages.append(
        newMessage(
          actor,
          shell,
          { clientMessageId: body.clientMessageId, body: body.body },
          { mentions, replyTo: null, attachments },
          at,
        ),
        0,
      );
      if (duplicate) return service.createThread(actor, ref, input);
      const thread = await repo.threads.insertIfAbsent(threadFrom(message, body));
      await Promise.all([
        deps.attachments.claim(
          attachments.map((file) => file.id),
          authorId,
          message._id,
        ),
        repo.states.markRead(authorId, thread._id, key, 1, true),
      ]);
      broadcastThread(thread, 'thread:created');
      broadcastMessage(thread, message, 'message:created');
      deps.notifications.notifyInBackground(() =>
        deps.fanout.forMessage({ actor, thread, message, newThread: true }),
      );
      return detail(actor, { thread, ref, access });

      function threadFrom(opening: MessageDoc, fields: { title: string; tags: string[] }): ThreadDoc {
        return {
          _id: opening.threadId,
          containerKey: key,
          container: toStoredRef(ref),
          title: fields.title,
          tags: [...new Set(fields.tags)],
          authorId: opening.authorId,
          authorName: opening.authorName,
          authorCountry: opening.authorCountry,
          excerpt: excerptOf(opening.body, opening.mentions),
          pinned: false,
          locked: false,
          resolved: false,
          lastSeq: 1,
          lastActivityAt: opening.createdAt,
          createdAt: opening.createdAt,
          updatedAt: opening.createdAt,
          summaryDocumentId: null,
        };
      }
    },

    async listThreads(
      actor: Actor,
      ref: ContainerRef,
      input: ThreadListQuery,
    ): Promise<{ items: ThreadListItem[]; nextCursor: string | null }> {
      const query = ThreadListQuerySchema.parse(input);
      await load.container(actor, ref);
      const unreadSince = await containers.unreadSince(actor, ref);
      const after = parseThreadCursor(query.cursor);
      const docs = await repo.threads.listByContainer(containerKey(ref), after, query.limit + 1, query.tag);
      const page = docs.slice(0, query.limit);
      const states = await repo.states.forThreads(
        toObjectId(actor.userId),
        page.map((thread) => thread._id),
      );
      const { unread, stateByThread } = await unreadFor(actor, page, states, unreadSince);
      const last = page.at(-1);
      return {
        items: page.map((thread) => ({
          ...presentThread(thread),
          me: presentViewerState(
            thread,
            stateByThread.get(thread._id.toHexString()) ?? null,
            unread.get(thread._id.toHexString()),
          ),
        })),
        nextCursor:
          docs.length > query.limit && last
            ? encodeCursor({
                p: last.pinned ? 1 : 0,
                t: last.lastActivityAt.getTime(),
                id: last._id.toHexString(),
              })
            : null,
      };
    },

    /** Unread messages and threads per container, for sidebars; `since` per container is when the member joined. */
    async unreadByContainer(
      actor: Actor,
      containersSince: ReadonlyMap<string, Date | null>,
    ): Promise<Map<string, { messages: number; threads: number }>> {
      const keys = [...containersSince.keys()];
      const oldest = [...containersSince.values()].reduce<Date>(
        (min, since) => (since && since < min ? since : since === null ? new Date(0) : min),
        now(),
      );
      const threads = (await repo.threads.activeSince(keys, oldest)).filter((thread) => {
        const since = containersSince.get(thread.containerKey);
        return !since || thread.lastActivityAt > since;
      });
      const states = await repo.states.forThreads(
        toObjectId(actor.userId),
        threads.map((thread) => thread._id),
      );
      const result = new Map<string, { messages: number; threads: number }>();
      for (const key of keys) result.set(key, { messages: 0, threads: 0 });
      // Never-opened threads count from when the member joined that container.
      for (const key of keys) {
        const inContainer = threads.filter((thread) => thread.containerKey === key);
        if (inContainer.length === 0) continue;
        const { unread } = await unreadFor(actor, inContainer, states, containersSince.get(key) ?? null);
        const totals = result.get(key) ?? { messages: 0, threads: 0 };
        for (const count of unread.values()) {
          if (count === 0) continue;
          totals.messages += count;
          totals.threads += 1;
        }
        result.set(key, totals);
      }
      return result;
    },

    async getThread(
      actor: Actor,
      threadId: string,
      origin: RequestOrigin | null = null,
    ): Promise<ThreadDetail> {
      return detail(actor, await loadForReading(actor, threadId, 'thread.read', origin));
    },

    async updateThread(actor: Actor, threadId: string, body: UpdateThreadBody): Promise<ThreadDetail> {
      const loaded = await load.thread(actor, threadId);
      if (
        !canEditThread(actor, loaded.access, {
          authorId: loaded.thread.authorId.toHexString(),
          locked: loaded.thread.locked,
        })
      ) {
        throw refusePosting(loaded.access, loaded.thread);
      }
      if (loaded.thread.containerOwned && body.title !== undefined && body.title !== loaded.thread.title) {
        throw new AppError('BAD_REQUEST', 'This thread is titled after its container: rename that instead');
      }
      const updated = await repo.threads.update(loaded.thread._id, {
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.tags !== undefined ? { tags: [...new Set(body.tags)] } : {}),
      });
      if (!updated) throw notFound('Thread');
      broadcastThread(updated, 'thread:updated');
      return detail(actor, { ...loaded, thread: updated });
    },

    async setResolved(actor: Actor, threadId: string, resolved: boolean): Promise<ThreadDetail> {
      const loaded = await load.thread(actor, threadId);
      if (
        !canResolveThread(actor, loaded.access, {
          authorId: loaded.thread.authorId.toHexString(),
          locked: loaded.thread.locked,
        })
      ) {
        throw new AppError('FORBIDDEN', 'Only the author or a moderator can change this');
      }
      const updated = await repo.threads.update(loaded.thread._id, { resolved });
      if (!updated) throw notFound('Thread');
      broadcastThread(updated, 'thread:updated');
      return detail(actor, { ...loaded, thread: updated });
    },

    async history(
      actor: Actor,
      threadId: string,
      input: MessageHistoryQuery,
      origin: RequestOrigin | null = null,
    ): Promise<MessagePage> {
      const query = MessageHistoryQuerySchema.parse(input);
      const { thread, access } = await loadForReading(actor, threadId, 'thread.history_read', origin);
      const present = (docs: MessageDoc[]) => docs.map((doc) => presentFor(access, doc));
      if (query.afterSeq !== undefined) {
        const docs = await repo.messages.after(thread._id, query.afterSeq, query.limit + 1);
        const page = docs.slice(0, query.limit);
        return { items: present(page), hasOlder: query.afterSeq > 0, hasNewer: docs.length > query.limit };
      }
      const docs = await repo.messages.before(thread._id, query.beforeSeq ?? null, query.limit + 1);
      const page = docs.length > query.limit ? docs.slice(1) : docs;
      return {
        items: present(page),
        hasOlder: docs.length > query.limit,
        hasNewer: query.beforeSeq !== undefined && query.beforeSeq <= thread.lastSeq,
      };
    },

    /** Catch-up after a reconnection: the caller has already re-joined the rooms, so nothing falls between. */
    async sync(actor: Actor, input: SyncThread, origin: RequestOrigin | null = null): Promise<SyncResult> {
      const startedAt = now();
      const loaded = await loadForReading(actor, input.threadId, 'thread.synced', origin);
      const limit = THREAD_LIMITS.syncMaxMessages;
      const docs = await repo.messages.after(loaded.thread._id, input.afterSeq, limit + 1);
      const changed = input.changedSince
        ? await repo.messages.changedSince(
            loaded.thread._id,
            input.afterSeq,
            new Date(input.changedSince),
            500,
          )
        : [];
      const fresh = await repo.threads.findById(loaded.thread._id);
      return {
        messages: docs.slice(0, limit).map((doc) => presentFor(loaded.access, doc)),
        changed: changed.map((doc) => presentFor(loaded.access, doc)),
        hasMore: docs.length > limit,
        syncedAt: new Date(startedAt.getTime() - SYNC_OVERLAP_MS).toISOString(),
        thread: await detail(actor, { ...loaded, thread: fresh ?? loaded.thread }),
      };
    },

    /**
     * The send path: authorise → idempotency → mute/slow mode → store (position taken by the
     * insert) → broadcast → thread high-water mark and read position → (caller acks) →
     * notifications in the background.
     */
    async send(actor: Actor, input: SendMessage): Promise<{ message: Message; duplicate: boolean }> {
      const authorId = toObjectId(actor.userId);
      // The common case costs one round trip before the insert: the thread, the container's rules
      // and its mutes come from short-lived caches (changes invalidate them); only a private
      // channel's membership is always read fresh.
      const thread = await deps.caches.threads.get(input.threadId, () =>
        repo.threads.findById(toObjectId(input.threadId)),
      );
      if (!thread) throw notFound('Thread');
      const ref = refOf(thread);
      const [access, settings] = await Promise.all([
        containers.access(actor, ref),
        moderationSettings(thread.containerKey),
      ]);
      if (!access.read) throw notFound('Thread');
      // A retry of a message stored before the rules changed is answered with the stored message,
      // not refused: refusals look for it first (the insert itself catches every other retry).
      const refuse = async (error: AppError): Promise<never> => {
        const earlier = await repo.messages.findByClientId(authorId, input.clientMessageId);
        if (earlier?.threadId.equals(thread._id)) throw new StoredAlready(earlier);
        throw error;
      };
      try {
        if (!canReply(access, thread)) await refuse(refusePosting(access, thread));
        await assertMayPostNow(actor, ref, access, settings).catch((error: unknown) =>
          error instanceof AppError ? refuse(error) : Promise.reject(error),
        );
      } catch (error) {
        if (error instanceof StoredAlready)
          return { message: presentFor(access, error.stored), duplicate: true };
        throw error;
      }

      const [mentions, replyTo, attachments] = await Promise.all([
        resolveMentions(input.body, ref),
        resolveReplyTo(thread, input.replyToId),
        resolveAttachments(actor, thread._id, input.attachmentIds ?? []),
      ]);
      const at = now();
      const { message, duplicate } = await repo.messages.append(
        newMessage(actor, thread, input, { mentions, replyTo, attachments }, at),
        thread.lastSeq,
      );
      if (duplicate) {
        if (!message.threadId.equals(thread._id)) {
          throw new AppError('CONFLICT', 'This client message id was already used in another thread');
        }
        return { message: presentFor(access, message), duplicate: true };
      }
      // Stored: everyone may see it now. The thread's high-water mark and the author's read
      // position follow (before the ack), so readers are never kept waiting on bookkeeping.
      broadcastMessage(thread, message, 'message:created');
      const key = thread.containerKey;
      await Promise.all([
        repo.threads.recordActivity(thread._id, message.seq, at),
        repo.states.markRead(authorId, thread._id, key, message.seq, true),
        attachments.length > 0
          ? deps.attachments.claim(
              attachments.map((file) => file.id),
              authorId,
              message._id,
            )
          : null,
      ]);
      scheduleFanout(actor, { ...thread, lastSeq: message.seq }, message);
      return { message: presentFor(access, message), duplicate: false };
    },

    async edit(actor: Actor, input: EditMessage): Promise<Message> {
      const { message, thread, ref, access } = await load.message(actor, input.messageId);
      const facts = {
        authorId: message.authorId.toHexString(),
        deleted: message.deletedAt !== null,
        hidden: message.hidden !== null,
      };
      if (
        !canEditMessage(
          actor,
          access,
          { authorId: thread.authorId.toHexString(), locked: thread.locked },
          facts,
        )
      ) {
        if (facts.authorId !== actor.userId)
          throw new AppError('FORBIDDEN', 'Only the author can edit a message');
        if (facts.deleted || facts.hidden)
          throw new AppError('CONFLICT', 'This message can no longer be edited');
        throw refusePosting(access, thread);
      }
      await assertNotMuted(actor, thread.containerKey);
      if (input.body === message.body) return presentFor(access, message);

      const at = now();
      const mentions = await resolveMentions(input.body, ref);
      // History first: an edit is only applied once the text it replaces is safely kept.
      await repo.edits.record({
        messageId: message._id,
        threadId: thread._id,
        version: message.editCount + 1,
        body: message.body,
        editedAt: at,
        editedBy: actor.displayName,
      });
      const updated = await repo.messages.update(
        message._id,
        { editCount: message.editCount, deletedAt: null, hidden: null },
        { $set: { body: input.body, mentions, editedAt: at, updatedAt: at }, $inc: { editCount: 1 } },
      );
      if (!updated) throw new AppError('CONFLICT', 'The message changed meanwhile: reload and try again');
      if (updated.seq === 1) {
        const renamed = await repo.threads.update(thread._id, {
          excerpt: excerptOf(updated.body, updated.mentions),
        });
        if (renamed) broadcastThread(renamed, 'thread:updated');
      }
      broadcastMessage(thread, updated, 'message:updated');
      const before = new Set(message.mentions.userIds.map((id) => id.toHexString()));
      const added = mentions.userIds.map((id) => id.toHexString()).filter((id) => !before.has(id));
      if (added.length > 0) {
        deps.notifications.notifyInBackground(() =>
          deps.fanout.forMessage({ actor, thread, message: updated, newThread: false, onlyMentions: added }),
        );
      }
      return presentFor(access, updated);
    },

    /** Soft delete by the author: the text is withheld from everyone, quotes of it lose their excerpt. */
    async remove(actor: Actor, messageId: string): Promise<Message> {
      const { message, thread, access } = await load.message(actor, messageId);
      const facts = {
        authorId: message.authorId.toHexString(),
        deleted: message.deletedAt !== null,
        hidden: message.hidden !== null,
      };
      if (!canDeleteMessage(actor, access, facts)) {
        if (facts.authorId !== actor.userId)
          throw new AppError('FORBIDDEN', 'Only the author can delete a message');
        if (facts.deleted) return presentFor(access, message);
        throw refusePosting(access);
      }
      const at = now();
      const updated = await repo.messages.update(
        message._id,
        { deletedAt: null },
        { $set: { deletedAt: at, updatedAt: at } },
      );
      if (!updated) return presentFor(access, (await repo.messages.findById(message._id)) ?? message);
      await service.afterWithdrawn(thread, updated, at);
      return presentFor(access, updated);
    },

    /** After a message stops being shown (deleted or hidden): quotes, the thread excerpt, live views. */
    async afterWithdrawn(thread: ThreadDoc, message: MessageDoc, at: Date): Promise<void> {
      const quoting = await repo.messages.clearQuotesOf(message._id, at);
      if (message.seq === 1) {
        const updated = await repo.threads.update(thread._id, { excerpt: null });
        if (updated) broadcastThread(updated, 'thread:updated');
      }
      broadcastMessage(thread, message, 'message:updated');
      for (const quote of await repo.messages.findByIds(quoting))
        broadcastMessage(thread, quote, 'message:updated');
    },

    /** After a hidden message is shown again. */
    async afterRestored(thread: ThreadDoc, message: MessageDoc, at: Date): Promise<void> {
      const quoting = await repo.messages.restoreQuotesOf(
        message._id,
        excerptOf(message.body, message.mentions),
        at,
      );
      if (message.seq === 1) {
        const updated = await repo.threads.update(thread._id, {
          excerpt: excerptOf(message.body, message.mentions),
        });
        if (updated) broadcastThread(updated, 'thread:updated');
      }
      broadcastMessage(thread, message, 'message:updated');
      for (const quote of await repo.messages.findByIds(quoting))
        broadcastMessage(thread, quote, 'message:updated');
    },

    async react(actor: Actor, input: ReactToMessage): Promise<Message> {
      const { message, thread, access } = await load.message(actor, input.messageId);
      const facts = {
        authorId: message.authorId.toHexString(),
        deleted: message.deletedAt !== null,
        hidden: message.hidden !== null,
      };
      if (!canReact(access, { authorId: thread.authorId.toHexString(), locked: thread.locked }, facts)) {
        throw facts.deleted || facts.hidden
          ? new AppError('CONFLICT', 'This message is no longer shown')
          : refusePosting(access, thread);
      }
      await assertNotMuted(actor, thread.containerKey);
      const field = `reactions.${input.emoji}`;
      const userId = toObjectId(actor.userId);
      const at = now();
      if (
        input.on &&
        !(input.emoji in message.reactions) &&
        Object.keys(message.reactions).length >= THREAD_LIMITS.reactionKindsMax
      ) {
        throw new AppError(
          'LIMIT_EXCEEDED',
          `A message can carry at most ${THREAD_LIMITS.reactionKindsMax} kinds of reaction`,
        );
      }
      const updated = await repo.messages.update(
        message._id,
        {},
        input.on
          ? { $addToSet: { [field]: userId }, $set: { updatedAt: at } }
          : { $pull: { [field]: userId }, $set: { updatedAt: at } },
      );
      if (!updated) throw notFound('Message');
      broadcastMessage(thread, updated, 'message:updated');
      return presentFor(access, updated);
    },

    async markRead(actor: Actor, threadId: string, seq: number): Promise<ThreadViewerState> {
      const { thread, ref } = await load.thread(actor, threadId);
      const position = Math.min(seq, thread.lastSeq);
      const state = await repo.states.markRead(
        toObjectId(actor.userId),
        thread._id,
        thread.containerKey,
        position,
        false,
      );
      live.emit([rooms.user(actor.userId)], 'thread:read', {
        threadId: thread._id.toHexString(),
        container: ref,
        lastReadSeq: state.lastReadSeq,
      });
      // Reading a thread also reads the notifications that pointed into it (awaited: the answer is then true).
      await deps.notifications
        .markThreadRead(actor.userId, thread._id.toHexString(), state.lastReadSeq)
        .catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'marking thread notifications read failed'),
        );
      return presentViewerState(thread, state);
    },

    async follow(actor: Actor, threadId: string, following: boolean): Promise<ThreadViewerState> {
      const { thread } = await load.thread(actor, threadId);
      const state = await repo.states.setFollowing(
        toObjectId(actor.userId),
        thread._id,
        thread.containerKey,
        following,
      );
      return presentViewerState(thread, state);
    },

    /** Followed threads the member can still read, unread first, then by last activity. */
    async inbox(actor: Actor): Promise<InboxItem[]> {
      const states = await repo.states.followedBy(toObjectId(actor.userId), 300);
      const readable = new Set(await containers.readableKeys(actor));
      const threads = (await repo.threads.findByIds(states.map((state) => state.threadId))).filter((thread) =>
        readable.has(thread.containerKey),
      );
      const infos = await containers.describe(threads.map(refOf));
      const stateByThread = new Map(states.map((state) => [state.threadId.toHexString(), state]));
      const items = threads.map((thread) => {
        const state = stateByThread.get(thread._id.toHexString()) ?? null;
        return {
          ...presentThread(thread),
          me: presentViewerState(thread, state),
          containerName: infos.get(thread.containerKey)?.name ?? '',
        };
      });
      items.sort((a, b) => {
        const unreadOrder = Number(b.me.unread > 0) - Number(a.me.unread > 0);
        return unreadOrder !== 0 ? unreadOrder : b.lastActivityAt.localeCompare(a.lastActivityAt);
      });
      return items;
    },

    async message(actor: Actor, messageId: string): Promise<Message> {
      const { message, access } = await load.message(actor, messageId);
      return presentFor(access, message);
    },

    /** Shutting down: announcements still waiting are dropped (the messages themselves are stored). */
    dispose(): void {
      for (const timer of fanoutTimers) clearTimeout(timer);
      fanoutTimers.clear();
      pendingFanout.clear();
    },

    /** After a thread's container or lock changed: the send path must not trust what it remembers. */
    forgetThread(threadId: string): void {
      deps.caches.threads.invalidate(threadId);
    },

    /** After a container's mutes or slow mode changed. */
    forgetModerationSettings(key: string): void {
      deps.caches.settings.invalidate(key);
    },

    /**
     * The one thread a container opens for itself (a case's discussion), for containers that do not
     * let members start threads. No actor: the owning feature has already decided that the container
     * exists. Idempotent and crash-safe without transactions: the unique partial index on
     * `containerOwned` lets exactly one opening win, so calling it again after a crash or a race
     * returns the stored thread. It starts empty (no opening post): the first message is seq 1.
     */
    async openContainerThread(
      ref: ContainerRef,
      input: { title: string; openedBy: { id: string; displayName: string; country: JurisdictionCode } },
    ): Promise<Thread> {
      const key = containerKey(ref);
      const existing = await repo.threads.findContainerOwned(key);
      if (existing) return presentThread(existing);
      const at = now();
      const { thread, created } = await repo.threads.insertContainerOwned({
        _id: new ObjectId(),
        containerKey: key,
        container: toStoredRef(ref),
        title: input.title,
        tags: [],
        authorId: toObjectId(input.openedBy.id),
        authorName: input.openedBy.displayName,
        authorCountry: input.openedBy.country,
        excerpt: null,
        pinned: false,
        locked: false,
        resolved: false,
        lastSeq: 0,
        lastActivityAt: at,
        createdAt: at,
        updatedAt: at,
        summaryDocumentId: null,
        containerOwned: true,
      });
      if (created) broadcastThread(thread, 'thread:created');
      return presentThread(thread);
    },

    /** Keeps a container's own thread titled after its container (a case renamed by its lead). */
    async retitleContainerThread(ref: ContainerRef, title: string): Promise<void> {
      const owned = await repo.threads.findContainerOwned(containerKey(ref));
      if (!owned) return;
      const updated = await repo.threads.update(owned._id, { title });
      if (!updated) return;
      deps.caches.threads.invalidate(updated._id.toHexString());
      broadcastThread(updated, 'thread:updated');
    },

    /** Sockets of users who can no longer read a container leave its rooms and its threads' rooms. */
    async revokeContainer(userId: string, ref: ContainerRef): Promise<void> {
      const containerRoom = containers.room(ref);
      const key = containerKey(ref);
      const sockets = await live.socketsIn(rooms.user(userId));
      const threadRooms = new Set<string>();
      for (const socket of sockets)
        for (const room of socket.rooms) if (room.startsWith('thread:')) threadRooms.add(room);
      const candidates = [...threadRooms]
        .map((room) => room.slice('thread:'.length))
        .filter((id) => /^[a-f0-9]{24}$/.test(id));
      const threads = await repo.threads.findByIds(candidates.map(toObjectId));
      const leaving = threads
        .filter((thread) => thread.containerKey === key)
        .map((thread) => rooms.thread(thread._id.toHexString()));
      await live.leave(userId, containerRoom ? [containerRoom, ...leaving] : leaving);
      live.emit([rooms.user(userId)], 'container:revoked', { container: ref });
    },

    /** Re-checks everyone in a thread's room (after a move): who can no longer read it leaves at once. */
    async revalidateThreadRoom(thread: ThreadDoc): Promise<void> {
      const room = rooms.thread(thread._id.toHexString());
      const sockets = await live.socketsIn(room);
      const userIds = [...new Set(sockets.map((socket) => socket.userId))];
      const users = await deps.users.findByIds(userIds.map(toObjectId));
      const ref = refOf(thread);
      const allowed = new Set<string>();
      for (const user of users) {
        if (user.status === 'active' && (await containers.access(actorForUser(user), ref)).read)
          allowed.add(user._id.toHexString());
      }
      for (const socket of sockets) if (!allowed.has(socket.userId)) socket.leave(room);
    },
  };
  return service;
}

export type ThreadsService = ReturnType<typeof createThreadsService>;

/** A retried message that was stored before: carried out of the refusal checks. */
class StoredAlready extends Error {
  constructor(readonly stored: MessageDoc) {
    super('stored already');
  }
}

function parseThreadCursor(cursor: string | undefined): { pinned: boolean; at: Date; id: ObjectId } | null {
  if (!cursor) return null;
  const decoded = decodeCursor(cursor);
  if (
    !decoded ||
    (decoded.p !== 0 && decoded.p !== 1) ||
    typeof decoded.t !== 'number' ||
    typeof decoded.id !== 'string' ||
    !/^[a-f0-9]{24}$/.test(decoded.id)
  ) {
    throw new AppError('VALIDATION_FAILED', 'Invalid cursor');
  }
  return { pinned: decoded.p === 1, at: new Date(decoded.t), id: toObjectId(decoded.id) };
}
