import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import {
  SystemPingSchema,
  rooms,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SessionEndReason,
} from '@serantau/shared';
import { tokenFromCookieHeader } from '../modules/auth/cookie';
import type { AuthService } from '../modules/auth/service';
import type { SessionStore } from '../modules/auth/sessions';
import type { Actor } from '../policy/actor';
import type { RedisClient } from './bus';
import { handleEvent } from './handlers';

export interface SocketData {
  actor: Actor;
}

export type AppIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface GatewayDeps {
  httpServer: HttpServer;
  allowedOrigins: readonly string[];
  secureCookies: boolean;
  auth: AuthService;
  sessions: SessionStore;
  logger: Logger;
  /** Connected Redis clients reserved for the Socket.IO adapter (several processes share rooms). */
  redisAdapter?: { publisher: RedisClient; subscriber: RedisClient };
  /** How often open sockets are checked against session expiry. */
  sweepIntervalMs?: number;
}

/** Socket activity extends the session at most this often per connection. */
const SESSION_TOUCH_INTERVAL_MS = 60_000;

/** Socket payloads above this are refused by engine.io before any handler sees them. */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

/**
 * The Socket.IO server: one per process, on the app's port. Every connection is authenticated from
 * the session cookie at handshake; the session's end (logout, suspension, expiry) ends the socket.
 */
export function createRealtimeGateway(deps: GatewayDeps) {
  const io: AppIo = new Server(deps.httpServer, {
    path: '/socket.io',
    serveClient: false,
    destroyUpgrade: false,
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    cors: { origin: [...deps.allowedOrigins], credentials: true },
    // CORS only guards polling; the Origin check here also covers WebSocket upgrades (CSWSH).
    allowRequest: (request: IncomingMessage, callback) => {
      const origin = request.headers.origin;
      callback(null, origin === undefined || deps.allowedOrigins.includes(origin));
    },
  });
  if (deps.redisAdapter) {
    io.adapter(createAdapter(deps.redisAdapter.publisher, deps.redisAdapter.subscriber));
  }

  const connectionHandlers: ((socket: AppSocket) => void)[] = [];

  io.use(async (socket, next) => {
    try {
      const token = tokenFromCookieHeader(socket.request.headers.cookie, deps.secureCookies);
      const auth = token ? await deps.auth.resolve(token) : null;
      if (!auth?.actor) {
        next(
          Object.assign(new Error('UNAUTHENTICATED'), {
            data: { code: 'UNAUTHENTICATED', message: 'Please sign in' },
          }),
        );
        return;
      }
      socket.data.actor = auth.actor;
      next();
    } catch (error) {
      deps.logger.error({ err: error }, 'socket handshake failed');
      next(new Error('INTERNAL'));
    }
  });

  io.on('connection', (socket) => {
    const { actor } = socket.data;
    void socket.join([rooms.user(actor.userId), rooms.session(actor.sessionId)]);
    // What a person does over the socket keeps the session alive like HTTP activity does; the
    // client's automatic latency ping does not, or an unattended tab would never go idle. At most
    // once a minute per connection: idle expiry counts in minutes, a write per chat message is waste.
    let lastTouch = 0;
    socket.use((packet, next) => {
      const now = Date.now();
      if (packet[0] !== 'system:ping' && now - lastTouch >= SESSION_TOUCH_INTERVAL_MS) {
        lastTouch = now;
        void deps.sessions.touchByPublicId(actor.sessionId).catch(() => undefined);
      }
      next();
    });
    handleEvent(
      socket,
      'system:ping',
      SystemPingSchema,
      async () => ({ serverTime: new Date().toISOString() }),
      deps.logger,
    );
    for (const handler of connectionHandlers) handler(socket);
  });

  function endSessions(sessionIds: readonly string[], reason: SessionEndReason): void {
    for (const sessionId of sessionIds) {
      const room = io.in(rooms.session(sessionId));
      room.emit('session:ended', { reason });
      room.disconnectSockets(true);
    }
  }

  const stopListening = deps.sessions.onSessionsEnded(({ sessionIds }, reason) =>
    endSessions(sessionIds, reason),
  );

  // Idle and absolute expiry apply to open sockets too, not only to the next HTTP request.
  async function sweepExpiredSessions(): Promise<void> {
    const sockets = await io.local.fetchSockets();
    const sessionIds = [...new Set(sockets.map((socket) => socket.data.actor.sessionId))];
    for (const sessionId of sessionIds) {
      if (!(await deps.sessions.isLive(sessionId))) endSessions([sessionId], 'expired');
    }
  }
  const sweep = setInterval(() => {
    sweepExpiredSessions().catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'socket session sweep failed'),
    );
  }, deps.sweepIntervalMs ?? 30_000);
  sweep.unref();

  return {
    io,
    /** Features register their per-connection event handlers here. */
    onConnection(handler: (socket: AppSocket) => void): void {
      connectionHandlers.push(handler);
    },
    endSessions,
    /** Runs the expiry sweep at once (tests; the interval runs it every 30 s). */
    sweepNow: sweepExpiredSessions,
    async close(): Promise<void> {
      clearInterval(sweep);
      stopListening();
      io.local.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        // io.close() also closes the HTTP server; Fastify closes that itself, so only close engine.io.
        io.engine.close();
        resolve();
      });
    },
  };
}

export type RealtimeGateway = ReturnType<typeof createRealtimeGateway>;
