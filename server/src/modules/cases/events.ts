import type { Logger } from 'pino';
import { CaseWatchPayloadSchema, rooms, type CaseChangeScope, type DocumentOwner } from '@serantau/shared';
import type { AppSocket, RealtimeGateway } from '../../realtime/gateway';
import { handleEvent } from '../../realtime/handlers';
import type { CaseNotifier, CasesService } from './service';

/** Socket handlers of the cases feature: parse → case policy (in the service) → join/leave → ack. */
export function registerCaseSocketHandlers(
  socket: AppSocket,
  deps: { cases: CasesService; logger: Logger },
): void {
  const actor = socket.data.actor;
  handleEvent(
    socket,
    'cases:watch',
    CaseWatchPayloadSchema,
    async ({ caseId }) => {
      await deps.cases.watch(actor, caseId);
      await socket.join(rooms.case(caseId));
      return {};
    },
    deps.logger,
  );
  handleEvent(
    socket,
    'cases:unwatch',
    CaseWatchPayloadSchema,
    async ({ caseId }) => {
      await socket.leave(rooms.case(caseId));
      return {};
    },
    deps.logger,
  );
}

/** `removed`: the user left the team; otherwise their role changed or the case closed or reopened. */
export type CaseAccessListener = (caseId: string, userId: string, removed: boolean) => Promise<void>;

/**
 * The cases service's live side effects. Built before the gateway exists (the service is constructed
 * with the other services), bound to it once it does.
 */
export function createCaseNotifier(deps: {
  revalidateDocuments: (userId: string, owner: DocumentOwner) => Promise<void>;
  logger: Logger;
}) {
  let gateway: RealtimeGateway | null = null;
  /**
   * Other features that hold per-case state for a user (the case discussion thread and its summary
   * editor) hear about every access change: removals, role changes and the case closing or reopening.
   */
  const accessListeners: CaseAccessListener[] = [];

  const notifier: CaseNotifier = {
    changed(caseId: string, scope: CaseChangeScope, documentId?: string): void {
      gateway?.io
        .to(rooms.case(caseId))
        .emit('cases:changed', { caseId, scope, ...(documentId ? { documentId } : {}) });
    },
    async accessChanged(caseId: string, userId: string, removed: boolean): Promise<void> {
      // Open documents are re-checked: closed with 4410 when removed, read-only when narrowed.
      // A failure there (e.g. the bus is down) must not also keep the user in the case's rooms.
      const revalidated = deps.revalidateDocuments(userId, { type: 'case', id: caseId }).then(
        () => null,
        (error: unknown) => ({ error }),
      );
      if (removed && gateway) {
        // Every socket of the user leaves the case room (in every process, through the adapter).
        gateway.io.in(rooms.user(userId)).socketsLeave(rooms.case(caseId));
        gateway.io.to(rooms.user(userId)).emit('cases:access-revoked', { caseId });
      }
      for (const listener of accessListeners) {
        await listener(caseId, userId, removed).catch((error: unknown) =>
          deps.logger.error({ err: error, caseId }, 'case access listener failed'),
        );
      }
      const failure = await revalidated;
      if (failure) throw failure.error;
    },
  };

  return {
    notifier,
    bindGateway(bound: RealtimeGateway): void {
      gateway = bound;
    },
    /** Called after the case's own rooms and documents were dealt with; awaited before the change is answered. */
    onAccessChanged(listener: CaseAccessListener): void {
      accessListeners.push(listener);
    },
  };
}
