import type { ObjectId } from 'mongodb';
import { rooms, type DocumentOwner, type ThreadDetail } from '@serantau/shared';
import { toObjectId } from '../../db/ids';
import { notFound } from '../../http/errors';
import type { Actor } from '../../policy/actor';
import { canReply } from '../../policy/threads';
import type { ThreadContainerRegistry } from './containers';
import { refOf, refusePosting } from './context';
import type { LivePublisher } from './live';
import type { ThreadsRepo } from './repo';
import type { ThreadsService } from './service';

/** The owner type under which thread summaries live in the documents module (seam 1). */
export const THREAD_DOCUMENT_OWNER = 'thread';

/** What the threads module needs from the documents module and the collab endpoint. */
export interface SummaryDocuments {
  registerDocumentOwner(
    type: string,
    handlers: {
      access(actor: Actor, ownerId: string): Promise<'edit' | 'view' | 'none'>;
      auditContext?(ownerId: string): Promise<{ caseId: string | null }>;
    },
  ): void;
  createDocument(input: {
    kind: 'thread_summary';
    owner: DocumentOwner;
    title: string;
    caseId?: string | null;
    createdBy: { id: string; name: string };
  }): Promise<{ _id: ObjectId }>;
  /** Closes or downgrades open collab connections whose access changed. */
  revalidate(userId: string, owner?: DocumentOwner): Promise<void>;
}

/**
 * Each thread's co-edited summary: a Yjs document owned by the thread. Those who may reply edit
 * it; those who may only read see it; the thread's container decides both, through the same rules.
 */
export function createThreadSummaries(deps: {
  repo: ThreadsRepo;
  containers: ThreadContainerRegistry;
  threads: ThreadsService;
  live: LivePublisher;
  documents: SummaryDocuments;
}) {
  const { repo, containers } = deps;

  deps.documents.registerDocumentOwner(THREAD_DOCUMENT_OWNER, {
    async access(actor, threadId) {
      if (!/^[a-f0-9]{24}$/.test(threadId)) return 'none';
      const thread = await repo.threads.findById(toObjectId(threadId));
      if (!thread) return 'none';
      const access = await containers.access(actor, refOf(thread));
      if (!access.read) return 'none';
      return canReply(access, thread) ? 'edit' : 'view';
    },
    async auditContext(threadId) {
      const thread = /^[a-f0-9]{24}$/.test(threadId)
        ? await repo.threads.findById(toObjectId(threadId))
        : null;
      return { caseId: thread ? containers.auditCaseId(refOf(thread)) : null };
    },
  });

  return {
    /**
     * The thread's summary document, created on first use by someone who may write in the thread.
     * Two first uses at once: the first to record its document wins; the other's stays unreferenced.
     */
    async ensure(actor: Actor, threadId: string): Promise<ThreadDetail> {
      const loaded = await deps.threads.load.thread(actor, threadId);
      if (loaded.thread.summaryDocumentId) return deps.threads.detail(actor, loaded);
      // Only someone who may write in the thread starts its summary.
      if (!canReply(loaded.access, loaded.thread)) throw refusePosting(loaded.access, loaded.thread);
      const ref = refOf(loaded.thread);
      const document = await deps.documents.createDocument({
        kind: 'thread_summary',
        owner: { type: THREAD_DOCUMENT_OWNER, id: threadId },
        title: loaded.thread.title,
        caseId: containers.auditCaseId(ref),
        createdBy: { id: actor.userId, name: actor.displayName },
      });
      const updated = await repo.threads.setSummaryDocument(loaded.thread._id, document._id);
      if (!updated) throw notFound('Thread');
      deps.threads.broadcastThread(updated, 'thread:updated');
      return deps.threads.detail(actor, { ...loaded, thread: updated });
    },

    /** After someone lost access to a container: their summary editors close or turn read-only. */
    async revalidateUser(userId: string): Promise<void> {
      await deps.documents.revalidate(userId);
    },

    /**
     * After a thread changed what its readers may do (moved, locked): everyone watching it is
     * re-checked (call before their sockets leave the thread's room, or they would be missed).
     */
    async revalidateThread(threadId: string): Promise<void> {
      const sockets = await deps.live.socketsIn(rooms.thread(threadId));
      const owner = { type: THREAD_DOCUMENT_OWNER, id: threadId };
      const userIds = [...new Set(sockets.map((socket) => socket.userId))];
      await Promise.all(userIds.map((userId) => deps.documents.revalidate(userId, owner)));
    },

    /** After a whole container changed (archived, restored): everyone watching it is re-checked. */
    async revalidateRoom(room: string): Promise<void> {
      const sockets = await deps.live.socketsIn(room);
      const userIds = [...new Set(sockets.map((socket) => socket.userId))];
      await Promise.all(userIds.map((userId) => deps.documents.revalidate(userId)));
    },
  };
}

export type ThreadSummaries = ReturnType<typeof createThreadSummaries>;
