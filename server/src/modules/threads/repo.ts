import { MongoBulkWriteError, ObjectId, type Db, type Filter } from 'mongodb';
import type { ContainerRef, JurisdictionCode, ThreadContainerType } from '@serantau/shared';
import type { CollectionIndexes } from '../../db/database';
import { isDuplicateKeyError } from '../../http/errors';

export interface StoredContainerRef {
  type: ThreadContainerType;
  id: ObjectId;
}

export interface ThreadDoc {
  _id: ObjectId;
  /** `type:id` of the container: one field to index and filter on, whatever the type. */
  containerKey: string;
  container: StoredContainerRef;
  title: string;
  tags: string[];
  authorId: ObjectId;
  authorName: string;
  authorCountry: JurisdictionCode;
  excerpt: string | null;
  pinned: boolean;
  locked: boolean;
  resolved: boolean;
  /** Highest message `seq` stored; replies are `lastSeq - 1`. Only ever moves forward ($max). */
  lastSeq: number;
  lastActivityAt: Date;
  createdAt: Date;
  updatedAt: Date;
  summaryDocumentId: ObjectId | null;
  /**
   * Set on the one thread a container opens for itself (a case's discussion): at most one per
   * container (unique partial index), it never moves, and nobody starts it with an opening post.
   */
  containerOwned?: true;
}

export interface StoredMention {
  userIds: ObjectId[];
  users: { id: ObjectId; displayName: string }[];
  countries: string[];
}

export interface StoredReplyTo {
  messageId: ObjectId;
  seq: number;
  authorName: string;
  excerpt: string | null;
}

export interface StoredAttachmentRef {
  id: ObjectId;
  filename: string;
  contentType: string;
  size: number;
}

export interface MessageDoc {
  _id: ObjectId;
  threadId: ObjectId;
  containerKey: string;
  /** Per-thread position; (threadId, seq) is unique, and seq N+1 is only taken once N is stored. */
  seq: number;
  clientMessageId: string;
  authorId: ObjectId;
  authorName: string;
  authorCountry: JurisdictionCode;
  /** Kept when deleted or hidden (soft): moderators may need to review it; presenters withhold it. */
  body: string;
  mentions: StoredMention;
  replyTo: StoredReplyTo | null;
  /** emoji → who reacted; emoji keys are validated (no `.` or `$`), so they are safe field names. */
  reactions: Record<string, ObjectId[]>;
  attachments: StoredAttachmentRef[];
  editedAt: Date | null;
  editCount: number;
  deletedAt: Date | null;
  hidden: { at: Date; byId: ObjectId; byName: string; reason: string } | null;
  createdAt: Date;
  /** Any change (edit, reaction, deletion, hiding): what catch-up after a reconnection looks at. */
  updatedAt: Date;
}

export interface MessageEditDoc {
  _id: ObjectId;
  messageId: ObjectId;
  threadId: ObjectId;
  version: number;
  /** The text as it was before this edit. */
  body: string;
  editedAt: Date;
  editedBy: string;
}

/** A member's relation to a thread: read position and following. */
export interface ThreadStateDoc {
  _id: ObjectId;
  userId: ObjectId;
  threadId: ObjectId;
  containerKey: string;
  lastReadSeq: number;
  following: boolean;
  /** Set once the member chose to follow or unfollow: replying then no longer changes it. */
  followChosen: boolean;
  updatedAt: Date;
}

export const threadIndexes: CollectionIndexes[] = [
  {
    collection: 'threads',
    indexes: [
      {
        key: { containerKey: 1, pinned: -1, lastActivityAt: -1, _id: -1 },
        name: 'by_container_activity',
      },
      { key: { title: 'text', tags: 'text' }, name: 'thread_text', weights: { title: 3, tags: 2 } },
      { key: { authorId: 1, createdAt: -1 }, name: 'by_author' },
      {
        key: { containerKey: 1 },
        name: 'container_owned_unique',
        unique: true,
        partialFilterExpression: { containerOwned: true },
      },
    ],
  },
  {
    collection: 'messages',
    indexes: [
      { key: { threadId: 1, seq: 1 }, name: 'thread_seq_unique', unique: true },
      { key: { authorId: 1, clientMessageId: 1 }, name: 'client_message_unique', unique: true },
      { key: { threadId: 1, updatedAt: 1 }, name: 'by_thread_updated' },
      { key: { containerKey: 1, createdAt: -1 }, name: 'by_container' },
      { key: { body: 'text' }, name: 'message_text' },
      { key: { 'replyTo.messageId': 1 }, name: 'by_reply_to' },
    ],
  },
  {
    collection: 'message_edits',
    indexes: [{ key: { messageId: 1, version: 1 }, name: 'message_version_unique', unique: true }],
  },
  {
    collection: 'thread_states',
    indexes: [
      { key: { userId: 1, threadId: 1 }, name: 'user_thread_unique', unique: true },
      { key: { threadId: 1, following: 1 }, name: 'by_thread_following' },
      { key: { userId: 1, following: 1 }, name: 'by_user_following' },
    ],
  },
];

