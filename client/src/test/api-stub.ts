import { vi } from 'vitest';

export interface StubRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

export interface StubReply {
  status?: number;
  body?: unknown;
}

type Handler = (request: StubRequest, params: Record<string, string>) => StubReply | Promise<StubReply>;

function matcher(pattern: string): (path: string) => Record<string, string> | null {
  const names: string[] = [];
  const source = pattern.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${source}$`);
  return (path) => {
    const found = regex.exec(path);
    if (!found) return null;
    return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(found[index + 1] ?? '')]));
  };
}

/**
 * Replaces `fetch` (the network boundary) with handlers keyed `"METHOD /api/path/:param"`.
 * Unknown routes answer 404 so a test never silently hits nothing. Returns the recorded requests.
 */
export function stubApi(handlers: Record<string, Handler>) {
  const routes = Object.entries(handlers).map(([key, handler]) => {
    const [method = 'GET', pattern = '/'] = key.split(' ');
    return { method, match: matcher(pattern), handler };
  });
  const requests: StubRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>).map(([name, value]) => [
        name.toLowerCase(),
        value,
      ]),
    );
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const request: StubRequest = { method, url, headers, body };
    requests.push(request);
    for (const route of routes) {
      if (route.method !== method) continue;
      const params = route.match(url.pathname);
      if (!params) continue;
      const reply = await route.handler(request, params);
      return jsonResponse(reply.status ?? 200, reply.body);
    }
    return jsonResponse(404, {
      error: { code: 'NOT_FOUND', message: `no stub for ${method} ${url.pathname}` },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, fetchMock };
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

export function errorReply(status: number, code: string, extra: Record<string, unknown> = {}): StubReply {
  return { status, body: { error: { code, message: `${code} from the stub`, ...extra } } };
}
