import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs. Credentials and session material are redacted wherever they appear; the code
 * never logs passwords, document contents or message bodies in the first place.
 */
export function createLogger(level: string, pretty: boolean, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.token',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request: { method?: string; url?: string; id?: string }) {
        return { method: request.method, url: redactUrl(request.url ?? '') };
      },
    },
  };
  if (destination) return pino(options, destination);
  if (pretty) {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
      },
    });
  }
  return pino(options);
}

/** Invitation tokens travel in the path; query strings may carry search terms. Neither is logged. */
export function redactUrl(url: string): string {
  return url.replace(/(\/api\/invitations\/)[^/?]+/, '$1***').split('?')[0] ?? url;
}
