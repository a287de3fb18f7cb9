import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/app';
import { launchBrowser, newUserPage, type UserPage } from '../helpers/browser';
import { signIn as signInByApi } from '../helpers/channels';
import { buildUser, TEST_PASSWORD } from '../helpers/factories';
import { answer as answerByApi, ask as askByApi } from '../helpers/precedents';

/** What a member might paste into a question: all of it must show as text and run nothing. */
const TITLE_INJECTION = '<img src=x onerror="window.__pwned = \'title\'">';
const SITUATION_INJECTION = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '[click me](javascript:window.__pwned="link")',
].join('\n\n');

const TITLE = `Can debt bondage alone establish the means element? ${TITLE_INJECTION}`;
const SITUATION = [
  'Workers recruited in Kelantan with promises of factory jobs were held by **debts** for travel costs.',
  'No force was used. A relative can be reached at relative.of.victim@example.org.',
  SITUATION_INJECTION,
].join('\n\n');

const pwned = (user: UserPage) =>
  user.page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned);

async function signIn(user: UserPage, email: string): Promise<void> {
  await user.page.goto('/login');
  await user.page.getByLabel('Email address').fill(email);
  await user.page.getByLabel(/^Password/).fill(TEST_PASSWORD);
  await user.page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => user.page.getByText(/Welcome,/).count()).toBe(1);
}

/**
 * A member in Malaysia asks the whole network; a member in Viet Nam, in another browser, finds the
 * question, answers with a structured citation; the asker accepts it live, and the question is in
 * the library's search results. Script injected into the title and situation stays text throughout.
 */
