import type { Logger } from 'pino';
import { PrecedentWatchPayloadSchema, rooms } from '@serantau/shared';
import type { AppSocket } from '../../realtime/gateway';
import { handleEvent } from '../../realtime/handlers';
import type { PrecedentsService } from './service';

/** Socket handlers of the precedent desk: parse → the desk's policy (in the service) → join/leave → ack. */
export function registerPrecedentSocketHandlers(
  socket: AppSocket,
  deps: { precedents: PrecedentsService; logger: Logger },
): void {
  const actor = socket.data.actor;
  handleEvent(
    socket,
    'precedent:watch',
    PrecedentWatchPayloadSchema,
    async ({ questionId }) => {
      await deps.precedents.watch(actor, questionId);
      await socket.join(rooms.question(questionId));
      return {};
    },
    deps.logger,
  );
  handleEvent(
    socket,
    'precedent:unwatch',
    PrecedentWatchPayloadSchema,
    async ({ questionId }) => {
      await socket.leave(rooms.question(questionId));
      return {};
    },
    deps.logger,
  );
}
