import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { RouteObject } from 'react-router';
import { authStore } from '../../../app/auth';
import { errorReply, stubApi } from '../../../test/api-stub';
import { buildSession } from '../../../test/factories';
import { renderRoutes } from '../../../test/render';
import { EnrolTwoFactorPage } from './EnrolTwoFactorPage';
import { LoginPage } from './LoginPage';

const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  { path: '/two-factor/enrol', element: <EnrolTwoFactorPage /> },
  { path: '/directory', element: <p>Directory reached</p> },
  { path: '/', element: <p>Home reached</p> },
];

function signInWithPassword() {
  fireEvent.change(screen.getByLabelText(/Email address/), {
    target: { value: 'Lan.Nguyen@MPS.example.vn' },
  });
  fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'correct horse battery' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

beforeEach(() => {
  authStore.dispatch({ type: 'signed_out', reason: null });
});

describe('login page', () => {
  it('outcome "authenticated": goes straight to the page the reader came from', async () => {
    const session = buildSession();
    const { requests } = stubApi({
      'POST /api/auth/login': () => ({ body: { status: 'authenticated', session } }),
    });
    renderRoutes(routes, '/login?next=%2Fdirectory');

    signInWithPassword();

    expect(await screen.findByText('Directory reached')).toBeTruthy();
    // The shared schema normalises the email before it is sent.
    expect(requests[0]?.body).toEqual({
      email: 'lan.nguyen@mps.example.vn',
      password: 'correct horse battery',
    });
    expect(authStore.getState().status).toBe('authenticated');
  });

  it('outcome "two_factor_required": asks for a TOTP code, sent with the half-session CSRF token', async () => {
    const { requests } = stubApi({
      'POST /api/auth/login': () => ({ body: { status: 'two_factor_required', csrfToken: 'half-token' } }),
      'POST /api/auth/login/second-factor': () => ({ body: buildSession() }),
    });
    renderRoutes(routes, '/login?next=%2Fdirectory');

    signInWithPassword();
    expect(await screen.findByRole('heading', { name: 'Two-factor verification' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText(/6-digit code/), { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('Enter the 6 digits shown in your authenticator app.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText(/6-digit code/), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByText('Directory reached')).toBeTruthy();
    const second = requests.find((request) => request.url.pathname === '/api/auth/login/second-factor');
    expect(second?.body).toEqual({ code: '123456' });
    expect(second?.headers['x-csrf-token']).toBe('half-token');
  });

  it('outcome "two_factor_required": accepts a recovery code instead', async () => {
    const { requests } = stubApi({
      'POST /api/auth/login': () => ({ body: { status: 'two_factor_required', csrfToken: 'half-token' } }),
      'POST /api/auth/login/second-factor': (request) =>
        'recoveryCode' in (request.body as object)
          ? { body: buildSession() }
          : errorReply(401, 'INVALID_TWO_FACTOR_CODE'),
    });
    renderRoutes(routes, '/login');

    signInWithPassword();
    fireEvent.click(await screen.findByRole('button', { name: 'Use a recovery code instead' }));
    fireEvent.change(screen.getByLabelText(/Recovery code/), { target: { value: 'abcde-12345' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByText('Home reached')).toBeTruthy();
    expect(authStore.getState().status).toBe('authenticated');
    expect(requests.at(-1)?.body).toEqual({ recoveryCode: 'abcde-12345' });
  });

  it('outcome "two_factor_enrolment_required": enrols, shows the recovery codes once, then enters', async () => {
    const session = buildSession();
    const { requests } = stubApi({
      'POST /api/auth/login': () => ({
        body: { status: 'two_factor_enrolment_required', csrfToken: 'enrol-token' },
      }),
      'POST /api/auth/two-factor/setup': () => ({
        body: {
          secret: 'JBSWY3DPEHPK3PXP',
          otpauthUrl: 'otpauth://totp/Serantau:lan?secret=JBSWY3DPEHPK3PXP',
          qrCodeDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
        },
      }),
      'POST /api/auth/two-factor/enable': () => ({
        body: { recoveryCodes: ['aaaaa-11111', 'bbbbb-22222'], session },
      }),
    });
    renderRoutes(routes, '/login?next=%2Fdirectory');

    signInWithPassword();
    expect(await screen.findByRole('heading', { name: 'Set up two-factor authentication' })).toBeTruthy();
    expect(authStore.getState().status).toBe('enrolment');

    fireEvent.click(screen.getByRole('button', { name: 'Begin set-up' }));
    const qr = await screen.findByAltText('QR code to add Serantau to your authenticator app');
    expect(qr.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(screen.getByText('JBSW Y3DP EHPK 3PXP')).toBeTruthy();

    fireEvent.change(screen.getByLabelText(/Code from the app/), { target: { value: '654321' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on two-factor authentication' }));

    expect(await screen.findByText('aaaaa-11111')).toBeTruthy();
    expect(requests.at(-1)?.headers['x-csrf-token']).toBe('enrol-token');
    const proceed = screen.getByRole('button', { name: 'Continue to Serantau' });
    expect((proceed as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByLabelText('I have stored these recovery codes safely.'));
    fireEvent.click(proceed);

    expect(await screen.findByText('Directory reached')).toBeTruthy();
    expect(authStore.getState().session).toEqual(session);
  });

  it('explains wrong credentials, throttling and suspension', async () => {
    let reply = errorReply(401, 'INVALID_CREDENTIALS');
    stubApi({ 'POST /api/auth/login': () => reply });
    renderRoutes(routes, '/login');

    signInWithPassword();
    expect(await screen.findByText('The email address or password is not correct.')).toBeTruthy();
    expect((screen.getByLabelText(/^Password/) as HTMLInputElement).value).toBe('');

    reply = errorReply(429, 'RATE_LIMITED', { retryAfterSeconds: 150 });
    signInWithPassword();
    expect(await screen.findByText('Too many attempts. Try again in 3 minutes.')).toBeTruthy();

    reply = errorReply(403, 'ACCOUNT_SUSPENDED');
    signInWithPassword();
    expect(await screen.findByText(/This account is suspended/)).toBeTruthy();
  });

  it('says why the previous session ended', () => {
    authStore.dispatch({ type: 'signed_out', reason: 'revoked' });
    renderRoutes(routes, '/login');
    expect(
      screen.getByText('This session was signed out from another device or by an administrator.'),
    ).toBeTruthy();
  });

  it('checks the form before sending anything', async () => {
    const { requests } = stubApi({});
    renderRoutes(routes, '/login');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter the email address of your account.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(screen.getByLabelText(/Email address/).getAttribute('aria-invalid')).toBe('true');
    expect(requests).toHaveLength(0);
  });
});
