import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoNetwork } from '@serantau/server/seed/demo';
import { DEMO_PASSWORD } from '@serantau/server/seed/demo-data';
import { startApp, type TestApp } from '../helpers/app';
import { launchBrowser, newUserPage, type UserPage } from '../helpers/browser';

async function signIn(user: UserPage, email: string, password: string): Promise<void> {
  await user.page.goto('/login');
  await user.page.getByLabel('Email address').fill(email);
  await user.page.getByLabel(/^Password/).fill(password);
  await user.page.getByRole('button', { name: 'Sign in' }).click();
}

describe('foundation in the browser', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp({ servePublicOrigin: true });
    await seedDemoNetwork(app.built.services, app.built.app.log);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a demo member signs in, sees the shell, and switches to Bahasa Melayu', async () => {
    const maria = await newUserPage(browser, app.url);
    await signIn(maria, 'maria@serantau.demo', DEMO_PASSWORD);
    await expect.poll(() => maria.page.getByText(/Welcome, Maria Santos/).count()).toBe(1);
    const nav = maria.page.getByRole('navigation', { name: /^(Main|Utama)$/ });
    await expect.poll(() => nav.getByRole('link', { name: 'Directory' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: /Admin/ }).count()).toBe(0);

    await maria.page.getByRole('button', { name: 'Account menu' }).click();
    await maria.page.getByRole('button', { name: 'Bahasa Melayu' }).click();
    await expect.poll(() => maria.page.getByText(/Selamat datang, Maria Santos/).count()).toBe(1);
    expect(await maria.page.locator('html').getAttribute('lang')).toBe('ms');
    await expect.poll(() => nav.getByRole('link', { name: 'Direktori' }).count()).toBe(1);

    // The choice is saved to the profile: a fresh sign-in elsewhere opens in Malay.
    const again = await newUserPage(browser, app.url);
    await signIn(again, 'maria@serantau.demo', DEMO_PASSWORD);
    await expect.poll(() => again.page.getByText(/Selamat datang/).count()).toBe(1);

    await maria.page.goto('/directory?q=Somchai');
    await expect.poll(() => maria.page.getByText('Somchai Prasert').count()).toBeGreaterThan(0);
    expect(maria.errors).toEqual([]);
    expect(again.errors).toEqual([]);
    await maria.context.close();
    await again.context.close();
  });

  it('an admin invites a new member, who accepts the link and signs in', async () => {
    const admin = await newUserPage(browser, app.url);
    await signIn(admin, 'admin@serantau.demo', DEMO_PASSWORD);
    // The demo admin works in Bahasa Melayu; switch this browser to English.
    await expect.poll(() => admin.page.getByText(/Selamat datang/).count()).toBe(1);
    await admin.page.getByRole('button', { name: /Menu akaun|Account menu/ }).click();
    await admin.page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => admin.page.getByText(/Welcome, Nurul Aisyah Rahman/).count()).toBe(1);
    await admin.page.goto('/admin/invitations');
    const form = admin.page.locator('form');
    await form.getByLabel(/^Email address/).fill('new.prosecutor@example.org');
    await form.getByLabel(/^Name/).fill('Phonsavanh Keomany');
    await form.getByLabel(/^Country or partner/).selectOption('LA');
    await form.getByRole('button', { name: 'Create invitation' }).click();
    const linkField = admin.page.getByLabel(/^Invitation link/);
    await expect.poll(() => linkField.inputValue().catch(() => '')).toContain('/invite/');
    const inviteUrl = await linkField.inputValue();

    const invitee = await newUserPage(browser, app.url);
    await invitee.page.goto(new URL(inviteUrl).pathname);
    await invitee.page.getByLabel(/^New password/).fill('a long and memorable passphrase');
    await invitee.page.getByLabel(/^Repeat the new password/).fill('a long and memorable passphrase');
    await invitee.page.getByRole('button', { name: 'Activate my account' }).click();
    await expect.poll(() => invitee.page.getByText(/Welcome, Phonsavanh Keomany/).count()).toBe(1);

    const later = await newUserPage(browser, app.url);
    await signIn(later, 'new.prosecutor@example.org', 'a long and memorable passphrase');
    await expect.poll(() => later.page.getByText(/Welcome, Phonsavanh/).count()).toBe(1);
    for (const user of [admin, invitee, later]) {
      expect(user.errors).toEqual([]);
      await user.context.close();
    }
  });
});
