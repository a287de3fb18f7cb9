import { z } from 'zod';

/** Stable error codes every REST reply, socket ack and collab close reason uses. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'TWO_FACTOR_REQUIRED',
  'TWO_FACTOR_ENROLMENT_REQUIRED',
  'INVALID_CREDENTIALS',
  'INVALID_TWO_FACTOR_CODE',
  'ACCOUNT_SUSPENDED',
  'FORBIDDEN',
  'CSRF_FAILED',
  'ORIGIN_NOT_ALLOWED',
  'NOT_FOUND',
  'CONFLICT',
  'ALREADY_EXISTS',
  'GONE',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'LOCKED',
  'ARCHIVED',
  'MUTED',
  'SLOW_MODE',
  'LIMIT_EXCEEDED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorDetailSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    details: z.array(ErrorDetailSchema).optional(),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** HTTP status for each code; the server's error handler and the client's fetch wrapper both read it. */
export const ERROR_HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  TWO_FACTOR_REQUIRED: 401,
  TWO_FACTOR_ENROLMENT_REQUIRED: 403,
  INVALID_CREDENTIALS: 401,
  INVALID_TWO_FACTOR_CODE: 401,
  ACCOUNT_SUSPENDED: 403,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  ORIGIN_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  GONE: 410,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LOCKED: 423,
  ARCHIVED: 409,
  MUTED: 403,
  SLOW_MODE: 429,
  LIMIT_EXCEEDED: 422,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};
