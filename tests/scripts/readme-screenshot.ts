// Regenerates docs/screenshot.png: the app with the demo network, as a new user first sees it.
//   pnpm --filter @serantau/client build && pnpm --filter @serantau/tests exec tsx scripts/readme-screenshot.ts
import path from 'node:path';
import { seedDemoNetwork } from '@serantau/server/seed/demo';
import { DEMO_PASSWORD } from '@serantau/server/seed/demo-data';
import { startApp } from '../helpers/app';
import { launchBrowser, newUserPage } from '../helpers/browser';
import { REPO_ROOT } from '../helpers/process';

const target = process.argv[2] ?? '/directory';
const app = await startApp({ servePublicOrigin: true });
const browser = await launchBrowser();
try {
  await seedDemoNetwork(app.built.services, app.built.app.log);
  const user = await newUserPage(browser, app.url);
  await user.page.goto('/login');
  await user.page.getByLabel(/^Email address/).fill('maria@serantau.demo');
  await user.page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
  await user.page.getByRole('button', { name: 'Sign in' }).click();
  await user.page.getByText(/Welcome, Maria Santos/).waitFor();
  await user.page.goto(target);
  await user.page.waitForLoadState('networkidle');
  const file = path.join(REPO_ROOT, 'docs/screenshot.png');
  await user.page.screenshot({ path: file });
  process.stdout.write(`wrote ${file}\n`);
} finally {
  await browser.close();
  await app.close();
}
