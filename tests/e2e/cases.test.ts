import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@serantau/server/policy/actor';
import { startApp, type TestApp } from '../helpers/app';
import * as Y from 'yjs';
import { launchBrowser, newUserPage, type UserPage } from '../helpers/browser';
import { connectDoc } from '../helpers/collab';
import { TestClient } from '../helpers/http';
import { buildUser, TEST_PASSWORD } from '../helpers/factories';

/**
 * Two prosecutors in two browsers co-draft a strategy note: each sees the other's text and caret,
 * a saved version is restored, and an export downloads. No console or CSP errors along the way.
 */
describe('case strategy note in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let maria: UserPage;
  let faizal: UserPage;
  let caseId = '';
  let documentId = '';
  let mariaEmail = '';

  async function signIn(user: UserPage, email: string): Promise<void> {
    const response = await user.context.request.post('/api/auth/login', {
      data: { email, password: TEST_PASSWORD },
      headers: { origin: app.url },
    });
    expect(response.status()).toBe(200);
  }

  function editor(page: Page) {
    return page.locator('.collab-editor__content').first();
  }

  beforeAll(async () => {
    app = await startApp();
    // The browser's Origin is the app's own URL (its port is only known now).
    app.config.allowedOrigins.push(app.url);
    const mariaUser = await buildUser(app.built.services, { displayName: 'Maria Santos', country: 'PH' });
    mariaEmail = mariaUser.email;
    const faizalUser = await buildUser(app.built.services, { displayName: 'Faizal Rahman', country: 'MY' });
    const lead: Actor = {
      userId: mariaUser._id.toHexString(),
      sessionId: 'e2e',
      displayName: mariaUser.displayName,
      role: 'member',
      country: 'PH',
      agencyId: null,
    };
    const origin = { ip: null, userAgent: 'e2e' };
    const created = await app.built.services.cases.create(
      lead,
      {
        title: 'Operation Coral',
        summary: 'Forced labour at sea.',
        sensitivity: 'CONFIDENTIAL',
        countries: ['PH', 'MY'],
        references: [],
      },
      origin,
    );
    caseId = created.id;
    await app.built.services.cases.addMember(
      lead,
      caseId,
      { userId: faizalUser._id.toHexString(), role: 'member' },
      origin,
    );
    const doc = await app.built.services.cases.createDocument(
      lead,
      caseId,
      { title: 'Joint case strategy', template: 'joint_strategy_note' },
      origin,
    );
    documentId = doc.id;

    browser = await launchBrowser();
    maria = await newUserPage(browser, app.url);
    faizal = await newUserPage(browser, app.url);
    await signIn(maria, mariaUser.email);
    await signIn(faizal, faizalUser.email);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('two people see each other typing, with carets, and the sensitivity banner', async () => {
    const path = `/cases/${caseId}/documents/${documentId}`;
    await Promise.all([maria.page.goto(path), faizal.page.goto(path)]);
    for (const user of [maria, faizal]) {
      await expect
        .poll(() => user.page.locator('[data-testid="collab-status"]').getAttribute('data-connection'), {
          timeout: 15_000,
        })
        .toBe('online');
      await expect
        .poll(() => user.page.locator('.ui-sensitivity').first().textContent())
        .toMatch(/CONFIDENTIAL|Confidential/i);
      await expect.poll(() => editor(user.page).textContent()).toContain('Evidence plan per country');
    }

    await editor(maria.page).locator('h1').first().click();
    await maria.page.keyboard.press('End');
    await maria.page.keyboard.type(' – Manila draft');
    await expect.poll(() => editor(faizal.page).textContent(), { timeout: 10_000 }).toContain('Manila draft');

    await editor(faizal.page).locator('p').first().click();
    await faizal.page.keyboard.press('End');
    await faizal.page.keyboard.type(' Kuala Lumpur agrees.');
    await expect
      .poll(() => editor(maria.page).textContent(), { timeout: 10_000 })
      .toContain('Kuala Lumpur agrees.');

    // Each sees the other's caret with their name.
    await expect
      .poll(() => maria.page.locator('.collab-caret__label').allTextContents(), { timeout: 10_000 })
      .toContain('Faizal Rahman');
    await expect
      .poll(() => faizal.page.locator('.collab-caret__label').allTextContents(), { timeout: 10_000 })
      .toContain('Maria Santos');
    await expect
      .poll(() => maria.page.locator('.collab-presence__name').allTextContents())
      .toContain('Faizal Rahman');
    await expect
      .poll(() => maria.page.locator('[data-testid="collab-status"]').getAttribute('data-unsaved'), {
        timeout: 10_000,
      })
      .toBe('0');
  });

  it('keeps editing offline, shows unsaved changes, and merges on reconnect', async () => {
    await faizal.context.setOffline(true);
    await expect
      .poll(() => faizal.page.locator('[data-testid="collab-status"]').getAttribute('data-connection'), {
        timeout: 10_000,
      })
      .toBe('offline');
    await editor(faizal.page).locator('p').first().click();
    await faizal.page.keyboard.press('End');
    await faizal.page.keyboard.type(' Offline note from Sandakan.');
    await expect
      .poll(() => faizal.page.locator('[data-testid="collab-status"]').getAttribute('data-unsaved'))
      .not.toBe('0');
    await editor(maria.page).locator('h1').first().click();
    await maria.page.keyboard.press('End');
    await maria.page.keyboard.type(' (while Faizal was offline)');
    await faizal.context.setOffline(false);
    await expect
      .poll(() => editor(maria.page).textContent(), { timeout: 30_000 })
      .toContain('Offline note from Sandakan.');
    await expect
      .poll(() => editor(faizal.page).textContent(), { timeout: 30_000 })
      .toContain('(while Faizal was offline)');
    await expect
      .poll(() => faizal.page.locator('[data-testid="collab-status"]').getAttribute('data-unsaved'), {
        timeout: 10_000,
      })
      .toBe('0');
  });

  it('comments on a selected passage; the other editor sees the comment and its highlight', async () => {
    await editor(maria.page).locator('p').first().click();
    await maria.page.keyboard.press('End');
    await maria.page.keyboard.press('Shift+Home');
    await maria.page.getByRole('button', { name: 'Comment', exact: true }).click();
    await maria.page.getByLabel('Your comment').fill('Confirm the vessel name with MMEA.');
    await maria.page.getByRole('button', { name: 'Post comment' }).click();
    await expect
      .poll(
        () =>
          maria.page
            .locator('.case-comment')
            .allTextContents()
            .then((texts) => texts.join(' ')),
        { timeout: 10_000 },
      )
      .toContain('Confirm the vessel name');
    await faizal.page.getByRole('tab', { name: /Comments/ }).click();
    await expect
      .poll(
        () =>
          faizal.page
            .locator('.case-comment')
            .allTextContents()
            .then((texts) => texts.join(' ')),
        { timeout: 10_000 },
      )
      .toContain('Confirm the vessel name');
    await expect
      .poll(() => editor(faizal.page).locator('.comment-anchor').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
  });

  it('saves a version, keeps editing, and restores it for everyone', async () => {
    await maria.page.getByRole('tab', { name: 'Versions' }).click();
    await maria.page.getByLabel('Name of this version').fill('Agreed in Bangkok');
    await maria.page.getByRole('button', { name: 'Save version' }).click();
    await expect
      .poll(() => maria.page.locator('.case-version').first().textContent(), { timeout: 10_000 })
      .toContain('Agreed in Bangkok');

    await editor(maria.page).locator('h1').first().click();
    await maria.page.keyboard.press('End');
    await maria.page.keyboard.type(' TO BE UNDONE');
    await expect.poll(() => editor(faizal.page).textContent(), { timeout: 10_000 }).toContain('TO BE UNDONE');

    const version = maria.page.locator('.case-version', { hasText: 'Agreed in Bangkok' });
    await version.getByRole('button', { name: 'Restore' }).click();
    await maria.page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
    await expect
      .poll(() => editor(faizal.page).textContent(), { timeout: 10_000 })
      .not.toContain('TO BE UNDONE');
    await expect
      .poll(() => editor(maria.page).textContent(), { timeout: 10_000 })
      .not.toContain('TO BE UNDONE');
    expect(await editor(faizal.page).textContent()).toContain('Kuala Lumpur agrees.');
    await expect
      .poll(() => maria.page.locator('.case-version').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('Before restoring')]));
  });

  it('downloads an export marked with the sensitivity label and the exporter', async () => {
    await maria.page.getByRole('tab', { name: 'Export' }).click();
    const [download] = await Promise.all([
      maria.page.waitForEvent('download'),
      maria.page.locator('[data-export="markdown"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('Joint-case-strategy.md');
    const path = await download.path();
    const text = await readFile(path, 'utf8');
    expect(text).toContain('**CONFIDENTIAL**');
    expect(text).toContain('Exported by Maria Santos on');
    expect(text).toContain('Kuala Lumpur agrees.');
    const audit = await app.built.services.audit.list({ caseId, action: 'document.exported' }, undefined, 5);
    expect(audit.map((entry) => entry.outcome)).toContain('allowed');
  });

  it('renders hostile content as text: no script runs, no javascript: link survives', async () => {
    // Written straight into the Yjs document by a non-browser client, bypassing the editor's checks.
    const client = new TestClient(app.url);
    await client.login(mariaEmail, TEST_PASSWORD);
    const writer = connectDoc(app.url, client, documentId);
    await writer.synced;
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    writer.doc.getXmlFragment('default').insert(0, [paragraph]);
    text.insert(0, 'click me', { link: { href: 'javascript:window.__xss=1' } });
    text.insert(8, ' <img src=x onerror="window.__xss=2"> <script>window.__xss=3</script>');
    await expect
      .poll(() => editor(faizal.page).textContent(), { timeout: 10_000 })
      .toContain('<img src=x onerror=');
    writer.destroy();
    const hrefs = await editor(faizal.page)
      .locator('a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    expect(hrefs.some((href) => /^javascript:/i.test(href))).toBe(false);
    expect(await editor(faizal.page).locator('img, script').count()).toBe(0);
    await faizal.page.waitForTimeout(300);
    expect(
      await faizal.page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
  });

  it('discusses the case in its Discussion tab: each sees the other message live', async () => {
    const path = `/cases/${caseId}?tab=discussion`;
    await Promise.all([maria.page.goto(path), faizal.page.goto(path)]);
    for (const user of [maria, faizal]) {
      await expect
        .poll(() => user.page.getByRole('tab', { name: 'Discussion', selected: true }).count())
        .toBe(1);
      await expect.poll(() => user.page.getByText('No messages yet.', { exact: false }).count()).toBe(1);
    }
    const mariaComposer = maria.page.getByRole('combobox', { name: 'Your reply' });
    await mariaComposer.fill('PH will send the MLA request on Monday.');
    await mariaComposer.press('Enter');
    await expect
      .poll(
        () => faizal.page.locator('article.message', { hasText: 'PH will send the MLA request' }).count(),
        { timeout: 10_000 },
      )
      .toBe(1);
    const faizalComposer = faizal.page.getByRole('combobox', { name: 'Your reply' });
    await faizalComposer.fill('MY confirms the vessel data is ready.');
    await faizal.page.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => maria.page.locator('article.message', { hasText: 'MY confirms the vessel data' }).count(), {
        timeout: 10_000,
      })
      .toBe(1);
    // The sensitivity banner stays over the discussion too.
    await expect
      .poll(() => faizal.page.locator('.ui-sensitivity').first().textContent())
      .toMatch(/CONFIDENTIAL|Confidential/i);
  });

  it('left no console or CSP errors in either browser', () => {
    expect(maria.errors).toEqual([]);
    expect(faizal.errors).toEqual([]);
  });
});
