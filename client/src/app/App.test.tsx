import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { FakeSocket } from '../test/fake-socket';
import { errorReply, stubApi } from '../test/api-stub';
import { buildProfile } from '../test/factories';
import { renderRoutes, signInAs } from '../test/render';
import { authStore } from './auth';
import { appRoutes } from './routes';

// The app's real route tree and providers; Socket.IO's `io()` hands out fakes the test drives.
const sockets = vi.hoisted(() => ({ created: [] as FakeSocket[] }));
vi.mock('socket.io-client', async () => {
  const { FakeSocket } = await import('../test/fake-socket');
  return {
    io: vi.fn(() => {
      const socket = new FakeSocket();
      socket.respond = () => ({ ok: true, serverTime: new Date().toISOString() });
      sockets.created.push(socket);
      return socket;
    }),
  };
});

function currentSocket(): FakeSocket {
  const socket = sockets.created.at(-1);
  if (!socket) throw new Error('no socket was opened');
  return socket;
}

function mainNav() {
  return within(screen.getByRole('navigation', { name: 'Main' }));
}

describe('the app shell', () => {
  it('greets a member with the sections their role may use and marks the current one', async () => {
    signInAs({ displayName: 'Maria Santos', country: 'PH', role: 'member' });
    renderRoutes(appRoutes, '/');

    expect(await screen.findByRole('heading', { level: 1, name: 'Home' })).toBeTruthy();
    expect(screen.getByText('Welcome, Maria Santos.')).toBeTruthy();
    expect(screen.getAllByText('Philippines').length).toBeGreaterThan(0);
    expect(screen.getByRole('link', { name: 'Skip to main content' }).getAttribute('href')).toBe('#main');
    expect(screen.getByRole('main').id).toBe('main');

    const nav = mainNav();
    expect(nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBe('page');
    expect(nav.getByRole('link', { name: 'Directory' }).getAttribute('aria-current')).toBeNull();
    expect(nav.queryByRole('link', { name: 'Administration' })).toBeNull();
  });

  it('opens the sidebar from the menu button on small screens and closes it with Escape', async () => {
    signInAs();
    renderRoutes(appRoutes, '/');
    const button = await screen.findByRole('button', { name: 'Menu' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(nav.id).toBe(button.getAttribute('aria-controls'));
    fireEvent.keyDown(within(nav).getByRole('link', { name: 'Directory' }), { key: 'Escape' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
  });

  it('shows Administration to an admin', async () => {
    signInAs({ role: 'admin' });
    renderRoutes(appRoutes, '/');
    expect(await mainNav().findByRole('link', { name: 'Administration' })).toBeTruthy();
  });

  it('connects the socket after sign-in, shows it live, and disconnects at sign-out', async () => {
    signInAs();
    stubApi({ 'POST /api/auth/logout': () => ({ body: { ok: true } }) });
    const { router } = renderRoutes(appRoutes, '/');

    const socket = await waitFor(() => currentSocket());
    expect(socket.connected).toBe(true);
    expect(await screen.findByText('Live')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: /Account menu/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByText('You have signed out.')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect(socket.connected).toBe(false);
  });

  it('returns to the login page with the reason when the server ends the session', async () => {
    signInAs();
    const { router } = renderRoutes(appRoutes, '/settings?tab=sessions');
    stubApi({ 'GET /api/auth/sessions': () => ({ body: { items: [] } }) });
    const socket = await waitFor(() => currentSocket());

    act(() => socket.serverEmit('session:ended', { reason: 'suspended' }));

    expect(await screen.findByText(/Your account has been suspended/)).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/settings?tab=sessions');
  });

  it('clears the session and keeps the way back when any call reports it expired', async () => {
    signInAs();
    stubApi({ 'GET /api/directory/members': () => errorReply(401, 'SESSION_EXPIRED') });
    const { router } = renderRoutes(appRoutes, '/directory?country=TH');

    expect(await screen.findByText('Your session expired. Sign in again to continue.')).toBeTruthy();
    expect(authStore.getState().session).toBeNull();
    expect(router.state.location.pathname).toBe('/login');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/directory?country=TH');
  });

  it('sends visitors without a session to the login page', async () => {
    renderRoutes(appRoutes, '/directory');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
  });

  it('answers unknown addresses with a 404 page inside the shell', async () => {
    signInAs();
    renderRoutes(appRoutes, '/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
  });

  it('explains, rather than breaks, when a member opens an admin page', async () => {
    signInAs({ role: 'member' });
    const { requests } = stubApi({});
    renderRoutes(appRoutes, '/admin/users');
    expect(await screen.findByRole('heading', { name: 'No access' })).toBeTruthy();
    expect(requests).toHaveLength(0);
  });

  it('switches the interface to Malay and saves the choice to the profile', async () => {
    const user = signInAs({ locale: 'en' });
    const { requests } = stubApi({
      'PATCH /api/auth/me': (request) => ({ body: { ...user, ...(request.body as object) } }),
    });
    renderRoutes(appRoutes, '/');
    await screen.findByRole('heading', { name: 'Home' });

    fireEvent.click(screen.getByRole('button', { name: /Account menu/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Bahasa Melayu' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Laman utama' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('ms');
    expect(requests[0]?.body).toEqual({ locale: 'ms' });
    await waitFor(() => expect(authStore.getState().session?.user.locale).toBe('ms'));
  });

  it("applies the profile's language at sign-in", async () => {
    signInAs({ locale: 'ms' });
    stubApi({
      'GET /api/directory/members': () => ({ body: { items: [buildProfile()], nextCursor: null } }),
    });
    renderRoutes(appRoutes, '/directory');
    expect(await screen.findByRole('heading', { level: 1, name: 'Direktori ahli' })).toBeTruthy();
    const nav = within(screen.getByRole('navigation', { name: 'Utama' }));
    expect(nav.getByRole('link', { name: 'Direktori' }).getAttribute('aria-current')).toBe('page');
  });
});
