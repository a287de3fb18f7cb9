import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { AdminUser, AuditEntry, Invitation } from '@serantau/shared';
import { stubApi } from '../../../test/api-stub';
import { buildId, buildProfile } from '../../../test/factories';
import { renderRoutes, signInAs } from '../../../test/render';
import { adminRoutes } from '../routes';

function buildAdminUser(overrides: Partial<AdminUser> = {}): AdminUser {
  return { ...buildProfile(), twoFactorEnabled: true, lastLoginAt: null, ...overrides };
}

function buildAuditEntry(seq: number): AuditEntry {
  return {
    seq,
    at: '2025-03-09T16:30:00.000Z',
    actorId: null,
    actorName: seq % 2 ? 'Secretariat Admin' : null,
    action: 'auth.login',
    targetType: 'user',
    targetId: buildId(),
    caseId: null,
    outcome: seq === 7 ? 'denied' : 'allowed',
    ip: '10.0.0.1',
    details: seq === 7 ? { reason: '<img src=x onerror=alert(1)>' } : {},
    hash: `hash-${seq}`,
  };
}

describe('administration', () => {
  it('reads the audit log newest first, loads older entries by sequence, and verifies the chain', async () => {
    signInAs({ role: 'admin' });
    const newest = Array.from({ length: 50 }, (_unused, index) => buildAuditEntry(60 - index));
    const older = [buildAuditEntry(10), buildAuditEntry(7)];
    let verification = {
      ok: true,
      checked: 60,
      firstBrokenSeq: null as number | null,
      reason: null as string | null,
    };
    const { requests } = stubApi({
      'GET /api/admin/audit': (request) =>
        request.url.searchParams.get('beforeSeq') === '11'
          ? { body: { items: older } }
          : { body: { items: newest } },
      'POST /api/admin/audit/verify': () => ({ body: verification }),
    });
    renderRoutes(adminRoutes, '/admin/audit');

    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(51);
    expect(within(table).getAllByText('10 Mar 2025, 00:30:00 GMT+8').length).toBe(50);

    fireEvent.click(screen.getByRole('button', { name: 'Load older entries' }));
    expect(await within(table).findByText('Denied')).toBeTruthy();
    expect(requests.at(-1)?.url.searchParams.get('beforeSeq')).toBe('11');
    expect(screen.getByText('This is the first entry of the log.')).toBeTruthy();
    // Details are shown as text: the markup in them stays inert.
    expect(within(table).getByText(/<img src=x onerror=alert\(1\)>/)).toBeTruthy();
    expect(table.querySelector('img')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Verify the chain' }));
    expect(await screen.findByText('The audit log is intact')).toBeTruthy();
    expect(screen.getByText(/60 entries checked/)).toBeTruthy();

    verification = { ok: false, checked: 42, firstBrokenSeq: 42, reason: 'hash mismatch' };
    fireEvent.click(screen.getByRole('button', { name: 'Verify the chain' }));
    expect(await screen.findByText('The audit log has been tampered with')).toBeTruthy();
    expect(screen.getByText(/The chain breaks at entry 42/)).toBeTruthy();
  });

  it('creates an invitation and shows its one-time link, then revokes a pending one after confirmation', async () => {
    signInAs({ role: 'admin' });
    const pending: Invitation = {
      id: buildId(),
      email: 'somchai@ago.example.th',
      displayName: 'Somchai Wongsakul',
      country: 'TH',
      agencyId: null,
      role: 'member',
      status: 'pending',
      invitedBy: buildId(),
      createdAt: '2025-03-01T01:00:00.000Z',
      expiresAt: '2025-03-08T01:00:00.000Z',
      emailed: true,
    };
    const { requests } = stubApi({
      'GET /api/admin/invitations': () => ({ body: { items: [pending] } }),
      'GET /api/directory/agencies': () => ({ body: { items: [] } }),
      'POST /api/admin/invitations': (request) => ({
        status: 201,
        body: {
          invitation: { ...pending, id: buildId(), ...(request.body as object), emailed: false },
          inviteUrl: 'https://serantau.example/invite/abcdefghijklmnopqrstuvwxyz0123456789ABCD',
        },
      }),
      'DELETE /api/admin/invitations/:id': () => ({ body: { ok: true } }),
    });
    renderRoutes(adminRoutes, '/admin/invitations');

    fireEvent.change(await screen.findByLabelText(/^Email address/), {
      target: { value: 'Bui.Thi.Hoa@SPP.example.vn' },
    });
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Bui Thi Hoa' } });
    fireEvent.change(screen.getByLabelText(/^Country or partner/), { target: { value: 'VN' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create invitation' }));

    expect(await screen.findByText('Invitation created for Bui Thi Hoa')).toBeTruthy();
    expect(screen.getByText(/No email was sent to bui.thi.hoa@spp.example.vn/)).toBeTruthy();
    const link = screen.getByLabelText('Invitation link') as HTMLInputElement;
    expect(link.value).toBe('https://serantau.example/invite/abcdefghijklmnopqrstuvwxyz0123456789ABCD');
    expect(link.readOnly).toBe(true);
    const created = requests.find((request) => request.method === 'POST');
    expect(created?.body).toEqual({
      email: 'bui.thi.hoa@spp.example.vn',
      displayName: 'Bui Thi Hoa',
      country: 'VN',
      agencyId: null,
      role: 'member',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Revoke somchai@ago.example.th' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke this invitation?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText('The invitation for somchai@ago.example.th was revoked.')).toBeTruthy();
    expect(
      requests.some((request) => request.method === 'DELETE' && request.url.pathname.endsWith(pending.id)),
    ).toBe(true);
  });

  it('suspends an account only after confirmation and shows the new status', async () => {
    const me = signInAs({ role: 'admin' });
    const target = buildAdminUser({ displayName: 'Ko Ko Aung', country: 'MM' });
    const { requests } = stubApi({
      'GET /api/admin/users': () => ({
        body: { items: [buildAdminUser({ ...me }), target], nextCursor: null },
      }),
      'POST /api/admin/users/:id/suspend': () => ({ body: { ...target, status: 'suspended' } }),
    });
    renderRoutes(adminRoutes, '/admin/users');

    const row = (await screen.findByRole('rowheader', { name: /Ko Ko Aung/ })).closest('tr') as HTMLElement;
    // An admin cannot lock themselves out from here.
    const myRow = screen
      .getByRole('rowheader', { name: new RegExp(me.displayName) })
      .closest('tr') as HTMLElement;
    expect((within(myRow).getByRole('button', { name: /Suspend/ }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(within(row).getByRole('button', { name: 'Suspend Ko Ko Aung' }));
    const dialog = await screen.findByRole('dialog', { name: 'Suspend Ko Ko Aung?' });
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Suspend account' }));

    expect(await within(row).findByText('Suspended')).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Reactivate Ko Ko Aung' })).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('saves network settings and warns before requiring 2FA', async () => {
    signInAs({ role: 'admin' });
    const { requests } = stubApi({
      'GET /api/admin/settings': () => ({ body: { requireTwoFactor: false, observersMayContribute: false } }),
      'PATCH /api/admin/settings': (request) => ({
        body: { requireTwoFactor: false, observersMayContribute: false, ...(request.body as object) },
      }),
    });
    renderRoutes(adminRoutes, '/admin/settings');

    const save = (await screen.findByRole('button', { name: 'Save settings' })) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText(/Require two-factor authentication for everyone/));
    expect(screen.getByText(/will be asked to do so at their next sign-in/)).toBeTruthy();
    fireEvent.click(save);

    expect(await screen.findByText('Network settings were saved.')).toBeTruthy();
    expect(requests.at(-1)?.body).toEqual({ requireTwoFactor: true, observersMayContribute: false });
  });
});
