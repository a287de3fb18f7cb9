import type { TFunction } from 'i18next';
import { ApiError } from '../lib/api';

/** A reader-facing sentence for any error: stable codes map to translated text, never to server internals. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('ui:errors.UNKNOWN');
  if (error.isNetworkError) return t('ui:errors.NETWORK');
  if (error.code === 'RATE_LIMITED' && error.retryAfterSeconds !== null) {
    return retryAfterMessage(t, error.retryAfterSeconds);
  }
  return t(`ui:errors.${error.code}`);
}

/** "Too many attempts. Try again in 3 minutes." */
export function retryAfterMessage(t: TFunction, seconds: number): string {
  if (seconds < 60) return t('ui:errors.RATE_LIMITED_SECONDS', { count: seconds });
  return t('ui:errors.RATE_LIMITED_MINUTES', { count: Math.ceil(seconds / 60) });
}
