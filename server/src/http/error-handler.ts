import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorDetail } from '@serantau/shared';
import { AppError } from './errors';

/**
 * One place maps every failure to `{error: {code, message}}`. Expected errors keep their message;
 * anything else is logged with the request id and answered with a generic message, never a stack.
 */
export function installErrorHandling(app: FastifyInstance, options: { spaFallback: boolean }): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError) {
      if (appError.code === 'RATE_LIMITED' && appError.extra.retryAfterSeconds !== undefined) {
        reply.header('retry-after', String(appError.extra.retryAfterSeconds));
      }
      if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.code(appError.status).send(appError.toBody());
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ issues: error.cause.issues }, 'response did not match its contract');
    } else {
      request.log.error({ err: error }, 'unexpected error');
    }
    return reply
      .code(500)
      .send(new AppError('INTERNAL', `Something went wrong (request ${request.id})`).toBody());
  });

  app.setNotFoundHandler((request, reply) => {
    // Client-side routes (e.g. /cases/123) are the single-page app's to render.
    const path = request.url.split('?')[0] ?? '/';
    if (options.spaFallback && request.method === 'GET' && !isServerPath(path)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply
      .code(404)
      .send(new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`).toBody());
  });
}

function toAppError(error: FastifyError): AppError | null {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details: ErrorDetail[] = error.validation.map((issue) => ({
      path: `${error.validationContext ?? 'request'}${issue.instancePath.replace(/\//g, '.')}`,
      message: issue.message ?? 'invalid',
    }));
    const first = details[0];
    return new AppError(
      'VALIDATION_FAILED',
      first ? `Invalid ${first.path}: ${first.message}` : 'The request is not valid',
      { details },
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('BAD_REQUEST', 'The JSON body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('BAD_REQUEST', 'The body is not valid JSON');
    case 'FST_ERR_VALIDATION':
      return new AppError('VALIDATION_FAILED', error.message);
  }
  // Fastify's own 4xx errors (malformed JSON, prototype poisoning, bad content length…).
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    if (error.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large');
    if (error.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type');
    return new AppError('BAD_REQUEST', sanitiseFrameworkMessage(error.message));
  }
  return null;
}

/** Framework messages are safe but may echo input; keep them short and single-line. */
function sanitiseFrameworkMessage(message: string): string {
  return message.replace(/\s+/g, ' ').slice(0, 200) || 'Bad request';
}

function isServerPath(path: string): boolean {
  return (
    ['/api/', '/socket.io/', '/collab/', '/assets/'].some((prefix) => path.startsWith(prefix)) ||
    path === '/api'
  );
}
