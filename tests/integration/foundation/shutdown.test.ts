import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@serantau/server/seed/demo-data';
import { startAppProcess, type AppProcess } from '../../helpers/app-process';
import { sleep } from '../../helpers/channels';
import { TestClient } from '../../helpers/http';
import { connectSocket, disconnected } from '../../helpers/socket';

/** Whether a fresh TCP connection to the port is refused (the server stopped listening). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

interface Reply {
  status: number;
  body: string;
  setCookie: string[];
}

/**
 * A sign-in whose body the test sends in two parts, so the request is in flight for as long as the
 * test likes. `Expect: 100-continue` makes the server say when it has parsed the headers: from then
 * on the connection is busy with a request, not idle.
 */
async function startSlowLogin(
  url: string,
  body: string,
): Promise<{ req: ClientRequest; reply: Promise<Reply>; rest: string }> {
  const req = request(`${url}/api/auth/login`, {
    method: 'POST',
    agent: false,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      expect: '100-continue',
    },
  });
  const reply = new Promise<Reply>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (response: IncomingMessage) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.once('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: text,
          setCookie: response.headers['set-cookie'] ?? [],
        }),
      );
      response.once('error', reject);
    });
  });
  req.flushHeaders();
  await new Promise<void>((resolve, reject) => {
    req.once('continue', () => resolve());
    req.once('error', reject);
  });
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { req, reply, rest: body.slice(half) };
}

describe('graceful shutdown of the server process', () => {
  let dataDir: string;
  let app: AppProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'serantau-shutdown-'));
  });
  afterAll(async () => {
    await app?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM stops accepting, finishes the request in flight, closes sockets and exits 0', async () => {
    app = await startAppProcess({ NODE_ENV: 'test', SEED_DEMO: 'true', DATA_DIR: dataDir });
    const port = Number(new URL(app.url).port);
    expect(await refused(port)).toBe(false);

    // A live socket and an idle keep-alive connection must not hold the shutdown up.
    const member = new TestClient(app.url);
    await member.login('faizal@serantau.demo', DEMO_PASSWORD);
    const socket = await connectSocket(app.url, member);
    const socketClosed = disconnected(socket, 10_000);

    const body = JSON.stringify({ email: 'maria@serantau.demo', password: DEMO_PASSWORD });
    const inFlight = await startSlowLogin(app.url, body);
    let answered = false;
    void inFlight.reply.then(() => (answered = true)).catch(() => undefined);

    const exited = app.stop('SIGTERM');
    let exitedEarly = false;
    void exited.then(() => (exitedEarly = true));

    // New connections are refused while the request is still open.
    const deadline = Date.now() + 10_000;
    while (!(await refused(port))) {
      if (Date.now() > deadline) throw new Error('the server still accepts connections after SIGTERM');
      await sleep(50);
    }
    await socketClosed;
    // Give a shutdown that does not wait for the request every chance to show it.
    await sleep(500);
    expect({ answered, exitedEarly }).toEqual({ answered: false, exitedEarly: false });

    // The request completes against a database that is still open, then the process exits cleanly.
    inFlight.req.end(inFlight.rest);
    const reply = await inFlight.reply;
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ status: 'authenticated' });
    expect(reply.setCookie.join(';')).toMatch(/serantau_session=/);
    expect(await exited).toBe(0);
    expect(app.output()).not.toMatch(/shutdown took too long|error while shutting down/);
  });
});
