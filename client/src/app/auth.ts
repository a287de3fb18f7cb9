import { useSyncExternalStore } from 'react';
import {
  authRoutes,
  type CurrentUser,
  type LoginResult,
  type SessionEndReason,
  type SessionInfo,
} from '@serantau/shared';
import { ApiError, apiRequest, configureApi } from '../lib/api';

/**
 * Where this browser stands with the server:
 * - `loading`: asking `/api/auth/me` at start-up;
 * - `unreachable`: that question got no answer (offline, server down);
 * - `anonymous`: no session;
 * - `second_factor`: password accepted, a TOTP or recovery code must follow;
 * - `enrolment`: password accepted, but the network requires 2FA and this account must enrol first;
 * - `authenticated`: a full session.
 */
export type AuthStatus =
  'loading' | 'unreachable' | 'anonymous' | 'second_factor' | 'enrolment' | 'authenticated';

export interface AuthState {
  status: AuthStatus;
  session: SessionInfo | null;
  /** Sent as `x-csrf-token` on every state-changing request, also during the half-finished steps. */
  csrfToken: string | null;
  /** Why the previous session ended, shown on the login page. */
  endReason: SessionEndReason | null;
}

export type AuthAction =
  | { type: 'login_result'; result: LoginResult }
  | { type: 'session'; session: SessionInfo }
  | { type: 'user_updated'; user: CurrentUser }
  | { type: 'enrolment_required' }
  | { type: 'signed_out'; reason: SessionEndReason | null }
  | { type: 'unreachable' };

export const initialAuthState: AuthState = {
  status: 'loading',
  session: null,
  csrfToken: null,
  endReason: null,
};

/** The login state machine; pure so every transition is testable. */
export function authReducer(state: AuthState, action: AuthAction): AuthState {
  switch (action.type) {
    case 'login_result': {
      const { result } = action;
      if (result.status === 'authenticated') return authenticated(result.session);
      return {
        status: result.status === 'two_factor_required' ? 'second_factor' : 'enrolment',
        session: null,
        csrfToken: result.csrfToken,
        endReason: null,
      };
    }
    case 'session':
      return authenticated(action.session);
    case 'user_updated':
      if (!state.session) return state;
      return { ...state, session: { ...state.session, user: action.user } };
    case 'enrolment_required':
      // Only a live session can be sent to enrol; anything else has to sign in again.
      if (!state.csrfToken) return state;
      return { ...state, status: 'enrolment', session: null };
    case 'signed_out':
      return { status: 'anonymous', session: null, csrfToken: null, endReason: action.reason };
    case 'unreachable':
      return { ...initialAuthState, status: 'unreachable' };
  }
}

function authenticated(session: SessionInfo): AuthState {
  return { status: 'authenticated', session, csrfToken: session.csrfToken, endReason: null };
}

export interface AuthStore {
  getState: () => AuthState;
  dispatch: (action: AuthAction) => void;
  subscribe: (listener: () => void) => () => void;
}

export function createAuthStore(initial: AuthState = initialAuthState): AuthStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = authReducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The one auth state of this tab. */
export const authStore = createAuthStore();

/** Lets the API client read the CSRF token and report lost sessions to this store. */
export function connectApiToAuth(store: AuthStore = authStore): void {
  configureApi({
    getCsrfToken: () => store.getState().csrfToken,
    onSessionLost: () => {
      const { status } = store.getState();
      // At start-up "no session" is the normal answer, not an expiry worth announcing.
      const hadSession = status !== 'loading' && status !== 'anonymous' && status !== 'unreachable';
      store.dispatch({ type: 'signed_out', reason: hadSession ? 'expired' : null });
    },
    onEnrolmentRequired: () => store.dispatch({ type: 'enrolment_required' }),
  });
}

connectApiToAuth();

export function useAuth(): AuthState {
  return useSyncExternalStore(authStore.subscribe, authStore.getState);
}

/** The signed-in user; only for components rendered inside the authenticated part of the app. */
export function useCurrentUser(): CurrentUser {
  const { session } = useAuth();
  if (!session) throw new Error('useCurrentUser() used outside an authenticated route');
  return session.user;
}

/** Start-up: does this browser already hold a session cookie? */
export async function loadSession(): Promise<void> {
  try {
    const session = await apiRequest(authRoutes.me);
    authStore.dispatch({ type: 'session', session });
  } catch (error) {
    if (error instanceof ApiError && error.isNetworkError) {
      authStore.dispatch({ type: 'unreachable' });
      return;
    }
    // A half-finished sign-in (waiting for a code, or for enrolment) resumes at its step.
    if (
      error instanceof ApiError &&
      (error.code === 'TWO_FACTOR_REQUIRED' || error.code === 'TWO_FACTOR_ENROLMENT_REQUIRED')
    ) {
      try {
        const pending = await apiRequest(authRoutes.pendingSignIn);
        if (pending.status !== 'none') {
          authStore.dispatch({ type: 'login_result', result: pending });
          return;
        }
      } catch {
        // Fall through to a fresh sign-in.
      }
    }
    authStore.dispatch({ type: 'signed_out', reason: null });
  }
}

/** Ends the session on the server (best effort) and locally (always). */
export async function signOut(): Promise<void> {
  try {
    await apiRequest(authRoutes.logout);
  } catch {
    // Signing out locally must not depend on the server answering.
  }
  authStore.dispatch({ type: 'signed_out', reason: 'logged_out' });
}
