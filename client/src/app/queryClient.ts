import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api';

/** Retry only what a retry can fix: no answer or a server fault, never a 4xx. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (!error.isNetworkError && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry },
      mutations: { retry: false },
    },
  });
}
