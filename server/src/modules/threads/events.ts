import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  ContainerSubscribeSchema,
  DeleteMessageSchema,
  EditMessageSchema,
  ReactSchema,
  ReadMarkerSchema,
  SendMessageSchema,
  SyncThreadSchema,
  THREAD_LIMITS,
  ThreadRefSchema,
  rooms,
  type ContainerRef,
  type PresenceUser,
} from '@serantau/shared';
import { toObjectId } from '../../db/ids';
import { AppError, notFound } from '../../http/errors';
import type { Actor } from '../../policy/actor';
import { canReply } from '../../policy/threads';
import type { AppSocket } from '../../realtime/gateway';
import { handleEvent, socketOrigin } from '../../realtime/handlers';
import type { UsersRepo } from '../users/repo';
import { containerKey, type ThreadContainerRegistry } from './containers';
import type { LivePublisher } from './live';
import type { ThreadsService } from './service';

/** Sustained events per second per connection, and the burst allowed above it. */
const EVENTS_PER_SECOND = 50;
const EVENT_BURST = 200;

export interface ThreadEventDeps {
  threads: ThreadsService;
  containers: ThreadContainerRegistry;
  users: UsersRepo;
  live: LivePublisher;
  logger: Logger;
  /** How long a socket's view of its user (role, country, name) is trusted before it is re-read. */
  actorTtlMs?: number;
}

/**
 * Socket handlers for threads in any container. Each one reads: parse (schema) → authorise
 * (the container's rules, through the service) → act → ack. Rooms are joined only after
 * authorisation, and checked again right after joining, so a revocation racing a subscription
 * cannot leave the socket in a room it lost.
 */
