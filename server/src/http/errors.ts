import { ERROR_HTTP_STATUS, type ErrorBody, type ErrorCode, type ErrorDetail } from '@serantau/shared';

/** An expected failure with a stable code; its message is safe to show to the user. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { details?: ErrorDetail[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_HTTP_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.extra.details ? { details: this.extra.details } : {}),
        ...(this.extra.retryAfterSeconds !== undefined
          ? { retryAfterSeconds: this.extra.retryAfterSeconds }
          : {}),
      },
    };
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You do not have access to this') => new AppError('FORBIDDEN', message);
export const badRequest = (message: string) => new AppError('BAD_REQUEST', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);

/** True for the driver's duplicate-key error, from MongoDB and from the embedded server alike. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 11000;
}
