import { describe, expect, it } from 'vitest';
import { authRoutes, type LoginResult } from '@serantau/shared';
import { apiRequest } from '../lib/api';
import { errorReply, stubApi } from '../test/api-stub';
import { buildSession, buildUser } from '../test/factories';
import { authReducer, authStore, initialAuthState, loadSession, signOut, type AuthState } from './auth';

const anonymous: AuthState = { status: 'anonymous', session: null, csrfToken: null, endReason: null };

describe('the login state machine', () => {
  it('enters the app when the password alone completes the session', () => {
    const session = buildSession({ csrfToken: 'full' });
    const result: LoginResult = { status: 'authenticated', session };
    expect(authReducer(anonymous, { type: 'login_result', result })).toEqual({
      status: 'authenticated',
      session,
      csrfToken: 'full',
      endReason: null,
    });
  });

  it('waits for a second factor, keeping the half-session CSRF token, then completes with the session', () => {
    const waiting = authReducer(anonymous, {
      type: 'login_result',
      result: { status: 'two_factor_required', csrfToken: 'half' },
    });
    expect(waiting).toEqual({ status: 'second_factor', session: null, csrfToken: 'half', endReason: null });

    const session = buildSession({ csrfToken: 'rotated' });
    const done = authReducer(waiting, { type: 'session', session });
    expect(done.status).toBe('authenticated');
    expect(done.csrfToken).toBe('rotated');
  });

  it('sends an account without 2FA to enrolment when the network requires it', () => {
    const enrolling = authReducer(anonymous, {
      type: 'login_result',
      result: { status: 'two_factor_enrolment_required', csrfToken: 'enrol-only' },
    });
    expect(enrolling).toEqual({
      status: 'enrolment',
      session: null,
      csrfToken: 'enrol-only',
      endReason: null,
    });
  });

  it('forgets session and token on sign-out and remembers why', () => {
    const signedIn = authReducer(anonymous, { type: 'session', session: buildSession() });
    expect(authReducer(signedIn, { type: 'signed_out', reason: 'suspended' })).toEqual({
      ...anonymous,
      endReason: 'suspended',
    });
  });

  it('updates the signed-in user in place, and ignores updates without a session', () => {
    const signedIn = authReducer(anonymous, { type: 'session', session: buildSession() });
    const user = buildUser({ displayName: 'Somchai Wongsakul', locale: 'ms' });
    expect(authReducer(signedIn, { type: 'user_updated', user }).session?.user).toEqual(user);
    expect(authReducer(anonymous, { type: 'user_updated', user })).toBe(anonymous);
  });

  it('moves a live session to enrolment when the network starts requiring 2FA, but not an anonymous one', () => {
    const signedIn = authReducer(anonymous, {
      type: 'session',
      session: buildSession({ csrfToken: 'live' }),
    });
    expect(authReducer(signedIn, { type: 'enrolment_required' })).toMatchObject({
      status: 'enrolment',
      csrfToken: 'live',
      session: null,
    });
    expect(authReducer(anonymous, { type: 'enrolment_required' })).toBe(anonymous);
  });
});

describe('the auth store with the API client', () => {
  it('uses the current CSRF token, and clears the session with reason "expired" when a call says it is gone', async () => {
    authStore.dispatch({ type: 'session', session: buildSession({ csrfToken: 'from-me' }) });
    const { requests } = stubApi({ 'POST /api/auth/password': () => errorReply(401, 'SESSION_EXPIRED') });

    await expect(
      apiRequest(authRoutes.changePassword, { body: { currentPassword: 'a', newPassword: 'b'.repeat(12) } }),
    ).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });

    expect(requests[0]?.headers['x-csrf-token']).toBe('from-me');
    expect(authStore.getState()).toEqual({ ...anonymous, endReason: 'expired' });
  });

  it('start-up: a session cookie signs in, none leaves the reader anonymous without a message', async () => {
    authStore.dispatch({ type: 'unreachable' });
    const session = buildSession();
    stubApi({ 'GET /api/auth/me': () => ({ body: session }) });
    await loadSession();
    expect(authStore.getState()).toMatchObject({ status: 'authenticated', session });

    authStore.dispatch({ type: 'signed_out', reason: null });
    stubApi({ 'GET /api/auth/me': () => errorReply(401, 'UNAUTHENTICATED') });
    await loadSession();
    expect(authStore.getState()).toEqual(anonymous);
  });

  it('start-up: a half-finished sign-in resumes at its step with a fresh CSRF token', async () => {
    stubApi({
      'GET /api/auth/me': () => errorReply(401, 'TWO_FACTOR_REQUIRED'),
      'GET /api/auth/login/pending': () => ({
        body: { status: 'two_factor_required', csrfToken: 'resumed' },
      }),
    });
    await loadSession();
    expect(authStore.getState()).toMatchObject({ status: 'second_factor', csrfToken: 'resumed' });

    authStore.dispatch({ type: 'signed_out', reason: null });
    stubApi({
      'GET /api/auth/me': () => errorReply(403, 'TWO_FACTOR_ENROLMENT_REQUIRED'),
      'GET /api/auth/login/pending': () => ({ body: { status: 'none' } }),
    });
    await loadSession();
    expect(authStore.getState()).toEqual(anonymous);
  });

  it('start-up: no answer from the server is "unreachable", not "signed out"', async () => {
    stubApi({
      'GET /api/auth/me': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await loadSession();
    expect(authStore.getState()).toEqual({ ...initialAuthState, status: 'unreachable' });
  });

  it('signs out locally even when the server cannot be told', async () => {
    authStore.dispatch({ type: 'session', session: buildSession() });
    stubApi({ 'POST /api/auth/logout': () => errorReply(500, 'INTERNAL') });
    await signOut();
    expect(authStore.getState()).toEqual({ ...anonymous, endReason: 'logged_out' });
  });
});
