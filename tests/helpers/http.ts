import { buildPath, type RouteContract, type RouteInput, type RouteOutput } from '@serantau/shared';

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A browser-like HTTP client for tests: keeps the session cookie and CSRF token across calls,
 * like the real client does.
 */
export class TestClient {
  cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie && !('cookie' in headers)) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in headers))
      headers['x-csrf-token'] = this.csrfToken;
    let payload: string | undefined;
    if (options.rawBody !== undefined) {
      payload = options.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: payload,
      redirect: 'manual',
    });
    const setCookie = response.headers.getSetCookie();
    for (const entry of setCookie) {
      const [pair] = entry.split(';');
      if (!pair) continue;
      const value = pair.slice(pair.indexOf('=') + 1);
      this.cookie = value === '' || /Expires=Thu, 01 Jan 1970/i.test(entry) ? null : pair;
    }
    const text = await response.text();
    let body: unknown = text;
    if (response.headers.get('content-type')?.includes('application/json'))
      body = text ? JSON.parse(text) : null;
    const record = body as { csrfToken?: unknown; session?: { csrfToken?: unknown } } | null;
    const token = record?.csrfToken ?? record?.session?.csrfToken;
    if (typeof token === 'string') this.csrfToken = token;
    return { status: response.status, body: body as T, headers: response.headers };
  }

  /** Calls a route by its shared contract. */
  call<C extends RouteContract>(contract: C, input?: RouteInput<C>): Promise<HttpResult<RouteOutput<C>>> {
    const parts = (input ?? {}) as {
      params?: Record<string, string>;
      query?: Record<string, unknown>;
      body?: unknown;
    };
    let path = buildPath(contract.path, parts.params);
    if (parts.query) {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(parts.query))
        if (value !== undefined) search.set(key, String(value));
      const query = search.toString();
      if (query) path += `?${query}`;
    }
    return this.request<RouteOutput<C>>(
      contract.method,
      path,
      parts.body === undefined ? {} : { body: parts.body },
    );
  }

  async login(email: string, password: string): Promise<HttpResult> {
    const result = await this.request('POST', '/api/auth/login', { body: { email, password } });
    if (result.status !== 200)
      throw new Error(`login failed for ${email}: ${result.status} ${JSON.stringify(result.body)}`);
    return result;
  }
}
