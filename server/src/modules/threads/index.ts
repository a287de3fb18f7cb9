import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { MessageBus } from '../../realtime/bus';
import type { AuditService } from '../audit/service';
import type { NotificationsService } from '../notifications/service';
import type { UsersRepo } from '../users/repo';
import { createAttachmentService } from './attachment-service';
import { createAttachmentStore } from './attachments';
import { createFactCache } from './cache';
import { createThreadContainerRegistry } from './containers';
import { createThreadLoader } from './context';
import { createMessageFanout } from './fanout';
import type { LivePublisher } from './live';
import { createModerationService } from './moderation';
import { createModerationRepo, type ContainerModerationDoc } from './moderation-repo';
import { createThreadsRepo, type ThreadDoc } from './repo';
import { createSearchService } from './search';
import { createThreadsService } from './service';
import { createThreadSummaries, type SummaryDocuments, type ThreadSummaries } from './summary';

export { attachmentIndexes } from './attachments';
export { moderationIndexes } from './moderation-repo';
export { threadIndexes } from './repo';
export { createLivePublisher, type LivePublisher } from './live';
export { createThreadEventHandlers } from './events';
export { registerThreadRoutes } from './routes';
export type { ThreadContainerDefinition, ThreadContainerRegistry } from './containers';
export { THREAD_DOCUMENT_OWNER, type SummaryDocuments } from './summary';

export interface ThreadsModuleDeps {
  db: Db;
  users: UsersRepo;
  audit: AuditService;
  live: LivePublisher;
  notifications: NotificationsService;
  logger: Logger;
  /** The documents module and collab endpoint, for thread summaries (seam 1). */
  documents: SummaryDocuments;
  /** Carries cache invalidations to the other processes of a deployment. */
  bus?: MessageBus;
  clock?: () => Date;
}

/** How often abandoned uploads (never attached to a message) are looked for, and how old they must be. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Threads, messages, moderation, search and attachments for every container type. Features
 * register their container type on `containers` (seam 2) and use the services from here.
 */
export function createThreadsModule(deps: ThreadsModuleDeps) {
  const repo = createThreadsRepo(deps.db);
  const moderationRepo = createModerationRepo(deps.db);
  const store = createAttachmentStore(deps.db);
  const containers = createThreadContainerRegistry();
  // What every message needs and rarely changes: the thread's container and lock, the container's mutes and slow mode.
  const caches = {
    threads: createFactCache<ThreadDoc | null>({ name: 'threads', ttlMs: 10_000, max: 5_000, bus: deps.bus }),
    settings: createFactCache<ContainerModerationDoc>({
      name: 'container-moderation',
      ttlMs: 10_000,
      max: 5_000,
      bus: deps.bus,
    }),
  };
  const fanout = createMessageFanout({ repo, containers, users: deps.users });
  const threads = createThreadsService({
    repo,
    caches,
    moderation: moderationRepo,
    attachments: store,
    containers,
    users: deps.users,
    live: deps.live,
    notifications: deps.notifications,
    fanout,
    audit: deps.audit,
    logger: deps.logger,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  const hooks = { threadAccessChanged: async (_threadId: string): Promise<void> => undefined };
  const moderation = createModerationService({
    hooks,
    repo,
    moderation: moderationRepo,
    attachments: store,
    containers,
    threads,
    users: deps.users,
    audit: deps.audit,
    live: deps.live,
    notifications: deps.notifications,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  const search = createSearchService({ repo, containers });
  const summaries: ThreadSummaries = createThreadSummaries({
    repo,
    containers,
    threads,
    live: deps.live,
    documents: deps.documents,
  });
  hooks.threadAccessChanged = (threadId) => summaries.revalidateThread(threadId);
  const attachments = createAttachmentService({
    store,
    load: createThreadLoader({ repo, containers }),
    repo,
  });

  const purge = setInterval(() => {
    void store
      .purgeAbandoned(new Date(Date.now() - ABANDONED_AFTER_MS))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'purging abandoned uploads failed'));
  }, PURGE_INTERVAL_MS);
  purge.unref();

  return {
    containers,
    threads,
    moderation,
    search,
    attachments,
    summaries,
    repo,
    close(): void {
      clearInterval(purge);
      threads.dispose();
      void caches.threads.close();
      void caches.settings.close();
    },
  };
}

export type ThreadsModule = ReturnType<typeof createThreadsModule>;
