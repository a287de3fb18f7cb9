import type { ContainerRef } from '@serantau/shared';
import type { ThreadsModule } from '../threads';
import type { CaseAccessListener } from './events';
import type { CaseDiscussionThreads } from './service';

/**
 * The case discussion, joined to the threads feature: each case's one thread (opened by the case,
 * see `CasesService.create`), and what a team change means for it. Wired in app.ts.
 */
export function createCaseDiscussion(threads: Pick<ThreadsModule, 'threads' | 'summaries'>) {
  const ref = (caseId: string): ContainerRef => ({ type: 'case', id: caseId });

  const discussionThreads: CaseDiscussionThreads = {
    open: (caseId, input) => threads.threads.openContainerThread(ref(caseId), input),
    retitle: (caseId, title) => threads.threads.retitleContainerThread(ref(caseId), title),
  };

  /**
   * Removed from the team: their sockets leave the case's thread rooms at once (the case room itself
   * is left by the notifier). Any change (removal, role, closing): their open summary editors of the
   * discussion are re-checked, so they close or turn read-only.
   */
  const onAccessChanged: CaseAccessListener = async (caseId, userId, removed) => {
    if (removed) await threads.threads.revokeContainer(userId, ref(caseId));
    await threads.summaries.revalidateUser(userId);
  };

  return { threads: discussionThreads, onAccessChanged };
}
