import {
  ErrorBodySchema,
  buildPath,
  type ErrorCode,
  type ErrorDetail,
  type RouteContract,
  type RouteInput,
  type RouteOutput,
} from '@serantau/shared';

/** A failed REST call: the server's stable error code plus what the UI needs to explain it. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ErrorCode;
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  readonly details: ErrorDetail[];
  readonly retryAfterSeconds: number | null;

  constructor(
    code: ErrorCode,
    status: number,
    message: string,
    options: { details?: ErrorDetail[]; retryAfterSeconds?: number | null } = {},
  ) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = options.details ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }

  /** True when no reply arrived (offline, server down, connection reset). */
  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

export function isApiError(error: unknown, code?: ErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** Codes meaning "this browser no longer has a usable session". */
export const SESSION_LOST_CODES: readonly ErrorCode[] = ['UNAUTHENTICATED', 'SESSION_EXPIRED'];

interface ApiHooks {
  /** The CSRF token of the current (possibly half-finished) session. */
  getCsrfToken: () => string | null;
  /** Called when any reply says the session is gone; the auth state clears itself from here. */
  onSessionLost: (error: ApiError) => void;
  /** Called when the network started requiring 2FA and this account has not enrolled yet. */
  onEnrolmentRequired: (error: ApiError) => void;
}

let hooks: ApiHooks = {
  getCsrfToken: () => null,
  onSessionLost: () => undefined,
  onEnrolmentRequired: () => undefined,
};

/** Connects the client to the auth state without `lib/` importing `app/`. */
export function configureApi(next: Partial<ApiHooks>): void {
  hooks = { ...hooks, ...next };
}

/** Arguments of `apiRequest`: the input may be left out when the route declares nothing required. */
export type ApiArgs<C extends RouteContract> =
  Record<never, never> extends RouteInput<C> ? [input?: RouteInput<C>] : [input: RouteInput<C>];

/**
 * Calls one REST route from its shared contract. Cookies carry the session; every state-changing
 * request carries the CSRF token; error replies become `ApiError`s.
 */
export async function apiRequest<C extends RouteContract>(
  contract: C,
  ...[input]: ApiArgs<C>
): Promise<RouteOutput<C>> {
  const parts = (input ?? {}) as { params?: Record<string, string>; query?: object; body?: unknown };
  const url = buildPath(contract.path, parts.params) + queryString(parts.query);

  const headers: Record<string, string> = { accept: 'application/json' };
  if (parts.body !== undefined) headers['content-type'] = 'application/json';
  if (contract.method !== 'GET') {
    const token = hooks.getCsrfToken();
    if (token) headers['x-csrf-token'] = token;
  }

  let response: Response;
  try {
    response = await fetch(url, {
      method: contract.method,
      credentials: 'same-origin',
      headers,
      body: parts.body === undefined ? undefined : JSON.stringify(parts.body),
    });
  } catch (cause) {
    throw new ApiError('SERVICE_UNAVAILABLE', 0, cause instanceof Error ? cause.message : 'network error');
  }

  const payload = await readJson(response);
  if (!response.ok) {
    const error = toApiError(response.status, payload);
    if (SESSION_LOST_CODES.includes(error.code)) hooks.onSessionLost(error);
    if (error.code === 'TWO_FACTOR_ENROLMENT_REQUIRED') hooks.onEnrolmentRequired(error);
    throw error;
  }
  return parseResponse(contract, payload);
}

/** Serialises a query object; empty values are left out so "no filter" means no parameter. */
export function queryString(query: object | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item === undefined || item === null || item === '') continue;
      search.append(key, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Code for replies that carry no error body (a proxy's 502, an HTML error page). */
function fallbackCode(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 410) return 'GONE';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'SERVICE_UNAVAILABLE';
  if (status >= 500) return 'INTERNAL';
  return 'BAD_REQUEST';
}

export function toApiError(status: number, payload: unknown): ApiError {
  const parsed = ErrorBodySchema.safeParse(payload);
  if (!parsed.success) return new ApiError(fallbackCode(status), status, `HTTP ${status}`);
  const { code, message, details, retryAfterSeconds } = parsed.data.error;
  return new ApiError(code, status, message, { details, retryAfterSeconds });
}

function parseResponse<C extends RouteContract>(contract: C, payload: unknown): RouteOutput<C> {
  const parsed = contract.response.safeParse(payload);
  if (parsed.success) return parsed.data as RouteOutput<C>;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  // A reply that breaks its contract is a bug on one side: fail loudly while developing and testing;
  // in production keep the page working with what arrived and leave a trace in the console.
  if (!import.meta.env.PROD) {
    throw new ApiError(
      'INTERNAL',
      200,
      `${contract.method} ${contract.path}: reply does not match its contract`,
      {
        details: issues,
      },
    );
  }
  console.error(`${contract.method} ${contract.path}: reply does not match its contract`, issues);
  return payload as RouteOutput<C>;
}
