import type { ObjectId } from 'mongodb';
import type { ContainerRef } from '@serantau/shared';
import { toObjectId } from '../../db/ids';
import { AppError, notFound } from '../../http/errors';
import type { Actor } from '../../policy/actor';
import type { ContainerDecision } from '../../policy/threads';
import type { ThreadContainerRegistry } from './containers';
import type { MessageDoc, ThreadDoc, ThreadsRepo } from './repo';

export { actorForUser } from '../users/presenter';

export function refOf(thread: ThreadDoc): ContainerRef {
  return { type: thread.container.type, id: thread.container.id.toHexString() };
}

export interface LoadedThread {
  thread: ThreadDoc;
  ref: ContainerRef;
  access: ContainerDecision;
}

export interface LoadedMessage extends LoadedThread {
  message: MessageDoc;
}

/**
 * Loading a thread or message always goes with the container's decision. What the actor may not
 * read is "not found", so ids of threads in other teams' containers reveal nothing.
 */
export function createThreadLoader(deps: { repo: ThreadsRepo; containers: ThreadContainerRegistry }) {
  async function loadThreadDoc(actor: Actor, thread: ThreadDoc | null): Promise<LoadedThread> {
    if (!thread) throw notFound('Thread');
    const ref = refOf(thread);
    const access = await deps.containers.access(actor, ref);
    if (!access.read) throw notFound('Thread');
    return { thread, ref, access };
  }

  return {
    async container(actor: Actor, ref: ContainerRef): Promise<ContainerDecision> {
      const access = await deps.containers.access(actor, ref);
      if (!access.read) throw notFound(ref.type === 'channel' ? 'Channel' : 'Container');
      return access;
    },

    async thread(actor: Actor, threadId: string | ObjectId): Promise<LoadedThread> {
      const id = typeof threadId === 'string' ? toObjectId(threadId) : threadId;
      return loadThreadDoc(actor, await deps.repo.threads.findById(id));
    },

    loadThreadDoc,

    async message(actor: Actor, messageId: string): Promise<LoadedMessage> {
      const message = await deps.repo.messages.findById(toObjectId(messageId));
      if (!message) throw notFound('Message');
      const thread = await deps.repo.threads.findById(message.threadId);
      try {
        return { ...(await loadThreadDoc(actor, thread)), message };
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND') throw notFound('Message');
        throw error;
      }
    },
  };
}

export type ThreadLoader = ReturnType<typeof createThreadLoader>;

/** The clearest refusal for someone who may read but not write here. */
export function refusePosting(access: ContainerDecision, thread?: Pick<ThreadDoc, 'locked'>): AppError {
  if (access.archived) return new AppError('ARCHIVED', 'This is archived and read-only');
  if (thread?.locked && access.post) return new AppError('LOCKED', 'This thread is locked by a moderator');
  return new AppError('FORBIDDEN', 'You cannot post here');
}
