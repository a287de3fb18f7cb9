import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminRoutes, authRoutes, directoryRoutes } from '@serantau/shared';
import { ApiError, apiRequest, configureApi, queryString } from './api';
import { buildProfile, buildSession } from '../test/factories';
import { errorReply, jsonResponse, stubApi } from '../test/api-stub';
import { connectApiToAuth } from '../app/auth';

function withHooks(csrfToken: string | null) {
  const onSessionLost = vi.fn();
  const onEnrolmentRequired = vi.fn();
  configureApi({ getCsrfToken: () => csrfToken, onSessionLost, onEnrolmentRequired });
  return { onSessionLost, onEnrolmentRequired };
}

afterEach(() => {
  // Put back the auth state's own hooks.
  connectApiToAuth();
});

describe('apiRequest', () => {
  it('sends the CSRF token, JSON and same-origin credentials on a state-changing request', async () => {
    withHooks('token-123');
    const { requests, fetchMock } = stubApi({
      'PATCH /api/auth/me': () => ({ body: buildSession().user }),
    });

    await apiRequest(authRoutes.updateProfile, { body: { displayName: 'Nguyen Thi Lan' } });

    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('PATCH');
    expect(requests[0]?.headers['x-csrf-token']).toBe('token-123');
    expect(requests[0]?.headers['content-type']).toBe('application/json');
    expect(requests[0]?.body).toEqual({ displayName: 'Nguyen Thi Lan' });
    expect(fetchMock.mock.calls[0]?.[1]?.credentials).toBe('same-origin');
  });

  it('sends the CSRF token on DELETE and body-less POST, but never on GET', async () => {
    withHooks('token-456');
    const { requests } = stubApi({
      'DELETE /api/auth/sessions/:sessionId': () => ({ body: { ok: true } }),
      'POST /api/auth/logout': () => ({ body: { ok: true } }),
      'GET /api/auth/sessions': () => ({ body: { items: [] } }),
    });

    await apiRequest(authRoutes.revokeSession, { params: { sessionId: 'abcdef0123456789' } });
    await apiRequest(authRoutes.logout);
    await apiRequest(authRoutes.sessions);

    expect(requests.map((request) => [request.method, request.headers['x-csrf-token']])).toEqual([
      ['DELETE', 'token-456'],
      ['POST', 'token-456'],
      ['GET', undefined],
    ]);
    expect(requests[1]?.headers['content-type']).toBeUndefined();
  });

  it('fills path parameters and builds the query string from the input, leaving out empty filters', async () => {
    withHooks(null);
    const member = buildProfile();
    const { requests } = stubApi({
      'GET /api/directory/members/:id': (_request, params) => ({ body: { ...member, id: params.id } }),
      'GET /api/directory/members': () => ({ body: { items: [member], nextCursor: 'abc_-1' } }),
    });

    const one = await apiRequest(directoryRoutes.member, { params: { id: member.id } });
    const page = await apiRequest(directoryRoutes.members, {
      query: { q: 'labour law', country: 'TH', expertise: undefined, contactPointsOnly: 'true', limit: 24 },
    });

    expect(one.id).toBe(member.id);
    expect(page.nextCursor).toBe('abc_-1');
    expect(requests[0]?.url.pathname).toBe(`/api/directory/members/${member.id}`);
    expect(requests[1]?.url.search).toBe('?q=labour+law&country=TH&contactPointsOnly=true&limit=24');
  });

  it('turns an error reply into an ApiError with code, status, message, details and retry delay', async () => {
    withHooks(null);
    stubApi({
      'POST /api/auth/login': () =>
        errorReply(429, 'RATE_LIMITED', {
          message: 'Too many attempts',
          retryAfterSeconds: 90,
          details: [{ path: 'email', message: 'throttled' }],
        }),
    });

    const error = await apiRequest(authRoutes.login, { body: { email: 'a@b.example', password: 'x' } }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      message: 'Too many attempts',
      retryAfterSeconds: 90,
      details: [{ path: 'email', message: 'throttled' }],
    });
  });

  it('maps a reply without an error body by its status, and an unreachable server to status 0', async () => {
    withHooks(null);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })),
    );
    await expect(apiRequest(authRoutes.me)).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      status: 502,
    });

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const error = await apiRequest(authRoutes.me).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 0, isNetworkError: true });
  });

  it('reports a lost session on UNAUTHENTICATED and SESSION_EXPIRED, not on other errors', async () => {
    const { onSessionLost, onEnrolmentRequired } = withHooks('t');
    let reply = errorReply(401, 'UNAUTHENTICATED');
    stubApi({ 'GET /api/admin/settings': () => reply });

    await expect(apiRequest(adminRoutes.getSettings)).rejects.toBeInstanceOf(ApiError);
    expect(onSessionLost).toHaveBeenCalledTimes(1);

    reply = errorReply(401, 'SESSION_EXPIRED');
    await expect(apiRequest(adminRoutes.getSettings)).rejects.toBeInstanceOf(ApiError);
    expect(onSessionLost).toHaveBeenCalledTimes(2);

    reply = errorReply(403, 'FORBIDDEN');
    await expect(apiRequest(adminRoutes.getSettings)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(onSessionLost).toHaveBeenCalledTimes(2);

    reply = errorReply(403, 'TWO_FACTOR_ENROLMENT_REQUIRED');
    await expect(apiRequest(adminRoutes.getSettings)).rejects.toMatchObject({
      code: 'TWO_FACTOR_ENROLMENT_REQUIRED',
    });
    expect(onEnrolmentRequired).toHaveBeenCalledTimes(1);
    expect(onSessionLost).toHaveBeenCalledTimes(2);
  });

  it('rejects a success reply that breaks the route contract', async () => {
    withHooks(null);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(200, { requireTwoFactor: 'yes' })),
    );
    await expect(apiRequest(adminRoutes.getSettings)).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe('queryString', () => {
  it('repeats array values and skips undefined, null and empty strings', () => {
    expect(queryString({ a: ['x', 'y'], b: undefined, c: null, d: '', e: 0, f: false })).toBe(
      '?a=x&a=y&e=0&f=false',
    );
    expect(queryString({})).toBe('');
    expect(queryString(undefined)).toBe('');
  });
});
