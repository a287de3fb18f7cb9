import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { RouterProvider, createMemoryRouter, type RouteObject } from 'react-router';
import type { CurrentUser } from '@serantau/shared';
import { AppProviders } from '../app/App';
import { authStore } from '../app/auth';
import { buildSession, buildUser } from './factories';

/** Renders route objects inside the app's providers, starting at `path`. */
export function renderRoutes(routes: RouteObject[], path: string) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, router, queryClient };
}

/** Puts a full session into the auth state, as a successful sign-in would. */
export function signInAs(overrides: Partial<CurrentUser> = {}): CurrentUser {
  const user = buildUser(overrides);
  authStore.dispatch({ type: 'session', session: buildSession({ user }) });
  return user;
}
