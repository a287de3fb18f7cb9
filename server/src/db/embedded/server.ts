// TCP front end: frames messages off each connection, answers them in order, and closes (never
// crashes on) connections that send something malformed.
import net from 'node:net';
import { runCommand, helloResponse } from './commands/index.js';
import type { CommandContext, ServerInfo } from './commands/context.js';
import { CursorRegistry } from './commands/cursors.js';
import type { EmbeddedLogger } from './logger.js';
import type { Doc } from './query/values.js';
import type { Engine } from './storage/engine.js';
import {
  HEADER_BYTES,
  MAX_MESSAGE_BYTES,
  ProtocolError,
  type Request,
  encodeOpMsg,
  encodeOpReply,
  parseMessage,
} from './wire/protocol.js';

export interface WireServerOptions {
  engine: Engine;
  host: string;
  port: number;
  logger: EmbeddedLogger;
  cursorTimeoutMs: number;
}

const HELLO_COMMANDS = new Set(['hello', 'isMaster', 'ismaster']);

export class WireServer {
  private readonly opts: WireServerOptions;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly inflight = new Set<Promise<void>>();
  readonly cursors: CursorRegistry;
  private nextConnectionId = 1;
  private info: ServerInfo;

  constructor(opts: WireServerOptions) {
    this.opts = opts;
    this.cursors = new CursorRegistry(opts.cursorTimeoutMs);
    this.info = { startedAt: new Date(), host: opts.host, port: opts.port };
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.on('error', (err) => opts.logger.error({ err }, 'embedded MongoDB listener error'));
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        const port = typeof addr === 'object' && addr ? addr.port : this.opts.port;
        this.info = { ...this.info, port };
        resolve(port);
      });
    });
  }

  /** Stops accepting, closes connections, and waits for commands already running to finish. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
    await Promise.allSettled([...this.inflight]);
    this.cursors.close();
  }

  private accept(socket: net.Socket): void {
    const connectionId = this.nextConnectionId++;
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const ctx: CommandContext = {
      engine: this.opts.engine,
      cursors: this.cursors,
      logger: this.opts.logger,
      connectionId,
      server: this.info,
    };
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const chunks: Buffer[] = [];
    let buffered = 0;
    let chain: Promise<void> = Promise.resolve();
    let closed = false;

    const reject = (reason: string, err?: unknown): void => {
      if (closed) return;
      closed = true;
      this.opts.logger.warn({ connectionId, remote, err: err ?? null }, `closing connection: ${reason}`);
      socket.destroy();
    };

    const peekLength = (): number => {
      if ((chunks[0]?.length ?? 0) < 4) {
        const joined = Buffer.concat(chunks);
        chunks.length = 0;
        chunks.push(joined);
      }
      return chunks[0]?.readInt32LE(0) ?? 0;
    };

    const take = (n: number): Buffer => {
      const first = chunks[0];
      if (first && first.length >= n) {
        const msg = first.subarray(0, n);
        if (first.length === n) chunks.shift();
        else chunks[0] = first.subarray(n);
        buffered -= n;
        return msg;
      }
      const joined = Buffer.concat(chunks);
      chunks.length = 0;
      if (joined.length > n) chunks.push(joined.subarray(n));
      buffered -= n;
      return joined.subarray(0, n);
    };

    socket.on('data', (data: Buffer) => {
      if (closed) return;
      chunks.push(data);
      buffered += data.length;
      while (!closed && buffered >= 4) {
        const len = peekLength();
        if (len < HEADER_BYTES || len > MAX_MESSAGE_BYTES) {
          reject(`invalid message length ${len} (allowed ${HEADER_BYTES}..${MAX_MESSAGE_BYTES})`);
          return;
        }
        if (buffered < len) break;
        const msg = take(len);
        let req: Request;
        try {
          req = parseMessage(msg);
        } catch (e) {
          reject(e instanceof ProtocolError ? e.message : 'unparseable message', e);
          return;
        }
        const run = chain.then(() => (closed ? undefined : this.handle(req, ctx, socket)));
        chain = run.catch((e: unknown) => reject('internal error while replying', e));
        const tracked = chain;
        this.inflight.add(tracked);
        void tracked.finally(() => this.inflight.delete(tracked));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      this.sockets.delete(socket);
    });
  }

  private async handle(req: Request, ctx: CommandContext, socket: net.Socket): Promise<void> {
    if (req.kind === 'query') {
      const name = Object.keys(req.query)[0] ?? '';
      const reply: Doc =
        req.collection.endsWith('.$cmd') && HELLO_COMMANDS.has(name)
          ? helloResponse(ctx, req.query, name !== 'hello')
          : {
              ok: 0,
              errmsg: `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`,
              code: 352,
              codeName: 'UnsupportedOpQueryCommand',
            };
      socket.write(encodeOpReply(req.requestId, reply));
      return;
    }
    const reply = await runCommand(req.body, ctx);
    if (req.moreToCome) return;
    let out: Buffer;
    try {
      out = encodeOpMsg(req.requestId, reply);
    } catch (e) {
      out = encodeOpMsg(req.requestId, {
        ok: 0,
        errmsg: `could not encode reply: ${(e as Error).message}`,
        code: 10334,
        codeName: 'BSONObjectTooLarge',
      });
    }
    if (!socket.destroyed) socket.write(out);
  }
}