export type NewMessage = Omit<MessageDoc, 'seq'>;

/** Threads whose last position this process remembers (a bounded cache; forgetting only costs a lookup). */
const MAX_APPEND_LANES = 10_000;
/** Messages written in one round trip at most. */
const APPEND_BATCH_MAX = 100;

interface PendingAppend {
  message: NewMessage;
  hint: number;
  resolve(result: { message: MessageDoc; duplicate: boolean }): void;
  reject(error: unknown): void;
}

interface AppendLane {
  queue: PendingAppend[];
  draining: boolean;
  lastSeq: number | null;
}

/** Where an ordered insertMany stopped, and why. */
function bulkFailure(error: unknown): { index: number; kind: 'client' | 'seq' | 'other' } | null {
  if (!(error instanceof MongoBulkWriteError)) return null;
  const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  const first = errors[0];
  if (!first) return null;
  if (first.code !== 11000) return { index: first.index, kind: 'other' };
  return {
    index: first.index,
    kind: String(first.errmsg ?? '').includes('client_message_unique') ? 'client' : 'seq',
  };
}

/** The only code touching threads, messages, their edit history and members' thread states. */
export function createThreadsRepo(db: Db) {
  const threads = db.collection<ThreadDoc>('threads');
  const messages = db.collection<MessageDoc>('messages');
  const edits = db.collection<MessageEditDoc>('message_edits');
  const states = db.collection<ThreadStateDoc>('thread_states');

  async function highestSeq(threadId: ObjectId): Promise<number> {
    const last = await messages
      .find({ threadId }, { sort: { seq: -1 }, limit: 1, projection: { seq: 1 } })
      .next();
    return last?.seq ?? 0;
  }

  /** Per-thread append queues of this process (see `append`). */
  const appendLanes = new Map<string, AppendLane>();

  function forgetIdleLanes(keep: string): void {
    // Idle lanes remember the last position (the next append needs no lookup); only when very
    // many threads were active are the oldest idle ones forgotten, which costs one lookup later.
    if (appendLanes.size <= MAX_APPEND_LANES) return;
    for (const [key, lane] of appendLanes) {
      if (appendLanes.size <= MAX_APPEND_LANES / 2) break;
      if (key !== keep && !lane.draining && lane.queue.length === 0) appendLanes.delete(key);
    }
  }

  async function drain(lane: AppendLane, threadId: ObjectId): Promise<void> {
    lane.draining = true;
    try {
      while (lane.queue.length > 0) await insertBatch(lane, threadId, lane.queue.splice(0, APPEND_BATCH_MAX));
    } finally {
      lane.draining = false;
    }
  }

  async function insertBatch(lane: AppendLane, threadId: ObjectId, batch: PendingAppend[]): Promise<void> {
    let pending = batch;
    let next = Math.max(lane.lastSeq ?? 0, ...pending.map((entry) => entry.hint)) + 1;
    for (let attempt = 0; attempt < 20 && pending.length > 0; attempt += 1) {
      const docs: MessageDoc[] = pending.map((entry, index) => ({ ...entry.message, seq: next + index }));
      try {
        await messages.insertMany(docs, { ordered: true });
        lane.lastSeq = next + docs.length - 1;
        docs.forEach((doc, index) => pending[index]?.resolve({ message: doc, duplicate: false }));
        return;
      } catch (error) {
        const failure = bulkFailure(error);
        if (!failure) {
          for (const entry of pending) entry.reject(error);
          return;
        }
        // Ordered: everything before the failing document is stored, nothing after it was tried.
        docs
          .slice(0, failure.index)
          .forEach((doc, index) => pending[index]?.resolve({ message: doc, duplicate: false }));
        if (failure.index > 0) lane.lastSeq = next + failure.index - 1;
        const failed = pending[failure.index];
        const rest = pending.slice(failure.index + 1);
        if (!failed) return;
        if (failure.kind === 'seq') {
          // Another process took this position: continue from what is really stored.
          next = (await highestSeq(threadId)) + 1;
          pending = [failed, ...rest];
          continue;
        }
        next += failure.index;
        pending = rest;
        if (failure.kind === 'client') {
          const stored = await messages.findOne({
            authorId: failed.message.authorId,
            clientMessageId: failed.message.clientMessageId,
          });
          if (stored) failed.resolve({ message: stored, duplicate: true });
          else failed.reject(error);
        } else {
          failed.reject(error);
        }
      }
    }
    for (const entry of pending)
      entry.reject(new Error('could not assign a message position after 20 attempts'));
  }

  return {
    threads: {
      findById(id: ObjectId): Promise<ThreadDoc | null> {
        return threads.findOne({ _id: id });
      },

      findByIds(ids: readonly ObjectId[]): Promise<ThreadDoc[]> {
        if (ids.length === 0) return Promise.resolve([]);
        return threads.find({ _id: { $in: [...ids] } }).toArray();
      },

      /** Idempotent: a retry after a crash between the opening post and this write finishes the thread. */
      async insertIfAbsent(doc: ThreadDoc): Promise<ThreadDoc> {
        try {
          await threads.insertOne(doc);
          return doc;
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          const existing = await threads.findOne({ _id: doc._id });
          if (!existing) throw error;
          return existing;
        }
      },

      /** The thread a container opened for itself, if it has one. */
      findContainerOwned(key: string): Promise<ThreadDoc | null> {
        return threads.findOne({ containerKey: key, containerOwned: true });
      },

      /**
       * Stores a container's own thread unless it already has one (the unique partial index decides
       * between concurrent or retried openings): whoever loses gets the stored thread.
       */
      async insertContainerOwned(doc: ThreadDoc & { containerOwned: true }): Promise<{
        thread: ThreadDoc;
        created: boolean;
      }> {
        try {
          await threads.insertOne(doc);
          return { thread: doc, created: true };
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          const existing = await threads.findOne({ containerKey: doc.containerKey, containerOwned: true });
          if (!existing) throw error;
          return { thread: existing, created: false };
        }
      },

      /** Pinned first, then by last activity; the cursor is the last item's sort key. */
      listByContainer(
        key: string,
        after: { pinned: boolean; at: Date; id: ObjectId } | null,
        limit: number,
        tag?: string,
      ): Promise<ThreadDoc[]> {
        const base: Filter<ThreadDoc> = tag ? { containerKey: key, tags: tag } : { containerKey: key };
        const filter: Filter<ThreadDoc> = after
          ? {
              ...base,
              $or: [
                { pinned: { $lt: after.pinned } },
                { pinned: after.pinned, lastActivityAt: { $lt: after.at } },
                { pinned: after.pinned, lastActivityAt: after.at, _id: { $lt: after.id } },
              ],
            }
          : base;
        return threads.find(filter, { sort: { pinned: -1, lastActivityAt: -1, _id: -1 }, limit }).toArray();
      },

      /** Threads active since a moment, in some containers: the candidates for unread counts. */
      activeSince(keys: readonly string[], since: Date): Promise<ThreadDoc[]> {
        if (keys.length === 0) return Promise.resolve([]);
        return threads
          .find(
            { containerKey: { $in: [...keys] }, lastActivityAt: { $gt: since } },
            { projection: { title: 0, tags: 0, excerpt: 0 } },
          )
          .toArray();
      },

      idsInContainer(key: string): Promise<ObjectId[]> {
        return threads
          .find({ containerKey: key }, { projection: { _id: 1 } })
          .map((doc) => doc._id)
          .toArray();
      },

      /** Moves the thread's high-water marks forward only: concurrent senders never move it back. */
      async recordActivity(id: ObjectId, seq: number, at: Date): Promise<void> {
        await threads.updateOne({ _id: id }, { $max: { lastSeq: seq, lastActivityAt: at } });
      },

      update(
        id: ObjectId,
        changes: Partial<Omit<ThreadDoc, '_id' | 'createdAt' | 'lastSeq'>>,
      ): Promise<ThreadDoc | null> {
        return threads.findOneAndUpdate(
          { _id: id },
          { $set: { ...changes, updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
      },

      /** Sets the summary document once; a concurrent second creator keeps the first one. */
      async setSummaryDocument(id: ObjectId, documentId: ObjectId): Promise<ThreadDoc | null> {
        await threads.updateOne(
          { _id: id, summaryDocumentId: null },
          { $set: { summaryDocumentId: documentId } },
        );
        return threads.findOne({ _id: id });
      },

      search(filter: Filter<ThreadDoc>, limit: number) {
        return threads
          .find(filter, {
            projection: { score: { $meta: 'textScore' } },
            sort: { score: { $meta: 'textScore' } },
            limit,
          })
          .toArray() as Promise<(ThreadDoc & { score: number })[]>;
      },
    },

    messages: {
      findById(id: ObjectId): Promise<MessageDoc | null> {
        return messages.findOne({ _id: id });
      },

      findByIds(ids: readonly ObjectId[]): Promise<MessageDoc[]> {
        if (ids.length === 0) return Promise.resolve([]);
        return messages.find({ _id: { $in: [...ids] } }).toArray();
      },

      findByClientId(authorId: ObjectId, clientMessageId: string): Promise<MessageDoc | null> {
        return messages.findOne({ authorId, clientMessageId });
      },

      findOpening(threadId: ObjectId): Promise<MessageDoc | null> {
        return messages.findOne({ threadId, seq: 1 });
      },

      /**
       * Stores a message at the next position of its thread. The position is taken by the insert
       * itself (unique threadId+seq): seq N+1 is only written once N is stored, so readers asking
       * for "after N" never miss a message stored later with a smaller seq. Within this process,
       * appends to one thread form a queue that is written in ordered batches (one round trip for
       * everything that arrived meanwhile), so a busy thread costs one insert per batch, not one
       * per message. Another process racing for a position loses on the unique key and retries
       * from the stored maximum. A retried clientMessageId returns the copy stored the first time.
       */
      append(message: NewMessage, seqHint: number): Promise<{ message: MessageDoc; duplicate: boolean }> {
        const key = message.threadId.toHexString();
        let lane = appendLanes.get(key);
        if (!lane) {
          lane = { queue: [], draining: false, lastSeq: null };
          appendLanes.set(key, lane);
          forgetIdleLanes(key);
        }
        const current = lane;
        return new Promise((resolve, reject) => {
          current.queue.push({ message, hint: seqHint, resolve, reject });
          if (!current.draining) void drain(current, message.threadId);
        });
      },

      /** Newest first before `beforeSeq` (or from the end), returned oldest first. */
      async before(threadId: ObjectId, beforeSeq: number | null, limit: number): Promise<MessageDoc[]> {
        const filter: Filter<MessageDoc> = beforeSeq ? { threadId, seq: { $lt: beforeSeq } } : { threadId };
        const page = await messages.find(filter, { sort: { seq: -1 }, limit }).toArray();
        return page.reverse();
      },

      after(threadId: ObjectId, afterSeq: number, limit: number): Promise<MessageDoc[]> {
        return messages.find({ threadId, seq: { $gt: afterSeq } }, { sort: { seq: 1 }, limit }).toArray();
      },

      /** Messages at or before `upToSeq` that changed after `since`: edits, reactions, deletions missed offline. */
      changedSince(threadId: ObjectId, upToSeq: number, since: Date, limit: number): Promise<MessageDoc[]> {
        return messages
          .find({ threadId, updatedAt: { $gt: since }, seq: { $lte: upToSeq } }, { sort: { seq: 1 }, limit })
          .toArray();
      },

      async exists(filter: Filter<MessageDoc>): Promise<boolean> {
        return (await messages.countDocuments(filter, { limit: 1 })) > 0;
      },

      /** Messages by others after `since` per thread: unread counts for threads never opened. */
      async countNewByThread(
        threadIds: readonly ObjectId[],
        since: Date,
        excludeAuthor: ObjectId,
      ): Promise<Map<string, number>> {
        if (threadIds.length === 0) return new Map();
        const rows = await messages
          .aggregate<{ _id: ObjectId; count: number }>([
            {
              $match: {
                threadId: { $in: [...threadIds] },
                createdAt: { $gt: since },
                authorId: { $ne: excludeAuthor },
              },
            },
            { $group: { _id: '$threadId', count: { $sum: 1 } } },
          ])
          .toArray();
        return new Map(rows.map((row) => [row._id.toHexString(), row.count]));
      },

      update(
        id: ObjectId,
        filter: Filter<MessageDoc>,
        update: Record<string, unknown>,
      ): Promise<MessageDoc | null> {
        return messages.findOneAndUpdate({ ...filter, _id: id }, update, { returnDocument: 'after' });
      },

      /** Quotes of a message lose their excerpt once it is deleted or hidden. */
      async clearQuotesOf(messageId: ObjectId, now: Date): Promise<ObjectId[]> {
        const quoting = await messages
          .find({ 'replyTo.messageId': messageId }, { projection: { _id: 1 } })
          .map((doc) => doc._id)
          .toArray();
        if (quoting.length === 0) return [];
        await messages.updateMany(
          { _id: { $in: quoting } },
          { $set: { 'replyTo.excerpt': null, updatedAt: now } },
        );
        return quoting;
      },

      async restoreQuotesOf(messageId: ObjectId, excerpt: string, now: Date): Promise<ObjectId[]> {
        const quoting = await messages
          .find({ 'replyTo.messageId': messageId }, { projection: { _id: 1 } })
          .map((doc) => doc._id)
          .toArray();
        if (quoting.length === 0) return [];
        await messages.updateMany(
          { _id: { $in: quoting } },
          { $set: { 'replyTo.excerpt': excerpt, updatedAt: now } },
        );
        return quoting;
      },

      /** A thread's messages follow it to another container (search filters on this key). */
      async moveThread(threadId: ObjectId, key: string): Promise<void> {
        await messages.updateMany({ threadId }, { $set: { containerKey: key } });
      },

      search(filter: Filter<MessageDoc>, limit: number) {
        return messages
          .find(filter, {
            projection: { score: { $meta: 'textScore' } },
            sort: { score: { $meta: 'textScore' } },
            limit,
          })
          .toArray() as Promise<(MessageDoc & { score: number })[]>;
      },
    },

    edits: {
      async record(edit: Omit<MessageEditDoc, '_id'>): Promise<void> {
        try {
          await edits.insertOne({ ...edit, _id: new ObjectId() });
        } catch (error) {
          // The same version recorded twice (a retried edit): the first record stands.
          if (!isDuplicateKeyError(error)) throw error;
        }
      },
      list(messageId: ObjectId): Promise<MessageEditDoc[]> {
        return edits.find({ messageId }, { sort: { version: 1 } }).toArray();
      },
    },

    states: {
      find(userId: ObjectId, threadId: ObjectId): Promise<ThreadStateDoc | null> {
        return states.findOne({ userId, threadId });
      },

      forThreads(userId: ObjectId, threadIds: readonly ObjectId[]): Promise<ThreadStateDoc[]> {
        if (threadIds.length === 0) return Promise.resolve([]);
        return states.find({ userId, threadId: { $in: [...threadIds] } }).toArray();
      },

      followedBy(userId: ObjectId, limit: number): Promise<ThreadStateDoc[]> {
        return states.find({ userId, following: true }, { sort: { updatedAt: -1 }, limit }).toArray();
      },

      followerIds(threadId: ObjectId): Promise<ObjectId[]> {
        return states
          .find({ threadId, following: true }, { projection: { userId: 1 } })
          .map((doc) => doc.userId)
          .toArray();
      },

      /** Read marker only moves forward; optional auto-follow unless the member chose otherwise. */
      async markRead(
        userId: ObjectId,
        threadId: ObjectId,
        key: string,
        seq: number,
        autoFollow: boolean,
      ): Promise<ThreadStateDoc> {
        const now = new Date();
        const filter = { userId, threadId };
        const upsert = async (): Promise<ThreadStateDoc | null> =>
          states.findOneAndUpdate(
            filter,
            {
              $max: { lastReadSeq: seq },
              $set: { updatedAt: now, containerKey: key },
              $setOnInsert: { following: autoFollow, followChosen: false },
            },
            { upsert: true, returnDocument: 'after' },
          );
        let state = await upsertRetrying(upsert);
        if (autoFollow && !state.following && !state.followChosen) {
          state =
            (await states.findOneAndUpdate(
              { ...filter, followChosen: false },
              { $set: { following: true } },
              { returnDocument: 'after' },
            )) ?? state;
        }
        return state;
      },

      async setFollowing(
        userId: ObjectId,
        threadId: ObjectId,
        key: string,
        following: boolean,
      ): Promise<ThreadStateDoc> {
        const now = new Date();
        return upsertRetrying(() =>
          states.findOneAndUpdate(
            { userId, threadId },
            {
              $set: { following, followChosen: true, updatedAt: now, containerKey: key },
              $setOnInsert: { lastReadSeq: 0 },
            },
            { upsert: true, returnDocument: 'after' },
          ),
        );
      },

      async moveThread(threadId: ObjectId, key: string): Promise<void> {
        await states.updateMany({ threadId }, { $set: { containerKey: key } });
      },
    },
  };
}

/** Two first upserts of the same (user, thread) race on the unique key: the loser retries as an update. */
async function upsertRetrying<T>(run: () => Promise<T | null>): Promise<T> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const result = await run();
      if (result) return result;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw new Error('thread state upsert did not settle');
}

export type ThreadsRepo = ReturnType<typeof createThreadsRepo>;

export function toStoredRef(ref: ContainerRef): StoredContainerRef {
  return { type: ref.type, id: new ObjectId(ref.id) };
}
