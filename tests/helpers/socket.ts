import { io, type Socket } from 'socket.io-client';
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from '@serantau/shared';
import type { TestClient } from './http';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real socket.io-client connection carrying the test client's session cookie. */
export async function connectSocket(
  baseUrl: string,
  client: TestClient,
  options: { origin?: string; transports?: ('websocket' | 'polling')[] } = {},
): Promise<TestSocket> {
  const extraHeaders: Record<string, string> = {};
  if (client.cookie) extraHeaders.cookie = client.cookie;
  if (options.origin) extraHeaders.origin = options.origin;
  const socket: TestSocket = io(baseUrl, {
    path: '/socket.io',
    transports: options.transports ?? ['websocket'],
    extraHeaders,
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/** Resolves with the next payload of an event, or rejects after a timeout. */
export function nextEvent<T>(socket: TestSocket, event: string, timeoutMs = 2_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    (socket as unknown as Socket).once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Emits with an ack and resolves with the server's AckResult. */
export function emitAck<T extends object>(
  socket: TestSocket,
  event: string,
  payload: unknown,
  timeoutMs = 5_000,
): Promise<AckResult<T>> {
  return (socket as unknown as Socket).timeout(timeoutMs).emitWithAck(event, payload) as Promise<
    AckResult<T>
  >;
}

/** Resolves when the socket is disconnected (by the server or otherwise). */
export function disconnected(socket: TestSocket, timeoutMs = 2_000): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already disconnected');
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}
