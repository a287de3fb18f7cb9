import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoNetwork } from '@serantau/server/seed/demo';
import { DEMO_PASSWORD } from '@serantau/server/seed/demo-data';
import { actorForUser } from '@serantau/server/modules/threads/context';
import { startApp, type TestApp } from '../helpers/app';
import { launchBrowser, newUserPage, type UserPage } from '../helpers/browser';

async function signIn(user: UserPage, email: string): Promise<void> {
  await user.page.goto('/login');
  await user.page.getByLabel('Email address').fill(email);
  await user.page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
  await user.page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => user.page.getByText(/Welcome,/).count()).toBe(1);
}

/** Script-injection attempts a member might paste: all must show as text and run nothing. */
const INJECTION = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '[click me](javascript:window.__pwned="link")',
  '<a href="javascript:window.__pwned=1">raw link</a>',
].join('\n\n');

describe('channels in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let channelId: string;

  beforeAll(async () => {
    app = await startApp({ servePublicOrigin: true });
    const network = await seedDemoNetwork(app.built.services, app.built.app.log);
    const maria = network.users.get('maria');
    if (!maria) throw new Error('demo network has no maria');
    const channels = await app.built.services.channels.list(actorForUser(maria), { scope: 'all' });
    const labour = channels.find((channel) => channel.name === 'labour-trafficking');
    if (!labour) throw new Error('demo network has no labour-trafficking channel');
    channelId = labour.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a moderator and two members: post, mention, react, report, and a hidden message disappears live', async () => {
    const maria = await newUserPage(browser, app.url);
    const lan = await newUserPage(browser, app.url);
    const somchai = await newUserPage(browser, app.url);
    await signIn(maria, 'maria@serantau.demo');
    await signIn(lan, 'lan@serantau.demo');
    await signIn(somchai, 'somchai@serantau.demo');

    // Maria starts a thread whose opening post tries to inject script.
    await maria.page.goto(`/channels/${channelId}`);
    await maria.page.getByRole('button', { name: 'New thread' }).click();
    await maria.page.getByLabel('Subject').fill('Shelter capacity in Cebu');
    await maria.page.getByLabel('Opening post').fill(`Can anyone confirm **capacity**?\n\n${INJECTION}`);
    await maria.page.getByRole('button', { name: 'Start thread' }).click();
    await maria.page.waitForURL(/\/threads\/[a-f0-9]{24}$/);
    const threadPath = new URL(maria.page.url()).pathname;

    // Lan and Somchai open the thread: the injection is shown as text, nothing ran.
    await lan.page.goto(threadPath);
    await somchai.page.goto(threadPath);
    for (const user of [lan, somchai, maria]) {
      await expect
        .poll(() => user.page.getByText('<script>window.__pwned = "script"</script>').count())
        .toBe(1);
      expect(
        await user.page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned),
      ).toBeUndefined();
      expect(await user.page.locator('.message-body script, .message-body img').count()).toBe(0);
      expect(await user.page.locator('.message-body a[href^="javascript"]').count()).toBe(0);
      expect(await user.page.locator('.message-body strong', { hasText: 'capacity' }).count()).toBe(1);
    }

    // Lan mentions Maria through the autocomplete and replies; Maria sees it live, with a notification.
    const bellCount = async () =>
      Number(
        (await maria.page
          .locator('.notifications__count [aria-hidden]')
          .textContent()
          .catch(() => '0')) || 0,
      );
    const before = await bellCount();
    const composer = lan.page.getByRole('combobox', { name: 'Your reply' });
    await composer.fill('Thanks ');
    await composer.pressSequentially('@Mari');
    const option = lan.page.getByRole('option', { name: /Maria Santos/ });
    await expect.poll(() => option.count()).toBe(1);
    await option.click();
    await composer.pressSequentially('the shelter has space for two.');
    await lan.page.getByRole('button', { name: 'Send' }).click();

    const reply = maria.page.locator('article.message', { hasText: 'the shelter has space for two.' });
    await expect.poll(() => reply.count()).toBe(1);
    expect(await reply.locator('.mention').textContent()).toBe('@Maria Santos');
    await expect.poll(bellCount).toBe(before + 1);
    await maria.page.getByRole('button', { name: /Notifications/ }).click();
    await expect
      .poll(() => maria.page.getByText(/mentioned you in “Shelter capacity in Cebu”/).count())
      .toBe(1);
    await maria.page.keyboard.press('Escape');

    // Maria reacts to Lan's reply; Lan sees the count live.
    await reply.getByRole('button', { name: 'React' }).click();
    await reply.getByRole('button', { name: '👍' }).click();
    const lanReply = lan.page.locator('article.message', { hasText: 'the shelter has space for two.' });
    await expect.poll(() => lanReply.getByRole('button', { name: /👍: 1 reaction/ }).count()).toBe(1);

    // Lan reports Maria's opening post.
    const opening = lan.page.locator('article.message', { hasText: 'Can anyone confirm' });
    await opening.getByRole('button', { name: 'Report' }).click();
    const dialog = lan.page.getByRole('dialog', { name: 'Report this message' });
    await dialog.getByLabel('Reason').selectOption('other');
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await expect
      .poll(() => lan.page.getByText('Thank you. The moderators will review the message.').count())
      .toBe(1);

    // Somchai sees it in the queue and hides the message; it disappears for Maria and Lan at once.
    await somchai.page.goto(`/channels/${channelId}/moderation`);
    await expect.poll(() => somchai.page.getByRole('heading', { name: 'Something else' }).count()).toBe(1);
    await somchai.page.getByLabel('Note for the moderation log').fill('Script injection attempt');
    await somchai.page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => somchai.page.getByText('Report resolved.').count()).toBe(1);

    for (const user of [maria, lan]) {
      await expect.poll(() => user.page.getByText('This message was hidden by a moderator.').count()).toBe(1);
      expect(await user.page.getByText('Can anyone confirm').count()).toBe(0);
    }

    await somchai.page.goto(threadPath);
    await expect
      .poll(() => somchai.page.getByText(/Hidden by Somchai Prasert: Script injection attempt/).count())
      .toBe(1);

    for (const user of [maria, lan, somchai]) {
      expect(user.errors).toEqual([]);
      expect(
        await user.page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned),
      ).toBeUndefined();
      await user.context.close();
    }
  });

  it('the sidebar counts unread messages live and the thread opens at the first unread one', async () => {
    const maria = await newUserPage(browser, app.url);
    const lan = await newUserPage(browser, app.url);
    await signIn(maria, 'maria@serantau.demo');
    await signIn(lan, 'lan@serantau.demo');
    await maria.page.goto('/channels/browse');
    const card = maria.page.locator('li.channel-card', { hasText: 'online-scam-compounds' });
    await expect.poll(() => card.count()).toBe(1);
    const join = card.getByRole('button', { name: 'Join channel' });
    if ((await join.count()) > 0) await join.click();
    const link = maria.page
      .getByRole('navigation', { name: 'Channels' })
      .getByRole('link', { name: /online-scam-compounds/ });
    await expect.poll(() => link.count()).toBe(1);

    await lan.page.goto('/channels');
    await lan.page.goto(`/channels/${await channelIdByName(lan, 'online-scam-compounds')}`);
    await lan.page.getByRole('link', { name: /Screening rescued workers/ }).click();
    const composer = lan.page.getByRole('combobox', { name: 'Your reply' });
    for (const text of ['First update from Hanoi', 'Second update from Hanoi']) {
      await composer.fill(text);
      await composer.press('Enter');
      await expect.poll(() => lan.page.locator('article.message', { hasText: text }).count()).toBe(1);
    }
    await expect.poll(() => link.textContent()).toMatch(/2/);
    await link.click();
    await maria.page.getByRole('link', { name: /Screening rescued workers/ }).click();
    await expect
      .poll(() => maria.page.getByRole('separator').filter({ hasText: 'New messages' }).count())
      .toBe(1);
    expect(maria.errors).toEqual([]);
    expect(lan.errors).toEqual([]);
    await maria.context.close();
    await lan.context.close();
  });

  it('participants co-edit the thread summary live; an observer reads it', async () => {
    const lan = await newUserPage(browser, app.url);
    const maria = await newUserPage(browser, app.url);
    const hannah = await newUserPage(browser, app.url);
    await signIn(lan, 'lan@serantau.demo');
    await signIn(maria, 'maria@serantau.demo');
    await signIn(hannah, 'hannah@serantau.demo');
    await lan.page.goto(`/channels/${channelId}`);
    await lan.page.getByRole('link', { name: /Proving forced labour/ }).click();
    await lan.page.waitForURL(/\/threads\/[a-f0-9]{24}$/);
    const threadPath = new URL(lan.page.url()).pathname;

    await lan.page.getByRole('button', { name: 'Start the summary' }).click();
    const summary = (page: UserPage['page']) => page.getByRole('textbox', { name: /^Summary of/ });
    await expect.poll(() => summary(lan.page).count(), { timeout: 10_000 }).toBe(1);
    await summary(lan.page).click();
    await lan.page.keyboard.type('Agreed: VMS tracks are admissible as corroboration.');

    await maria.page.goto(threadPath);
    await expect
      .poll(() => summary(maria.page).textContent(), { timeout: 10_000 })
      .toContain('VMS tracks are admissible');
    await summary(maria.page).click();
    await maria.page.keyboard.press('End');
    await maria.page.keyboard.press('Enter');
    await maria.page.keyboard.type('PH to share the crew list template.');
    await expect
      .poll(() => summary(lan.page).textContent(), { timeout: 10_000 })
      .toContain('crew list template');

    // The observer may read this public channel but not write in it: the summary is read-only.
    await hannah.page.goto(threadPath);
    await expect
      .poll(() => summary(hannah.page).textContent(), { timeout: 10_000 })
      .toContain('crew list template');
    expect(await summary(hannah.page).getAttribute('contenteditable')).toBe('false');

    for (const user of [lan, maria, hannah]) {
      expect(user.errors).toEqual([]);
      await user.context.close();
    }
  });

  async function channelIdByName(user: UserPage, name: string): Promise<string> {
    await user.page.goto('/channels/browse');
    await expect.poll(() => user.page.locator('li.channel-card', { hasText: name }).count()).toBe(1);
    const href = await user.page
      .locator('li.channel-card', { hasText: name })
      .getByRole('link')
      .first()
      .getAttribute('href');
    return href?.split('/').pop() ?? '';
  }
});
