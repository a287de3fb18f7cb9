import { randomUUID } from 'node:crypto';
import {
  channelRoutes,
  threadRoutes,
  type Channel,
  type CreateChannelBody,
  type Message,
  type ThreadDetail,
} from '@serantau/shared';
import type { UserDoc } from '@serantau/server/modules/users/repo';
import type { TestApp } from './app';
import { buildUser, TEST_PASSWORD, type BuildUserOptions } from './factories';
import { TestClient } from './http';
import { connectSocket, emitAck, type TestSocket } from './socket';

/** A signed-in member: their account, a REST client with their cookie, and sockets on demand. */
export interface Member {
  user: UserDoc;
  id: string;
  client: TestClient;
  socket(options?: { transports?: ('websocket' | 'polling')[] }): Promise<TestSocket>;
}

export async function signIn(app: TestApp, options: BuildUserOptions = {}): Promise<Member> {
  const user = await buildUser(app.built.services, options);
  const client = new TestClient(app.url);
  await client.login(user.email, TEST_PASSWORD);
  const sockets: TestSocket[] = [];
  openedSockets.set(client, sockets);
  return {
    user,
    id: user._id.toHexString(),
    client,
    async socket(socketOptions = {}) {
      const socket = await connectSocket(app.url, client, socketOptions);
      sockets.push(socket);
      return socket;
    },
  };
}

const openedSockets = new WeakMap<TestClient, TestSocket[]>();

/** Closes every socket a member opened (tests call it in afterEach/afterAll). */
export function closeSockets(...members: Member[]): void {
  for (const member of members)
    for (const socket of openedSockets.get(member.client) ?? []) socket.disconnect();
}

export async function createChannel(admin: Member, body: Partial<CreateChannelBody> = {}): Promise<Channel> {
  const result = await admin.client.call(channelRoutes.create, {
    body: { name: `channel-${randomUUID().slice(0, 8)}`, kind: 'public', ...body },
  });
  if (result.status !== 201)
    throw new Error(`channel not created: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

export async function startThread(
  member: Member,
  channelId: string,
  fields: { title?: string; body?: string; tags?: string[] } = {},
): Promise<ThreadDetail> {
  const result = await member.client.call(threadRoutes.create, {
    params: { type: 'channel', id: channelId },
    body: {
      title: fields.title ?? 'Recruitment through fake job advertisements',
      body: fields.body ?? 'Opening post',
      tags: fields.tags ?? [],
      clientMessageId: clientId(),
    },
  });
  if (result.status !== 201)
    throw new Error(`thread not created: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

export function clientId(): string {
  return randomUUID();
}

/** Sends through the real socket path and returns the stored message (throws on an error ack). */
export async function send(
  socket: TestSocket,
  threadId: string,
  body: string,
  extra: Record<string, unknown> = {},
): Promise<Message> {
  const ack = await emitAck<{ message: Message }>(socket, 'message:send', {
    threadId,
    clientMessageId: clientId(),
    body,
    ...extra,
  });
  if (!ack.ok) throw new Error(`send refused: ${ack.error.code} ${ack.error.message}`);
  return ack.message;
}

/** Collects every payload of an event on a socket, for asserting what arrived (and what did not). */
export function collect<T>(socket: TestSocket, event: string): T[] {
  const seen: T[] = [];
  (socket as unknown as { on(event: string, listener: (payload: T) => void): void }).on(event, (payload) =>
    seen.push(payload),
  );
  return seen;
}

export async function waitFor(
  condition: () => boolean,
  timeoutMs = 3_000,
  message = 'condition',
): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
