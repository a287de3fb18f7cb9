import type { GlobalRole, ServerToClientEvents } from '@serantau/shared';
import { rooms } from '@serantau/shared';
import type { AppIo } from '../../realtime/gateway';

/** What the threads module knows about a live connection (from any process, with the Redis adapter). */
export interface LiveSocket {
  id: string;
  userId: string;
  displayName: string;
  role: GlobalRole;
  rooms: ReadonlySet<string>;
  leave(room: string): void;
}

/**
 * The services' handle on Socket.IO: emit to rooms, list and remove members of rooms. Services
 * never see Socket.IO types; the gateway is attached once it exists (it is built after the routes).
 */
export function createLivePublisher() {
  let io: AppIo | null = null;

  function server(): AppIo | null {
    return io;
  }

  return {
    attach(instance: AppIo): void {
      io = instance;
    },

    emit<E extends keyof ServerToClientEvents>(
      targets: readonly string[],
      event: E,
      ...args: Parameters<ServerToClientEvents[E]>
    ): void {
      const instance = server();
      if (!instance || targets.length === 0) return;
      instance.to([...targets]).emit(event, ...args);
    },

    /** Removes every connection of a user from rooms at once, across processes. */
    async leave(userId: string, targets: readonly string[]): Promise<void> {
      const instance = server();
      if (!instance || targets.length === 0) return;
      instance.in(rooms.user(userId)).socketsLeave([...targets]);
    },

    async socketsIn(room: string): Promise<LiveSocket[]> {
      const instance = server();
      if (!instance) return [];
      const sockets = await instance.in(room).fetchSockets();
      return sockets.map((socket) => ({
        id: socket.id,
        userId: socket.data.actor.userId,
        displayName: socket.data.actor.displayName,
        role: socket.data.actor.role,
        rooms: socket.rooms,
        leave: (target: string) => socket.leave(target),
      }));
    },
  };
}

export type LivePublisher = ReturnType<typeof createLivePublisher>;
