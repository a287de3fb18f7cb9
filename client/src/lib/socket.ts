import { useEffect, useRef, useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  CurrentUserSchema,
  SessionEndedEventSchema,
  type CurrentUser,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SessionEndReason,
} from '@serantau/shared';

/** The one typed Socket.IO connection of a signed-in tab. */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * `disconnected`: no session, or closed on purpose; `connecting`: first attempt after sign-in;
 * `connected`: live; `reconnecting`: the link dropped and Socket.IO is retrying.
 */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

/** Client→server events that take an ack (by the events contract: all of them). */
export type AckEventName = {
  [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]> extends [
    unknown,
    (result: never) => void,
  ]
    ? E
    : never;
}[keyof ClientToServerEvents];
export type EventPayload<E extends AckEventName> = Parameters<ClientToServerEvents[E]>[0];
export type EventAckResult<E extends AckEventName> = Parameters<ClientToServerEvents[E]>[1] extends (
  result: infer R,
) => void
  ? R
  : never;

export const DEFAULT_ACK_TIMEOUT_MS = 10_000;

interface SocketSnapshot {
  socket: AppSocket | null;
  state: ConnectionState;
}

let snapshot: SocketSnapshot = { socket: null, state: 'disconnected' };
const listeners = new Set<() => void>();

function update(next: Partial<SocketSnapshot>): void {
  snapshot = { ...snapshot, ...next };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface ConnectOptions {
  /** The server ended this session (sign-out elsewhere, suspension, expiry): leave the app. */
  onSessionEnded: (reason: SessionEndReason) => void;
  /** My account changed (an admin edited it, or another tab did): refresh what the shell shows. */
  onAccountUpdated?: (user: CurrentUser) => void;
  /** For tests: a ready-made socket instead of `io()`. */
  create?: () => AppSocket;
}

/** Opens the connection after sign-in; the session cookie authenticates it. */
export function connectSocket(options: ConnectOptions): AppSocket {
  if (snapshot.socket) return snapshot.socket;
  const socket =
    options.create?.() ??
    // Same origin as the page: the dev server proxies /socket.io, production serves it directly.
    (io({ path: '/socket.io', withCredentials: true, autoConnect: false }) as AppSocket);

  socket.on('connect', () => update({ state: 'connected' }));
  socket.on('disconnect', (reason) => {
    // Only a disconnect we asked for is final; anything else is retried by Socket.IO.
    update({ state: reason === 'io client disconnect' ? 'disconnected' : 'reconnecting' });
  });
  socket.on('connect_error', () => {
    // `active` is false when the server's middleware refused us: no retry will follow.
    update({ state: socket.active ? 'reconnecting' : 'disconnected' });
  });
  socket.on('account:updated', (user) => {
    const parsed = CurrentUserSchema.safeParse(user);
    if (parsed.success) options.onAccountUpdated?.(parsed.data);
  });
  socket.on('session:ended', (event) => {
    const parsed = SessionEndedEventSchema.safeParse(event);
    disconnectSocket();
    options.onSessionEnded(parsed.success ? parsed.data.reason : 'expired');
  });

  // A link that comes back after the browser was offline may leave a dead socket the engine has not
  // noticed yet (it would wait for its ping timeout, up to 45 s, losing events meanwhile): check it
  // at once, and reconnect if it does not answer.
  onlineListener = () => {
    void emitWithAck('system:ping', {}, 3_000).then((ack) => {
      if (ack.ok || snapshot.socket !== socket) return;
      socket.disconnect();
      update({ state: 'reconnecting' });
      socket.connect();
    });
  };
  if (typeof window !== 'undefined') window.addEventListener('online', onlineListener);

  update({ socket, state: 'connecting' });
  socket.connect();
  return socket;
}

let onlineListener: (() => void) | null = null;

/** Closes the connection (sign-out, session ended). Safe to call when nothing is open. */
export function disconnectSocket(): void {
  const { socket } = snapshot;
  if (!socket) return;
  if (onlineListener && typeof window !== 'undefined') window.removeEventListener('online', onlineListener);
  onlineListener = null;
  socket.removeAllListeners();
  socket.disconnect();
  update({ socket: null, state: 'disconnected' });
}

export function getSocket(): AppSocket | null {
  return snapshot.socket;
}

export function getConnectionState(): ConnectionState {
  return snapshot.state;
}

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(subscribe, getConnectionState);
}

export function useSocket(): AppSocket | null {
  return useSyncExternalStore(subscribe, getSocket);
}

/**
 * Emits a client→server event and resolves with its typed ack. Failures to deliver (not connected,
 * no ack in time) come back as an `{ ok: false }` ack too, so callers handle one shape.
 */
export function emitWithAck<E extends AckEventName>(
  event: E,
  payload: EventPayload<E>,
  timeoutMs = DEFAULT_ACK_TIMEOUT_MS,
): Promise<EventAckResult<E>> {
  const failure = (message: string) =>
    ({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', message } }) as EventAckResult<E>;
  const { socket } = snapshot;
  if (!socket) return Promise.resolve(failure('not connected'));
  // Socket.IO's generic emit signature cannot follow a generic event name; the public signature above
  // carries the types, this loose view only forwards the call.
  const timed = socket.timeout(timeoutMs) as unknown as {
    emit: (event: string, payload: unknown, ack: (error: Error | null, result: unknown) => void) => void;
  };
  return new Promise((resolve) => {
    timed.emit(event, payload, (error, result) => {
      resolve(error ? failure('no acknowledgement from the server') : (result as EventAckResult<E>));
    });
  });
}

/** Subscribes a component to a server→client event for as long as it is mounted and connected. */
export function useSocketEvent<E extends keyof ServerToClientEvents>(
  event: E,
  handler: ServerToClientEvents[E],
): void {
  const socket = useSocket();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!socket) return;
    // The handler's parameters are tied to `event` by the signature above; Socket.IO's overloads
    // cannot follow a generic event name, so the subscription goes through a loose view.
    const listener = (...args: unknown[]) => (latest.current as (...values: unknown[]) => void)(...args);
    const loose = socket as unknown as {
      on: (name: string, fn: (...args: unknown[]) => void) => void;
      off: (name: string, fn: (...args: unknown[]) => void) => void;
    };
    loose.on(event, listener);
    return () => loose.off(event, listener);
  }, [socket, event]);
}
