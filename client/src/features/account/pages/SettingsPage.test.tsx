import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { authStore } from '../../../app/auth';
import { errorReply, stubApi } from '../../../test/api-stub';
import { renderRoutes, signInAs } from '../../../test/render';
import { accountRoutes } from '../routes';

describe('profile and security settings', () => {
  it('saves the profile and updates the signed-in user', async () => {
    const user = signInAs({
      displayName: 'Siti Aminah',
      languages: ['ms'],
      expertise: [],
      timeZone: 'Asia/Kuala_Lumpur',
    });
    const { requests } = stubApi({
      'PATCH /api/auth/me': (request) => ({ body: { ...user, ...(request.body as object) } }),
    });
    renderRoutes(accountRoutes, '/settings');

    fireEvent.change(await screen.findByLabelText(/Display name/), {
      target: { value: 'Siti Aminah Hassan' },
    });
    fireEvent.click(screen.getByLabelText('Thai'));
    fireEvent.click(screen.getByLabelText('Forced labour'));
    fireEvent.change(screen.getByLabelText(/Time zone/), { target: { value: 'Asia/Bangkok' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));

    expect(await screen.findByText('Your profile was saved.')).toBeTruthy();
    expect(requests[0]?.body).toEqual({
      displayName: 'Siti Aminah Hassan',
      title: user.title,
      languages: ['ms', 'th'],
      expertise: ['forced-labour'],
      locale: 'en',
      timeZone: 'Asia/Bangkok',
    });
    expect(authStore.getState().session?.user.timeZone).toBe('Asia/Bangkok');
  });

  it('lists active sessions and signs out another one', async () => {
    signInAs();
    let items = [
      {
        id: 'aaaaaaaaaaaaaaaa',
        current: true,
        createdAt: '2025-03-09T01:00:00.000Z',
        lastSeenAt: new Date().toISOString(),
        ip: '10.1.1.1',
        userAgent:
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36 Edg/130.0',
      },
      {
        id: 'bbbbbbbbbbbbbbbb',
        current: false,
        createdAt: '2025-03-01T01:00:00.000Z',
        lastSeenAt: '2025-03-02T01:00:00.000Z',
        ip: '10.2.2.2',
        userAgent: 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0',
      },
    ];
    const { requests } = stubApi({
      'GET /api/auth/sessions': () => ({ body: { items } }),
      'DELETE /api/auth/sessions/:sessionId': (_request, params) => {
        items = items.filter((item) => item.id !== params.sessionId);
        return { body: { ok: true } };
      },
    });
    renderRoutes(accountRoutes, '/settings?tab=sessions');

    const table = await screen.findByRole('table');
    expect(within(table).getByText('Edge on Windows')).toBeTruthy();
    expect(within(table).getByText('This browser')).toBeTruthy();
    fireEvent.click(within(table).getByRole('button', { name: 'Sign out Firefox on Android' }));

    expect(await screen.findByText('Firefox on Android was signed out.')).toBeTruthy();
    expect(
      requests.some(
        (request) => request.method === 'DELETE' && request.url.pathname.endsWith('bbbbbbbbbbbbbbbb'),
      ),
    ).toBe(true);
    expect(await within(table).findByText('Edge on Windows')).toBeTruthy();
    expect(within(table).queryByText('Firefox on Android')).toBeNull();
  });

  it('changes the password, explaining a wrong current password', async () => {
    signInAs();
    let reply = errorReply(401, 'INVALID_CREDENTIALS');
    const { requests } = stubApi({ 'POST /api/auth/password': () => reply });
    renderRoutes(accountRoutes, '/settings?tab=password');

    const fill = () => {
      fireEvent.change(screen.getByLabelText(/Current password/), { target: { value: 'old password here' } });
      fireEvent.change(screen.getByLabelText(/^New password/), {
        target: { value: 'a new long passphrase' },
      });
      fireEvent.change(screen.getByLabelText(/Repeat the new password/), {
        target: { value: 'a new long passphrase' },
      });
      fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    };
    await screen.findByLabelText(/Current password/);
    fill();
    expect(await screen.findByText('The current password is not correct.')).toBeTruthy();

    reply = errorReply(400, 'VALIDATION_FAILED');
    fill();
    expect(await screen.findByText(/This password cannot be used/)).toBeTruthy();

    reply = { body: { ok: true } };
    fill();
    expect(
      await screen.findByText('Your password was changed. Other devices have been signed out.'),
    ).toBeTruthy();
    expect(requests.at(-1)?.body).toEqual({
      currentPassword: 'old password here',
      newPassword: 'a new long passphrase',
    });
  });

  it('explains that 2FA cannot be turned off while the network requires it', async () => {
    signInAs({ twoFactorEnabled: true });
    let reply = errorReply(403, 'FORBIDDEN');
    stubApi({ 'POST /api/auth/two-factor/disable': () => reply });
    renderRoutes(accountRoutes, '/settings?tab=two-factor');

    const card = (await screen.findByRole('heading', { name: 'Turn off two-factor authentication' })).closest(
      'section',
    ) as HTMLElement;
    fireEvent.change(within(card).getByLabelText(/Current password/), { target: { value: 'my password' } });
    fireEvent.change(within(card).getByLabelText(/Code from your authenticator app/), {
      target: { value: '123456' },
    });
    fireEvent.click(within(card).getByRole('button', { name: 'Turn off' }));

    expect(await within(card).findByText(/network requires two-factor authentication/)).toBeTruthy();

    reply = errorReply(401, 'INVALID_CREDENTIALS');
    fireEvent.change(within(card).getByLabelText(/Current password/), { target: { value: 'my password' } });
    fireEvent.change(within(card).getByLabelText(/Code from your authenticator app/), {
      target: { value: '123456' },
    });
    fireEvent.click(within(card).getByRole('button', { name: 'Turn off' }));
    expect(await within(card).findByText('The password or the code is not correct.')).toBeTruthy();
  });
});
