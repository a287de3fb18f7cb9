import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { RouteObject } from 'react-router';
import { authStore } from '../../../app/auth';
import { browserTimeZone, formatDateTime } from '../../../lib/format';
import { errorReply, stubApi } from '../../../test/api-stub';
import { buildSession } from '../../../test/factories';
import { renderRoutes } from '../../../test/render';
import { InvitePage } from './InvitePage';

const TOKEN = 'a'.repeat(43);
const routes: RouteObject[] = [
  { path: '/invite/:token', element: <InvitePage /> },
  { path: '/', element: <p>Home reached</p> },
  { path: '/two-factor/enrol', element: <p>Enrolment reached</p> },
];

const preview = {
  email: 'pich.sovann@moj.example.kh',
  displayName: 'Pich Sovann',
  country: 'KH',
  role: 'member',
  expiresAt: '2025-03-20T10:00:00.000Z',
};

describe('invitation acceptance', () => {
  it('explains an expired or used link', async () => {
    stubApi({ 'GET /api/invitations/:token': () => errorReply(410, 'GONE') });
    renderRoutes(routes, `/invite/${TOKEN}`);
    expect(await screen.findByRole('heading', { name: 'This invitation link no longer works' })).toBeTruthy();
  });

  it('does not even ask the server about a malformed link', async () => {
    const { requests } = stubApi({});
    renderRoutes(routes, '/invite/short');
    expect(await screen.findByRole('heading', { name: 'This invitation link no longer works' })).toBeTruthy();
    expect(requests).toHaveLength(0);
  });

  it('prefills the name, checks the passwords, and signs the new member in', async () => {
    const session = buildSession();
    const { requests } = stubApi({
      'GET /api/invitations/:token': () => ({ body: preview }),
      'POST /api/invitations/:token/accept': () => ({ body: { status: 'authenticated', session } }),
    });
    renderRoutes(routes, `/invite/${TOKEN}`);

    expect(await screen.findByText(/invited to join Serantau as Member for Cambodia/)).toBeTruthy();
    // Before sign-in there is no profile time zone: the browser's own is used.
    const expected = formatDateTime(preview.expiresAt, { locale: 'en', timeZone: browserTimeZone() });
    expect(screen.getByText(expected)).toBeTruthy();
    const name = screen.getByLabelText(/Your name/) as HTMLInputElement;
    expect(name.value).toBe('Pich Sovann');

    fireEvent.change(screen.getByLabelText(/^New password/), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Activate my account' }));
    expect(await screen.findByText('Use at least 12 characters.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText(/^New password/), {
      target: { value: 'a long enough passphrase' },
    });
    fireEvent.change(screen.getByLabelText(/Repeat the new password/), {
      target: { value: 'something else' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Activate my account' }));
    expect(await screen.findByText('The two passwords do not match.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText(/Repeat the new password/), {
      target: { value: 'a long enough passphrase' },
    });
    fireEvent.change(name, { target: { value: 'Pich Sovann (Deputy Prosecutor)' } });
    fireEvent.click(screen.getByRole('button', { name: 'Activate my account' }));

    expect(await screen.findByText('Home reached')).toBeTruthy();
    expect(requests.at(-1)?.body).toEqual({
      password: 'a long enough passphrase',
      displayName: 'Pich Sovann (Deputy Prosecutor)',
    });
    expect(authStore.getState().session).toEqual(session);
  });

  it('continues to enrolment when the network requires 2FA', async () => {
    stubApi({
      'GET /api/invitations/:token': () => ({ body: preview }),
      'POST /api/invitations/:token/accept': () => ({
        body: { status: 'two_factor_enrolment_required', csrfToken: 'enrol' },
      }),
    });
    renderRoutes(routes, `/invite/${TOKEN}`);
    await screen.findByLabelText(/Your name/);
    fireEvent.change(screen.getByLabelText(/^New password/), {
      target: { value: 'a long enough passphrase' },
    });
    fireEvent.change(screen.getByLabelText(/Repeat the new password/), {
      target: { value: 'a long enough passphrase' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Activate my account' }));
    expect(await screen.findByText('Enrolment reached')).toBeTruthy();
    expect(authStore.getState()).toMatchObject({ status: 'enrolment', csrfToken: 'enrol' });
  });

  it('points at the password when the server refuses it without field details', async () => {
    stubApi({
      'GET /api/invitations/:token': () => ({ body: preview }),
      'POST /api/invitations/:token/accept': () => errorReply(400, 'VALIDATION_FAILED'),
    });
    renderRoutes(routes, `/invite/${TOKEN}`);
    await screen.findByLabelText(/Your name/);
    fireEvent.change(screen.getByLabelText(/^New password/), { target: { value: 'pich.sovann 2025!' } });
    fireEvent.change(screen.getByLabelText(/Repeat the new password/), {
      target: { value: 'pich.sovann 2025!' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Activate my account' }));
    expect(await screen.findByText(/This password cannot be used/)).toBeTruthy();
    expect(screen.getByLabelText(/^New password/).getAttribute('aria-invalid')).toBe('true');
  });
});
