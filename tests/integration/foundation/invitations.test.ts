import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes, authRoutes, directoryRoutes, invitationRoutes } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';
import { startSmtpServer } from '../../helpers/smtp';

let now = new Date();
const clock = () => now;
const NEW_PASSWORD = 'my own long passphrase';

describe('invitations', () => {
  let app: TestApp;
  let admin: TestClient;
  let agencyId: string;
  let adminEmail: string;

  beforeAll(async () => {
    app = await startApp({ clock });
    const adminUser = await buildUser(app.built.services, { role: 'admin' });
    adminEmail = adminUser.email;
    admin = new TestClient(app.url);
    await admin.login(adminUser.email, TEST_PASSWORD);
    const agency = await admin.call(directoryRoutes.createAgency, {
      body: {
        country: 'TH',
        name: 'Office of the Attorney General',
        kind: 'prosecution',
        unit: null,
        website: null,
      },
    });
    agencyId = agency.body.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  async function invite(email: string) {
    const created = await admin.call(invitationRoutes.create, {
      body: {
        email,
        displayName: 'Kanya Srisuk',
        country: 'TH',
        agencyId,
        role: 'member',
        title: 'Public prosecutor',
      },
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  it('shows a one-time link; the invitee sets a password, is active and signed in', async () => {
    const created = await invite('kanya@example.org');
    expect(created.invitation.status).toBe('pending');
    expect(created.invitation.emailed).toBe(false);
    const token = created.inviteUrl.split('/invite/')[1] ?? '';
    expect(created.inviteUrl.startsWith(`${app.config.publicUrl}/invite/`)).toBe(true);

    const invitee = new TestClient(app.url);
    const preview = await invitee.call(invitationRoutes.preview, { params: { token } });
    expect(preview.body).toMatchObject({ email: 'kanya@example.org', country: 'TH', role: 'member' });

    const weak = await invitee.call(invitationRoutes.accept, {
      params: { token },
      body: { password: 'short' },
    });
    expect(weak.status).toBe(400);

    const accepted = await invitee.call(invitationRoutes.accept, {
      params: { token },
      body: { password: NEW_PASSWORD },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('authenticated');
    const me = await invitee.call(authRoutes.me);
    expect(me.body.user).toMatchObject({
      email: 'kanya@example.org',
      status: 'active',
      agencyName: expect.stringContaining('Attorney'),
    });

    const again = await new TestClient(app.url).call(invitationRoutes.accept, {
      params: { token },
      body: { password: NEW_PASSWORD },
    });
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({ error: { code: 'GONE' } });
    await new TestClient(app.url).login('kanya@example.org', NEW_PASSWORD);
  });

  it('an invitee suspended before accepting cannot activate the account with the link', async () => {
    const created = await invite('suspended-invitee@example.org');
    const token = created.inviteUrl.split('/invite/')[1] ?? '';
    const user = await app.built.services.usersRepo.findByEmail('suspended-invitee@example.org');
    await admin.call(adminRoutes.suspendUser, { params: { id: user?._id.toHexString() ?? '' } });
    const accepted = await new TestClient(app.url).call(invitationRoutes.accept, {
      params: { token },
      body: { password: NEW_PASSWORD },
    });
    expect(accepted.status).toBe(410);
    const after = await app.built.services.usersRepo.findByEmail('suspended-invitee@example.org');
    expect(after?.status).toBe('suspended');
    expect(after?.passwordHash).toBeNull();
    // Reactivation does not revive the old link either.
    await admin.call(adminRoutes.reactivateUser, { params: { id: user?._id.toHexString() ?? '' } });
    const again = await new TestClient(app.url).call(invitationRoutes.preview, { params: { token } });
    expect(again.status).toBe(410);
  });

  it('refuses an email that already belongs to a member', async () => {
    const existing = await buildUser(app.built.services);
    const result = await admin.call(invitationRoutes.create, {
      body: {
        email: existing.email.toUpperCase(),
        displayName: 'Someone',
        country: 'MY',
        agencyId: null,
        role: 'member',
      },
    });
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ error: { code: 'ALREADY_EXISTS' } });
  });

  it('an invited account cannot sign in before accepting', async () => {
    await invite('pending-person@example.org');
    const login = await new TestClient(app.url).call(authRoutes.login, {
      body: { email: 'pending-person@example.org', password: 'anything at all' },
    });
    expect(login.status).toBe(401);
  });

  it('revoked and expired links stop working; re-inviting replaces the old link', async () => {
    const first = await invite('revoked@example.org');
    const revoke = await admin.call(invitationRoutes.revoke, { params: { id: first.invitation.id } });
    expect(revoke.status).toBe(200);
    const firstToken = first.inviteUrl.split('/invite/')[1] ?? '';
    expect(
      (await new TestClient(app.url).call(invitationRoutes.preview, { params: { token: firstToken } }))
        .status,
    ).toBe(410);

    const second = await invite('revoked@example.org');
    const secondToken = second.inviteUrl.split('/invite/')[1] ?? '';
    now = new Date(now.getTime() + 8 * 24 * 3_600_000);
    const expired = await new TestClient(app.url).call(invitationRoutes.accept, {
      params: { token: secondToken },
      body: { password: NEW_PASSWORD },
    });
    expect(expired.status).toBe(410);
    await admin.login(adminEmail, TEST_PASSWORD); // eight days on, the admin's own session has ended too
    const list = await admin.call(invitationRoutes.list);
    expect(list.body.items.find((item) => item.id === second.invitation.id)?.status).toBe('expired');
    expect(list.body.items.find((item) => item.id === first.invitation.id)?.status).toBe('revoked');
  });

  it('never writes the invitation token, passwords or cookies to the log', async () => {
    const logLines: string[] = [];
    const logged = await startApp({ logLines });
    try {
      const adminUser = await buildUser(logged.built.services, { role: 'admin' });
      const adminClient = new TestClient(logged.url);
      await adminClient.login(adminUser.email, TEST_PASSWORD);
      const created = await adminClient.call(invitationRoutes.create, {
        body: {
          email: 'logged@example.org',
          displayName: 'Logged Person',
          country: 'ID',
          agencyId: null,
          role: 'member',
        },
      });
      const token = created.body.inviteUrl.split('/invite/')[1] ?? '';
      await new TestClient(logged.url).call(invitationRoutes.preview, { params: { token } });
      await new TestClient(logged.url).call(invitationRoutes.accept, {
        params: { token },
        body: { password: NEW_PASSWORD },
      });
      const all = logLines.join('\n');
      expect(all).toContain('/api/invitations/***');
      expect(all).not.toContain(token);
      expect(all).not.toContain(NEW_PASSWORD);
      expect(all).not.toContain(TEST_PASSWORD);
      expect(all).not.toContain(decodeURIComponent((adminClient.cookie ?? '=').split('=')[1] ?? 'no-cookie'));
    } finally {
      await logged.close();
    }
  });
});

describe('invitations with a mail server configured', () => {
  it('emails the link through SMTP_URL with the real mail transport, and says so', async () => {
    const smtp = await startSmtpServer();
    const app = await startApp({
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'Serantau <no-reply@serantau.test>' },
    });
    try {
      const adminUser = await buildUser(app.built.services, { role: 'admin' });
      const admin = new TestClient(app.url);
      await admin.login(adminUser.email, TEST_PASSWORD);
      const created = await admin.call(invitationRoutes.create, {
        body: {
          email: 'mailed@example.org',
          displayName: 'Mailed Person',
          country: 'VN',
          agencyId: null,
          role: 'observer',
        },
      });
      expect(created.body.invitation.emailed).toBe(true);
      expect(smtp.received).toHaveLength(1);
      const mail = smtp.received[0];
      expect(mail).toMatchObject({ from: 'no-reply@serantau.test', to: ['mailed@example.org'] });
      // Long lines may be folded by the transport's encoding: compare without soft line breaks.
      const body = (mail?.data ?? '').replace(/=\r\n/g, '').replace(/=3D/g, '=');
      expect(body).toContain(created.body.inviteUrl);
    } finally {
      await app.close();
      await smtp.close();
    }
  });

  it('an unreachable mail server does not fail the invitation: the link is still shown', async () => {
    const smtp = await startSmtpServer();
    const port = smtp.port;
    await smtp.close();
    const app = await startApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    try {
      const adminUser = await buildUser(app.built.services, { role: 'admin' });
      const admin = new TestClient(app.url);
      await admin.login(adminUser.email, TEST_PASSWORD);
      const created = await admin.call(invitationRoutes.create, {
        body: {
          email: 'unmailed@example.org',
          displayName: 'Unmailed Person',
          country: 'VN',
          agencyId: null,
          role: 'observer',
        },
      });
      expect(created.status).toBe(201);
      expect(created.body.invitation.emailed).toBe(false);
      expect(created.body.inviteUrl).toMatch(/\/invite\//);
    } finally {
      await app.close();
    }
  });
});
