// The server side of the channels benchmark, in its own process so its CPU and memory are its own.
//
//   serantau <receivers> <senders>  the real application (embedded database in a temp dir): users,
//                                   sessions, one public channel and one thread; messages go through
//                                   the real path (socket → validate → authorise → store → broadcast).
//   baseline                        a bare Socket.IO server: every connection joins one room, each
//                                   `message:send` is broadcast to it at once (no auth, no storage).
//
// Prints one JSON line on stdout when ready; stops on SIGTERM. Loopback only.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ObjectId } from 'mongodb';
import pino from 'pino';
import { Server } from 'socket.io';
import { buildApp } from '@serantau/server/app';
import { loadConfig } from '@serantau/server/config';
import { openDatabase } from '@serantau/server/db/database';
import { actorForUser } from '@serantau/server/modules/threads/context';

const [mode = 'serantau', receiversArg = '500', sendersArg = '5'] = process.argv.slice(2);
const receivers = Number(receiversArg);
const senders = Number(sendersArg);

// The benchmark holds our stdin open: when it goes away (finished or killed), so do we.
process.stdin.resume();
process.stdin.on('close', () => process.exit(0));

/**
 * Where the time goes inside the server. SIGUSR1 collects garbage, reports memory (a JSON line on
 * stdout) and resets the figures; SIGUSR2 (the end of the measured run) prints them on stderr: the
 * event loop's delay and, for the real server, how long the send path took.
 */
function reportOnSignals(sendDurations: number[] | null): void {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  process.on('SIGUSR1', () => {
    // Also a full collection, so the benchmark reads resident memory without garbage in it.
    (globalThis as unknown as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    process.stdout.write(`${JSON.stringify({ memory: { rss: memory.rss, heapUsed: memory.heapUsed } })}\n`);
    loopDelay.reset();
    if (sendDurations) sendDurations.length = 0;
  });
  process.on('SIGUSR2', () => {
    const ms = (nanoseconds: number) => (nanoseconds / 1e6).toFixed(1);
    let line = `  server (${mode}): event-loop delay p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms`;
    if (sendDurations && sendDurations.length > 0) {
      const sorted = [...sendDurations].sort((a, b) => a - b);
      const pick = (p: number) =>
        sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
      line += `; send path p50 ${pick(50).toFixed(1)} ms, p99 ${pick(99).toFixed(1)} ms`;
    }
    process.stderr.write(`${line}\n`);
  });
}

async function baseline(): Promise<void> {
  reportOnSignals(null);
  const http = createServer();
  const io = new Server(http, { path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024 });
  let seq = 0;
  io.on('connection', (socket) => {
    void socket.join('channel');
    socket.on(
      'message:send',
      (payload: { threadId: string; clientMessageId: string; body: string }, ack: unknown) => {
        seq += 1;
        // The same shape and size as a stored message, so the wire carries as much as in the real run.
        const message = {
          id: new ObjectId().toHexString(),
          threadId: payload.threadId,
          container: { type: 'channel', id: payload.threadId },
          seq,
          clientMessageId: payload.clientMessageId,
          author: { id: socket.id, displayName: 'Bench sender', country: 'MY' },
          state: 'visible',
          body: payload.body,
          mentions: [],
          replyTo: null,
          reactions: [],
          attachments: [],
          editedAt: null,
          editCount: 0,
          moderation: null,
          createdAt: new Date().toISOString(),
        };
        socket.to('channel').emit('message:created', { message });
        if (typeof ack === 'function') (ack as (value: unknown) => void)({ ok: true, message });
      },
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${port}`, threadId: new ObjectId().toHexString() })}\n`,
  );
  process.on('SIGTERM', () => {
    void io.close();
    process.exit(0);
  });
}

async function serantau(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'serantau-bench-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_URL: 'http://127.0.0.1',
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-1234',
    LOG_LEVEL: 'silent',
  });
  // Errors only, on stderr: a benchmark that hides failures measures nothing.
  const logger = pino({ level: 'error' }, pino.destination(2));
  const database = await openDatabase({ mongodbUrl: undefined, databaseName: 'serantau', dataDir, logger });
  const built = await buildApp({ config, database, logger });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const { services } = built;

  async function member(index: number, role: 'admin' | 'member') {
    const user = await services.usersRepo.insert({
      email: `bench${index}@example.org`,
      displayName: `Bench member ${index}`,
      country: 'MY',
      agencyId: null,
      title: 'Prosecutor',
      languages: ['en'],
      expertise: [],
      role,
      status: 'active',
      contactPoint: null,
      // Sessions are issued directly: hashing 500 passwords would only measure argon2.
      passwordHash: null,
      locale: 'en',
      timeZone: 'Asia/Kuala_Lumpur',
    });
    const session = await services.sessions.create(user._id, 'complete', {
      ip: '127.0.0.1',
      userAgent: 'bench',
    });
    return { user, cookie: `serantau_session=${session.token}` };
  }

  const admin = await member(0, 'admin');
  const channel = await services.channels.create(
    actorForUser(admin.user),
    { name: 'bench-channel', kind: 'public' },
    { ip: null, userAgent: 'bench' },
  );
  const thread = await services.threads.threads.createThread(
    actorForUser(admin.user),
    { type: 'channel', id: channel.id },
    { title: 'Benchmark thread', body: 'Opening post', clientMessageId: 'bench-opening-0001' },
  );
  const receiverCookies: string[] = [];
  for (let index = 1; index <= receivers; index += 1)
    receiverCookies.push((await member(index, 'member')).cookie);
  const senderCookies: string[] = [];
  for (let index = 0; index < senders; index += 1)
    senderCookies.push((await member(receivers + 1 + index, 'member')).cookie);

  // Where the time goes inside the server: the send path itself, and how late the event loop runs.
  const sendDurations: number[] = [];
  const threadsService = services.threads.threads;
  const send = threadsService.send.bind(threadsService);
  threadsService.send = async (...args: Parameters<typeof send>) => {
    const started = performance.now();
    try {
      return await send(...args);
    } finally {
      sendDurations.push(performance.now() - started);
    }
  };
  reportOnSignals(sendDurations);

  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${port}`, channelId: channel.id, threadId: thread.id, receiverCookies, senderCookies })}\n`,
  );
  process.on('SIGTERM', () => {
    void (async () => {
      await built.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
      process.exit(0);
    })();
  });
}

await (mode === 'baseline' ? baseline() : serantau());
