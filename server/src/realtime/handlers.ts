import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { AckResult } from '@serantau/shared';
import { AppError } from '../http/errors';
import type { RequestOrigin } from '../policy/actor';

/**
 * Every client→server event reads the same way: parse the payload with its schema, run the handler
 * (which authorises through `policy/` and calls a service), and answer through the ack with
 * `{ok: true, …}` or `{ok: false, error: {code, message}}`. A handler's exception never escapes.
 */
export function handleEvent<S extends z.ZodType, R extends object>(
  socket: Socket,
  event: string,
  schema: S,
  run: (payload: z.output<S>) => Promise<R>,
  logger: Logger,
): void {
  socket.on(event, (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (result: AckResult<R>) => void) : null;
    if (!reply) {
      // Without an ack the client cannot learn the outcome; refuse rather than act silently.
      socket.emit(
        'error' as never,
        { code: 'BAD_REQUEST', message: `${event} needs an acknowledgement callback` } as never,
      );
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const error = new AppError(
        'VALIDATION_FAILED',
        first ? `Invalid ${first.path.join('.') || 'payload'}: ${first.message}` : 'Invalid payload',
        {
          details: parsed.error.issues.map((issue) => ({
            path: issue.path.join('.'),
            message: issue.message,
          })),
        },
      );
      reply({ ok: false, ...error.toBody() });
      return;
    }
    run(parsed.data).then(
      (result) => reply({ ok: true, ...result }),
      (error: unknown) => {
        if (error instanceof AppError) {
          reply({ ok: false, ...error.toBody() });
          return;
        }
        logger.error({ err: error, event }, 'socket handler failed');
        reply({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong' } });
      },
    );
  });
}

/**
 * Where a socket connected from, for the audit trail: the address of its handshake (behind a
 * reverse proxy that is the proxy's, unless the proxy forwards the WebSocket's client address).
 */
export function socketOrigin(socket: Socket): RequestOrigin {
  const userAgent = socket.handshake.headers['user-agent'];
  return {
    ip: socket.handshake.address || null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 300) : null,
  };
}