export function createThreadEventHandlers(deps: ThreadEventDeps) {
  const { threads, containers, live, logger } = deps;
  const actorTtlMs = deps.actorTtlMs ?? 5_000;

  return function onConnection(socket: AppSocket): void {
    let checkedAt = Date.now();
    const subscribedContainers = new Map<string, ContainerRef>();
    const lastTyping = new Map<string, number>();

    // A token bucket per connection: bursts (an outbox flushing after a reconnection) pass, a
    // flood does not reach the database.
    let tokens = EVENT_BURST;
    let refilledAt = Date.now();
    function takeToken(): boolean {
      const now = Date.now();
      tokens = Math.min(EVENT_BURST, tokens + ((now - refilledAt) / 1000) * EVENTS_PER_SECOND);
      refilledAt = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    }

    function on<S extends z.ZodType, R extends object>(
      event: string,
      schema: S,
      run: (payload: z.output<S>) => Promise<R>,
    ) {
      handleEvent(
        socket,
        event,
        schema,
        async (payload) => {
          if (!takeToken()) {
            throw new AppError('RATE_LIMITED', 'Too many requests on this connection: slow down', {
              retryAfterSeconds: 1,
            });
          }
          return run(payload);
        },
        logger,
      );
    }

    /**
     * The handshake's actor, re-read from the users collection every few seconds: an admin
     * changing someone's role or country takes effect on open sockets too, not only on new ones.
     */
    async function actor(): Promise<Actor> {
      const current = socket.data.actor;
      if (Date.now() - checkedAt < actorTtlMs) return current;
      const user = await deps.users.findById(toObjectId(current.userId));
      if (!user || user.status !== 'active') {
        socket.disconnect(true);
        throw new AppError('UNAUTHENTICATED', 'Please sign in');
      }
      checkedAt = Date.now();
      socket.data.actor = {
        ...current,
        displayName: user.displayName,
        role: user.role,
        country: user.country,
        agencyId: user.agencyId?.toHexString() ?? null,
      };
      return socket.data.actor;
    }

    async function presenceOf(room: string): Promise<PresenceUser[]> {
      const sockets = await live.socketsIn(room);
      const seen = new Map<string, PresenceUser>();
      for (const entry of sockets) {
        if (!seen.has(entry.userId))
          seen.set(entry.userId, { id: entry.userId, displayName: entry.displayName, role: entry.role });
      }
      return [...seen.values()];
    }

    /** Whether another connection of the same user is in the room (then presence does not change). */
    async function otherConnectionIn(room: string): Promise<boolean> {
      const mine = await live.socketsIn(rooms.user(socket.data.actor.userId));
      return mine.some((entry) => entry.id !== socket.id && entry.rooms.has(room));
    }

    function presenceUser(): PresenceUser {
      const { userId, displayName, role } = socket.data.actor;
      return { id: userId, displayName, role };
    }

    async function leaveContainer(ref: ContainerRef): Promise<void> {
      const room = containers.room(ref);
      subscribedContainers.delete(containerKey(ref));
      if (!room || !socket.rooms.has(room)) return;
      await socket.leave(room);
      if (!(await otherConnectionIn(room))) {
        socket.to(room).emit('presence:changed', { container: ref, user: presenceUser(), online: false });
      }
    }

    on('container:subscribe', ContainerSubscribeSchema, async ({ container }) => {
      const who = await actor();
      const room = containers.room(container);
      if (!room || !(await containers.access(who, container)).read) throw notFound('Container');
      const wasOnline = await otherConnectionIn(room);
      await socket.join(room);
      // Checked again after joining: a removal that landed in between must win.
      if (!(await containers.access(who, container)).read) {
        await socket.leave(room);
        throw notFound('Container');
      }
      subscribedContainers.set(containerKey(container), container);
      if (!wasOnline)
        socket.to(room).emit('presence:changed', { container, user: presenceUser(), online: true });
      return { presence: await presenceOf(room) };
    });

    on('container:unsubscribe', ContainerSubscribeSchema, async ({ container }) => {
      await leaveContainer(container);
      return {};
    });

    on('thread:subscribe', ThreadRefSchema, async ({ threadId }) => {
      const who = await actor();
      const room = rooms.thread(threadId);
      await threads.load.thread(who, threadId);
      await socket.join(room);
      try {
        return { thread: await threads.getThread(who, threadId, socketOrigin(socket)) };
      } catch (error) {
        await socket.leave(room);
        throw error;
      }
    });

    on('thread:unsubscribe', ThreadRefSchema, async ({ threadId }) => {
      await socket.leave(rooms.thread(threadId));
      return {};
    });

    on('message:send', SendMessageSchema, async (payload) => {
      const { message } = await threads.send(await actor(), payload);
      return { message };
    });

    on('message:edit', EditMessageSchema, async (payload) => ({
      message: await threads.edit(await actor(), payload),
    }));

    on('message:delete', DeleteMessageSchema, async ({ messageId }) => ({
      message: await threads.remove(await actor(), messageId),
    }));

    on('message:react', ReactSchema, async (payload) => ({
      message: await threads.react(await actor(), payload),
    }));

    on('thread:typing', ThreadRefSchema, async ({ threadId }) => {
      const room = rooms.thread(threadId);
      if (!socket.rooms.has(room)) throw new AppError('BAD_REQUEST', 'Subscribe to the thread first');
      const at = Date.now();
      // Throttled per connection and thread: anything faster than the interval is acknowledged and dropped.
      if (at - (lastTyping.get(threadId) ?? 0) < THREAD_LIMITS.typingIntervalMs) return { forwarded: false };
      lastTyping.set(threadId, at);
      const who = await actor();
      const { thread, access } = await threads.load.thread(who, threadId);
      if (!canReply(access, thread)) return { forwarded: false };
      socket
        .to(room)
        .emit('thread:typing', { threadId, user: { id: who.userId, displayName: who.displayName } });
      return { forwarded: true };
    });

    on('thread:read', ReadMarkerSchema, async ({ threadId, seq }) => ({
      state: await threads.markRead(await actor(), threadId, seq),
    }));

    on('thread:sync', SyncThreadSchema, async (payload) =>
      threads.sync(await actor(), payload, socketOrigin(socket)),
    );

    socket.on('disconnecting', () => {
      const left = [...subscribedContainers.values()];
      subscribedContainers.clear();
      void (async () => {
        for (const ref of left) {
          const room = containers.room(ref);
          if (!room || !socket.rooms.has(room) || (await otherConnectionIn(room))) continue;
          live.emit([room], 'presence:changed', { container: ref, user: presenceUser(), online: false });
        }
      })().catch((error: unknown) => logger.warn({ err: error }, 'presence update on disconnect failed'));
    });
  };
}
