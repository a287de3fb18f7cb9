import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MessageOutbox,
  contiguousSeq,
  mergeMessages,
  threadRoutes,
  type AckResult,
  type Message,
  type SyncResult,
} from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import {
  closeSockets,
  createChannel,
  send,
  signIn,
  sleep,
  startThread,
  waitFor,
  type Member,
} from '../../helpers/channels';
import { disconnected, emitAck, type TestSocket } from '../../helpers/socket';

/**
 * What a client does after a reconnection: re-join, then ask for everything after what it holds.
 * It merges into the live timeline (`hold`), which keeps receiving events meanwhile.
 */
async function catchUp(
  socket: TestSocket,
  threadId: string,
  hold: { get(): Message[]; merge(messages: Message[]): void },
  changedSince?: string,
) {
  await emitAck(socket, 'thread:subscribe', { threadId });
  let since = changedSince;
  for (;;) {
    const ack = await emitAck<SyncResult>(socket, 'thread:sync', {
      threadId,
      afterSeq: contiguousSeq(hold.get()),
      ...(since ? { changedSince: since } : {}),
    });
    if (!ack.ok) throw new Error(ack.error.message);
    hold.merge([...ack.messages, ...ack.changed]);
    since = ack.syncedAt;
    if (!ack.hasMore) return;
  }
}

async function reconnect(socket: TestSocket): Promise<void> {
  socket.connect();
  await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
}

describe('channels: reconnection', () => {
  let app: TestApp;
  let admin: Member;
  let writer: Member;
  let reader: Member;

  beforeAll(async () => {
    app = await startApp();
    admin = await signIn(app, { role: 'admin', country: 'ASEAN-SEC' });
    writer = await signIn(app, { country: 'TH' });
    reader = await signIn(app, { country: 'LA' });
  });
  afterAll(async () => {
    closeSockets(admin, writer, reader);
    await app?.close();
  });

  it('catch-up after the transport dies mid-stream leaves no gap and no duplicate', async () => {
    const channel = await createChannel(admin);
    const thread = await startThread(writer, channel.id);
    const writerSocket = await writer.socket();
    const readerSocket = await reader.socket();
    const subscribed = await emitAck(readerSocket, 'thread:subscribe', { threadId: thread.id });
    expect(subscribed.ok).toBe(true);
    let timeline = (await reader.client.call(threadRoutes.messages, { params: { id: thread.id }, query: {} }))
      .body.items;
    let liveDeliveries = 0;
    readerSocket.on('message:created', ({ message }) => {
      liveDeliveries += 1;
      timeline = mergeMessages(timeline, [message]);
    });
    readerSocket.on('message:updated', ({ message }) => {
      timeline = mergeMessages(timeline, [message]);
    });
    let markOffline = () => undefined as void;
    const readerOffline = new Promise<void>((resolve) => {
      markOffline = resolve;
    });
    const editedWhileAway: string[] = [];
    const total = 80;
    const sending = (async () => {
      for (let index = 0; index < total; index += 1) {
        const message = await send(writerSocket, thread.id, `position report ${index}`);
        // One earlier message is edited while the reader is away: catch-up must bring the edit too.
        if (index === 30) {
          await readerOffline;
          const target = timeline.find((entry) => entry.seq === 5);
          if (target) {
            await emitAck(writerSocket, 'message:edit', {
              messageId: target.id,
              body: 'corrected while you were away',
            });
            editedWhileAway.push(target.id);
          }
        }
        void message;
        await sleep(3);
      }
    })();

    await waitFor(() => timeline.length >= 20, 5_000, 'first messages live');
    const syncedBefore = new Date(Date.now() - 1000).toISOString();
    readerSocket.io.engine.close();
    await disconnected(readerSocket);
    markOffline();
    await sleep(250);
    await reconnect(readerSocket);
    await catchUp(
      readerSocket,
      thread.id,
      {
        get: () => timeline,
        merge: (messages) => {
          timeline = mergeMessages(timeline, messages);
        },
      },
      syncedBefore,
    );
    await sending;
    await waitFor(() => timeline.length === total + 1, 5_000, 'every message after reconnection').catch(
      (error: Error) => {
        const seqs = timeline.map((message) => message.seq);
        throw new Error(
          `${error.message}: held ${seqs.length}, missing ${Array.from(
            { length: total + 1 },
            (_, index) => index + 1,
          )
            .filter((seq) => !seqs.includes(seq))
            .join(',')}`,
        );
      },
    );
    await sleep(200);

    expect(timeline.map((message) => message.seq)).toEqual(
      Array.from({ length: total + 1 }, (_, index) => index + 1),
    );
    expect(new Set(timeline.map((message) => message.id)).size).toBe(total + 1);
    expect(timeline.find((message) => message.id === editedWhileAway[0])?.body).toBe(
      'corrected while you were away',
    );
    expect(liveDeliveries).toBeLessThan(total);
    const stored = await reader.client.call(threadRoutes.messages, {
      params: { id: thread.id },
      query: { limit: 100 },
    });
    expect(stored.body.items).toHaveLength(total + 1);
  });

  it('messages written offline are queued and sent in order once the connection is back, each stored once', async () => {
    const channel = await createChannel(admin);
    const thread = await startThread(writer, channel.id);
    const socket = await writer.socket();
    const sent: Message[] = [];
    let lostAcks = 2;
    const outbox = new MessageOutbox(
      {
        isConnected: () => socket.connected,
        async send(entry) {
          const ack = await emitAck<{ message: Message }>(socket, 'message:send', entry, 2_000);
          // Simulate acks lost with the connection: the server stored it, the client never heard.
          if (lostAcks > 0 && ack.ok) {
            lostAcks -= 1;
            throw new Error('ack lost');
          }
          return ack as AckResult<{ message: Message }>;
        },
      },
      {
        onSent: (_entry, message) => sent.push(message),
        onRejected: (entry, error) => expect.fail(`rejected ${entry.body}: ${error.code} ${error.message}`),
      },
    );
    socket.io.engine.close();
    await disconnected(socket);
    const bodies = ['first', 'second', 'third', 'fourth', 'fifth'].map((word) => `offline ${word}`);
    for (const body of bodies)
      outbox.enqueue({ threadId: thread.id, clientMessageId: `offline-${body.replace(' ', '-')}-01`, body });
    expect(outbox.pending).toHaveLength(5);
    await reconnect(socket);
    // Each lost ack stops the flush; the next connection event (here: calls) resumes it.
    for (let attempt = 0; attempt < 5 && outbox.pending.length > 0; attempt += 1) await outbox.flush();
    expect(outbox.pending).toHaveLength(0);
    expect(sent.map((message) => message.body)).toEqual(bodies);
    const stored = await writer.client.call(threadRoutes.messages, { params: { id: thread.id }, query: {} });
    expect(stored.body.items.map((message) => message.body)).toEqual(['Opening post', ...bodies]);
  });
});