describe('the precedent desk in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let asker: UserPage;
  let answerer: UserPage;
  const dialogs: string[] = [];
  let emails = { asker: '', answerer: '' };
  /** Contexts a test opens besides the asker's and the answerer's. */
  const others: UserPage[] = [];

  async function openUser(): Promise<UserPage> {
    const user = await newUserPage(browser, app.url);
    user.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    others.push(user);
    return user;
  }

  beforeAll(async () => {
    app = await startApp({ servePublicOrigin: true });
    const aminah = await buildUser(app.built.services, {
      displayName: 'Aminah Yusof',
      country: 'MY',
      email: 'aminah@e2e.example',
    });
    const lan = await buildUser(app.built.services, {
      displayName: 'Lan Nguyen',
      country: 'VN',
      email: 'lan@e2e.example',
    });
    browser = await launchBrowser();
    asker = await newUserPage(browser, app.url);
    answerer = await newUserPage(browser, app.url);
    for (const user of [asker, answerer]) {
      // An alert, confirm or prompt would mean injected script ran.
      user.page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    }
    emails = { asker: aminah.email, answerer: lan.email };
  });

  afterAll(async () => {
    await Promise.all(others.map((user) => user.context.close()));
    await browser?.close();
    await app?.close();
  });

  it('ask → answer with a citation → accept → found in the library', async () => {
    await signIn(asker, emails.asker);
    await signIn(answerer, emails.answerer);

    // Aminah asks, marking the email address the hint points out.
    await asker.page.goto('/precedents');
    await asker.page.getByRole('link', { name: 'Ask a question' }).click();
    await asker.page.waitForURL(/\/precedents\/ask$/);
    await asker.page.getByRole('textbox', { name: /^Question/ }).fill(TITLE);
    await asker.page.getByRole('textbox', { name: /The situation/ }).fill(SITUATION);
    await asker.page.getByRole('button', { name: 'Mark “relative.of.victim@example.org”' }).click();
    await expect
      .poll(() => asker.page.getByText('1 marked passage will be removed before storing.').count())
      .toBe(1);
    await asker.page
      .getByRole('group', { name: /Jurisdictions concerned/ })
      .getByRole('checkbox', { name: 'Malaysia' })
      .check();
    await asker.page.getByRole('checkbox', { name: 'Forced labour' }).check();
    await asker.page.getByLabel('Urgency').selectOption('this_week');
    expect(await asker.page.getByRole('radio', { name: /The whole network/ }).isChecked()).toBe(true);
    await asker.page.getByRole('button', { name: 'Ask the network' }).click();
    await asker.page.waitForURL(/\/precedents\/questions\/[a-f0-9]{24}$/);
    const questionPath = new URL(asker.page.url()).pathname;
    await expect.poll(() => asker.page.getByRole('heading', { level: 1, name: TITLE }).count()).toBe(1);
    await expect.poll(() => asker.page.getByText('(you asked this)').count()).toBe(1);
    expect(await asker.page.getByText('relative.of.victim@example.org').count()).toBe(0);
    await expect.poll(() => asker.page.getByText(/\[personal data removed\]/).count()).toBe(1);

    // Lan, in another member state and another browser, finds it among the open questions.
    await answerer.page.goto('/precedents');
    await answerer.page.getByRole('tab', { name: 'Open' }).click();
    const link = answerer.page.getByRole('link', { name: TITLE });
    await expect.poll(() => link.count()).toBe(1);
    await link.click();
    await answerer.page.waitForURL(new RegExp(`${questionPath}$`));

    // The injections are text for both readers; nothing ran.
    for (const user of [asker, answerer]) {
      await expect
        .poll(() => user.page.getByText('<script>window.__pwned = "script"</script>').count())
        .toBe(1);
      expect(await user.page.locator('.precedent-markdown script, .precedent-markdown img').count()).toBe(0);
      expect(await user.page.locator('a[href^="javascript"]').count()).toBe(0);
      expect(await user.page.locator('.precedent-markdown strong', { hasText: 'debts' }).count()).toBe(1);
      expect(await pwned(user)).toBeUndefined();
    }

    // Lan answers with a structured citation.
    await answerer.page
      .getByLabel(/^Your advice/)
      .fill(
        'Yes. The Court of Appeal held that exploiting a debt is the abuse of a position of vulnerability.',
      );
    await answerer.page.getByRole('button', { name: 'Add a citation' }).click();
    const citation = answerer.page.getByRole('group', { name: 'Citation 1' });
    await citation.getByLabel(/^Case name/).fill('Public Prosecutor v. Tan Ah Kow');
    await citation.getByLabel(/^Court/).fill('Court of Appeal of Malaysia');
    await citation.getByLabel(/^Jurisdiction/).selectOption('MY');
    await citation.getByLabel(/^Year/).fill('2019');
    await citation.getByLabel(/^Citation or reference number/).fill('[2019] 5 MLJ 123');
    await citation.getByLabel(/^Outcome/).selectOption('appeal_dismissed');
    await citation.getByLabel(/Legal provision/).fill('ATIPSOM Act 2007, s. 12');
    await citation.getByLabel(/Link to the judgment/).fill('https://judgments.example.my/2019/123');
    await answerer.page.getByRole('button', { name: 'Post answer' }).click();
    await expect.poll(() => answerer.page.getByText('Your answer was posted.').count()).toBe(1);

    // Aminah sees the answer arrive live, citation and all, and accepts it.
    const answer = asker.page.locator('article.precedent-answer', { hasText: 'Lan Nguyen' });
    await expect.poll(() => answer.count(), { timeout: 10_000 }).toBe(1);
    expect(await answer.getByText('Public Prosecutor v. Tan Ah Kow').count()).toBe(1);
    const judgment = answer.getByRole('link', { name: /Read the judgment/ });
    expect(await judgment.getAttribute('href')).toBe('https://judgments.example.my/2019/123');
    expect(await judgment.getAttribute('rel')).toBe('noopener noreferrer');
    await answer.getByRole('button', { name: 'Accept this answer' }).click();
    await expect.poll(() => answer.getByText('Accepted by the asker').count()).toBe(1);

    // The asker exports the question with its accepted answer for the case file.
    const [download] = await Promise.all([
      asker.page.waitForEvent('download'),
      asker.page.getByRole('button', { name: 'Export as Markdown' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const exported = await readFile(await download.path(), 'utf8');
    expect(exported).toContain('Public Prosecutor v. Tan Ah Kow');
    expect(exported).toContain('abuse of a position of vulnerability');
    expect(exported).not.toContain('relative.of.victim@example.org');

    // Lan's page follows live: accepted, and the question is resolved.
    const lanAnswer = answerer.page.locator('article.precedent-answer', { hasText: 'Lan Nguyen' });
    await expect
      .poll(() => lanAnswer.getByText('Accepted by the asker').count(), { timeout: 10_000 })
      .toBe(1);

    // Lan was notified of the question and of the acceptance; both lead to the question's page.
    await answerer.page.getByRole('button', { name: /Notifications/ }).click();
    const asked = answerer.page.getByRole('link', { name: /Aminah Yusof asked for precedent advice/ });
    await expect.poll(() => asked.count(), { timeout: 10_000 }).toBe(1);
    expect(await asked.getAttribute('href')).toBe(questionPath);
    const accepted = answerer.page.getByRole('link', { name: /Aminah Yusof accepted your answer/ });
    await expect.poll(() => accepted.count(), { timeout: 10_000 }).toBe(1);
    expect(await accepted.getAttribute('href')).toBe(questionPath);
    await answerer.page.keyboard.press('Escape');

    // The resolved question is in the library, found by words from the accepted advice.
    await answerer.page.goto('/precedents/library');
    await answerer.page.getByRole('searchbox', { name: /Search/ }).fill('vulnerability');
    await answerer.page.getByRole('button', { name: 'Search' }).click();
    await answerer.page.waitForURL(/q=vulnerability/);
    const hit = answerer.page.locator('li.precedent-item', { hasText: 'Can debt bondage alone' });
    await expect.poll(() => hit.count(), { timeout: 10_000 }).toBe(1);
    expect(await hit.getByRole('link', { name: 'Public Prosecutor v. Tan Ah Kow' }).count()).toBe(1);
    expect(await hit.getByText(/abuse of a position of vulnerability/).count()).toBe(1);

    // The citation's page lists where it was cited.
    await hit.getByRole('link', { name: 'Public Prosecutor v. Tan Ah Kow' }).click();
    await answerer.page.waitForURL(/\/precedents\/citations\//);
    await expect
      .poll(() => answerer.page.getByRole('link', { name: TITLE }).count(), { timeout: 10_000 })
      .toBe(1);

    // At phone width the question page and the ask form fit without sideways scrolling.
    await asker.page.setViewportSize({ width: 390, height: 844 });
    for (const path of [questionPath, '/precedents/ask', '/precedents/library']) {
      await asker.page.goto(path);
      await expect.poll(() => asker.page.getByRole('heading', { level: 1 }).count()).toBe(1);
      // Measured in the page (the test's tsconfig has no DOM types, hence the loose view).
      const overflow = await asker.page.evaluate(() => {
        const root = (
          globalThis as unknown as {
            document: { documentElement: { scrollWidth: number; clientWidth: number } };
          }
        ).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect(overflow, path).toBeLessThanOrEqual(0);
    }

    for (const user of [asker, answerer]) {
      expect(await pwned(user)).toBeUndefined();
      expect(user.errors).toEqual([]);
    }
    expect(dialogs).toEqual([]);
  });

  /**
   * A member reports an answer that names a victim; a moderator, in another browser, finds the report
   * in the desk's Moderation tab and resolves it by hiding the answer. The reporter's open question
   * page shows the answer hidden without a reload, and the moderation log names the moderator and why.
   */
  it('report an answer → a moderator hides it from the queue → hidden live, in the log', async () => {
    const title = 'Is a recruiter’s debt ledger enough to show the abuse of vulnerability?';
    const identifying = 'The victim from Kampung Baru, aged 17, told the court everything.';
    const asking = await signInByApi(app, { displayName: 'Arun Chai', country: 'TH' });
    const answering = await signInByApi(app, { displayName: 'Joy Reyes', country: 'PH' });
    const question = await askByApi(asking, { title, jurisdictions: ['TH'] });
    await answerByApi(answering, question.id, {
      body: `Yes, the ledger was decisive. ${identifying}`,
    });
    const questionPath = `/precedents/questions/${question.id}`;
    const mai = await buildUser(app.built.services, {
      displayName: 'Mai Tran',
      country: 'VN',
      email: 'mai@e2e.example',
    });
    const dewi = await buildUser(app.built.services, {
      displayName: 'Dewi Lestari',
      country: 'ID',
      role: 'moderator',
      email: 'dewi@e2e.example',
    });
    const reporter = await openUser();
    const moderator = await openUser();
    await signIn(reporter, mai.email);
    await signIn(moderator, dewi.email);

    // Mai reports the answer from its "More actions" menu, with a reason and a note.
    await reporter.page.goto(questionPath);
    const answerCard = reporter.page.locator('article.precedent-answer', { hasText: 'Joy Reyes' });
    await expect.poll(() => answerCard.getByText(identifying).count(), { timeout: 10_000 }).toBe(1);
    await answerCard.getByRole('button', { name: 'More actions' }).click();
    await answerCard.getByRole('button', { name: 'Report this answer' }).click();
    const report = reporter.page.getByRole('dialog', { name: 'Report this answer' });
    await report.getByLabel(/^Reason/).selectOption('victim_identifying');
    await report.getByLabel(/Note for the moderators/).fill('It names the victim’s village and age.');
    await report.getByRole('button', { name: 'Send report' }).click();
    await expect
      .poll(() => reporter.page.getByText('Thank you. The moderators will review it.').count())
      .toBe(1);
    expect(await answerCard.getByText('Hidden by a moderator.').count()).toBe(0);

    // Dewi opens the desk's Moderation tab: the report is in the open queue, with what was reported.
    await moderator.page.goto('/precedents');
    await moderator.page.getByRole('tab', { name: 'Moderation' }).click();
    await moderator.page.waitForURL(/view=moderation/);
    const queued = moderator.page.locator('article', { hasText: title });
    await expect.poll(() => queued.count(), { timeout: 10_000 }).toBe(1);
    expect(await queued.getByRole('heading', { name: 'Identifies a victim or witness' }).count()).toBe(1);
    expect(await queued.getByText('Reported by Mai Tran').count()).toBe(1);
    expect(await queued.getByText(/Kampung Baru/).count()).toBe(1);
    expect(await queued.getByText('It names the victim’s village and age.').count()).toBe(1);
    expect(await queued.getByRole('link', { name: title }).getAttribute('href')).toBe(questionPath);

    // She resolves it by hiding the answer, with a note for the log.
    const reason = 'Identifies a victim: village and age';
    await queued.getByLabel('Action', { exact: true }).selectOption('content_hidden');
    await queued.getByLabel('Note for the moderation log').fill(reason);
    await queued.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => moderator.page.getByText('Report resolved.').count()).toBe(1);
    await expect.poll(() => queued.count(), { timeout: 10_000 }).toBe(0);

    // Mai's page, still open, shows the answer hidden — no reload — and the text is gone.
    await expect
      .poll(() => answerCard.getByText('Hidden by a moderator.').count(), { timeout: 10_000 })
      .toBe(1);
    expect(await reporter.page.getByText(identifying).count()).toBe(0);
    expect(await answerCard.getByRole('button', { name: 'More actions' }).count()).toBe(0);

    // The moderation log lists the hiding with Dewi's name and her reason; the report is resolved.
    await moderator.page.getByRole('tab', { name: 'Moderation log' }).click();
    const hid = moderator.page.locator('li.precedent-log__entry', { hasText: 'hid an answer' });
    await expect.poll(() => hid.count(), { timeout: 10_000 }).toBe(1);
    expect(await hid.getByText('Dewi Lestari').count()).toBe(1);
    expect(await hid.getByText(reason).count()).toBe(1);
    expect(await hid.getByRole('link', { name: title }).getAttribute('href')).toBe(questionPath);
    await moderator.page.getByRole('tab', { name: 'Reports' }).click();
    await moderator.page.getByLabel('Show reports').selectOption('resolved');
    const resolved = moderator.page.locator('article', { hasText: title });
    await expect.poll(() => resolved.getByText(/Handled by Dewi Lestari · Content hidden/).count()).toBe(1);

    // The moderator's own view of the question names who hid the answer and why.
    await moderator.page.goto(questionPath);
    await expect
      .poll(() => moderator.page.getByText(`Hidden by Dewi Lestari: ${reason}`).count(), { timeout: 10_000 })
      .toBe(1);

    for (const user of [reporter, moderator]) expect(user.errors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
