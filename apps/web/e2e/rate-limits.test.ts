import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount, signUp } from './support/app.ts';
import { hasChromium, launchBrowser, screenshot, viewer, watchedPage } from './support/browser.ts';
import { budgets, startTestServer, type TestServer } from './support/server.ts';

describe.skipIf(!hasChromium)('rate limits in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      // Five points per 20 seconds: a project list (2) and a new project (2) spend nearly all of it.
      startTestServer('pglite', { env: { RATE_LIMITS: budgets({ default: '5/20s' }) } }),
      launchBrowser(),
    ]);
    context = await browser.newContext(viewer);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says when a refused call can be retried, counts down, and retries once the budget refills', async () => {
    const { page, problems } = await watchedPage(context);
    await signUp(page, server.url, newAccount('Rita'));
    await page.getByLabel('Name', { exact: true }).fill('Busy project');
    await page.getByRole('button', { name: 'Create project' }).click();

    // The new project's page cannot load: its calls are refused until the window ends.
    const alert = page.getByRole('alert').filter({ hasText: 'You can try again at' }).first();
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('Could not load the project. Rate limit reached');
    expect(text).toMatch(/You can try again at \d{2}:\d{2}:\d{2}, in \d+ seconds?\./);
    const seconds = Number(/in (\d+) second/.exec(text)?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(20);
    const retry = alert.getByRole('button', { name: 'Try again' });
    expect(await retry.isDisabled()).toBe(true);
    // Near its limit (here spent), the footer shows the budget the last response reported.
    expect(await page.locator('.rate-limit').textContent()).toMatch(/\d+ of 5 left/);
    await screenshot(page, 'rate-limited');

    await alert.getByText('you can try again now').waitFor({ timeout: 30_000 });
    await retry.click();
    await page.getByRole('heading', { level: 1, name: 'Busy project' }).waitFor();
    expect(problems).toEqual([]);
  });
});
