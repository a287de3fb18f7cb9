import fc from 'fast-check';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREAD_LIMITS, systemRoutes, threadRoutes, type Message } from '@serantau/shared';
import { TEST_ORIGIN, startApp, type TestApp } from '../../helpers/app';
import {
  clientId,
  closeSockets,
  createChannel,
  send,
  signIn,
  startThread,
  type Member,
} from '../../helpers/channels';
import { connectSocket, emitAck } from '../../helpers/socket';

describe('channels: bad input over sockets', () => {
  let app: TestApp;
  let admin: Member;
  let member: Member;
  let threadId: string;
  let messageId: string;

  beforeAll(async () => {
    app = await startApp();
    admin = await signIn(app, { role: 'admin', country: 'ASEAN-SEC' });
    member = await signIn(app, { country: 'TL' });
    const channel = await createChannel(admin);
    threadId = (await startThread(member, channel.id)).id;
    messageId = (await send(await member.socket(), threadId, 'a message to poke at')).id;
  });
  afterAll(async () => {
    closeSockets(admin, member);
    await app?.close();
  });

  it('an oversized message is refused with an error ack and nothing is stored', async () => {
    const socket = await member.socket();
    const body = 'x'.repeat(THREAD_LIMITS.messageMaxBytes + 1);
    const ack = await emitAck(socket, 'message:send', { threadId, clientMessageId: clientId(), body });
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    // Multi-byte text counts in bytes: 6 000 Thai characters are 18 000 bytes.
    const thai = await emitAck(socket, 'message:send', {
      threadId,
      clientMessageId: clientId(),
      body: 'ก'.repeat(6_000),
    });
    expect(thai).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    await send(socket, threadId, 'y'.repeat(THREAD_LIMITS.messageMaxBytes));
    const history = await member.client.call(threadRoutes.messages, { params: { id: threadId }, query: {} });
    expect(
      history.body.items.some((message) => message.body?.length === THREAD_LIMITS.messageMaxBytes + 1),
    ).toBe(false);
  });

  it('unknown threads and messages, malformed and injected payloads each get a clear error ack', async () => {
    const socket = await member.socket();
    const unknown = '0'.repeat(24);
    const cases: [string, string, unknown, string][] = [
      [
        'unknown thread',
        'message:send',
        { threadId: unknown, clientMessageId: clientId(), body: 'hi' },
        'NOT_FOUND',
      ],
      ['unknown message', 'message:edit', { messageId: unknown, body: 'hi' }, 'NOT_FOUND'],
      ['unknown thread subscribe', 'thread:subscribe', { threadId: unknown }, 'NOT_FOUND'],
      ['not an id', 'thread:subscribe', { threadId: 'abc' }, 'VALIDATION_FAILED'],
      [
        'operator as id',
        'message:send',
        { threadId: { $gt: '' }, clientMessageId: clientId(), body: 'x' },
        'VALIDATION_FAILED',
      ],
      [
        'operator as body',
        'message:send',
        { threadId, clientMessageId: clientId(), body: { $ne: null } },
        'VALIDATION_FAILED',
      ],
      [
        'operator as container',
        'container:subscribe',
        { container: { type: 'channel', id: { $regex: '.*' } } },
        'VALIDATION_FAILED',
      ],
      ['where clause', 'thread:sync', { threadId, afterSeq: { $where: 'sleep(1000)' } }, 'VALIDATION_FAILED'],
      [
        'extra key',
        'message:send',
        { threadId, clientMessageId: clientId(), body: 'x', authorId: member.id },
        'VALIDATION_FAILED',
      ],
      [
        'prototype pollution',
        'message:send',
        JSON.parse(
          `{"threadId":"${threadId}","clientMessageId":"${clientId()}","body":"x","__proto__":{"admin":true}}`,
        ),
        'VALIDATION_FAILED',
      ],
      [
        'constructor pollution',
        'message:react',
        { messageId, emoji: '👍', on: true, constructor: { prototype: { admin: true } } },
        'VALIDATION_FAILED',
      ],
      ['array payload', 'message:send', [threadId, 'x'], 'VALIDATION_FAILED'],
      ['null payload', 'thread:read', null, 'VALIDATION_FAILED'],
      ['string payload', 'thread:typing', 'hello', 'VALIDATION_FAILED'],
      ['not an emoji', 'message:react', { messageId, emoji: '<img src=x>', on: true }, 'VALIDATION_FAILED'],
      ['emoji key with a dot', 'message:react', { messageId, emoji: '👍.x', on: true }, 'VALIDATION_FAILED'],
      ['negative seq', 'thread:read', { threadId, seq: -1 }, 'VALIDATION_FAILED'],
      [
        'control characters',
        'message:send',
        { threadId, clientMessageId: clientId(), body: 'a\u0000b' },
        'VALIDATION_FAILED',
      ],
      [
        'bad client id',
        'message:send',
        { threadId, clientMessageId: '../../etc', body: 'x' },
        'VALIDATION_FAILED',
      ],
    ];
    for (const [label, event, payload, code] of cases) {
      const ack = await emitAck(socket, event, payload);
      expect({ label, ack }).toMatchObject({ label, ack: { ok: false, error: { code } } });
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    // An event without an ack callback is refused rather than acted on silently.
    (socket as unknown as { emit(event: string, payload: unknown): void }).emit('message:send', {
      threadId,
      clientMessageId: clientId(),
      body: 'no ack',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const history = await member.client.call(threadRoutes.messages, { params: { id: threadId }, query: {} });
    expect(history.body.items.some((message: Message) => message.body === 'no ack')).toBe(false);
  });

  it('a flood of events on one connection is refused with RATE_LIMITED, then the connection recovers', async () => {
    const socket = await member.socket();
    const acks = await Promise.all(
      Array.from({ length: 400 }, () => emitAck(socket, 'thread:read', { threadId, seq: 1 }, 10_000)),
    );
    const limited = acks.filter((ack) => !ack.ok && ack.error.code === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThan(100);
    expect(acks.filter((ack) => ack.ok).length).toBeGreaterThanOrEqual(200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await emitAck(socket, 'thread:read', { threadId, seq: 1 })).toMatchObject({ ok: true });
  });

  it('a seeded fuzz of socket packets leaves the server up and answering', async () => {
    const events = [
      'message:send',
      'message:edit',
      'message:delete',
      'message:react',
      'thread:subscribe',
      'thread:sync',
      'thread:read',
      'thread:typing',
      'container:subscribe',
      'container:unsubscribe',
      'unknown:event',
    ];
    const socket = await member.socket();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...events),
        fc.anything({ maxDepth: 3, withObjectString: true }),
        async (event, payload) => {
          if (event === 'unknown:event') {
            // Nobody listens: nothing to wait for, but it must not hurt.
            (socket as unknown as { emit(name: string, value: unknown): void }).emit(event, payload);
            return;
          }
          const ack = await emitAck(socket, event, payload, 2_000);
          expect(ack).toMatchObject({ ok: false });
        },
      ),
      { seed: 20_241_123, numRuns: 300 },
    );
    // Raw engine.io/socket.io frames that are not even valid packets close only that connection.
    const raw = new WebSocket(`${app.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      headers: { cookie: member.client.cookie ?? '' },
    });
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send('40');
    for (const frame of [
      '42["message:send",{"threadId":',
      '4x',
      '42[]',
      '99',
      '2probe',
      '451-["x",{"_placeholder":true,"num":9}]',
    ]) {
      raw.send(frame);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    raw.terminate();
    expect((await member.client.call(systemRoutes.health)).status).toBe(200);
    expect(await emitAck(socket, 'thread:subscribe', { threadId })).toMatchObject({ ok: true });
  });
});

describe('channels: cross-site socket connections', () => {
  let app: TestApp;
  let member: Member;

  beforeAll(async () => {
    app = await startApp();
    member = await signIn(app, { country: 'MM' });
  });
  afterAll(async () => {
    closeSockets(member);
    await app?.close();
  });

  it('a valid cookie from a foreign Origin is refused on polling and on websocket', async () => {
    for (const transports of [['polling'], ['websocket']] as const) {
      await expect(
        connectSocket(app.url, member.client, {
          origin: 'https://evil.example',
          transports: [...transports],
        }),
      ).rejects.toThrow();
      const own = await connectSocket(app.url, member.client, {
        origin: TEST_ORIGIN,
        transports: [...transports],
      });
      expect(own.connected).toBe(true);
      own.disconnect();
    }
    // And without a session, whatever the origin.
    const anonymous = io(app.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    await expect(
      new Promise((resolve, reject) => {
        anonymous.once('connect', () => resolve('connected'));
        anonymous.once('connect_error', reject);
      }),
    ).rejects.toThrow();
    anonymous.disconnect();
  });
});
