import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contract } from '@charter/contract';
import { restOperations } from '@charter/rpc/server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';

const chromiumPath = '/usr/bin/chromium';
const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
if (!existsSync(chromiumPath) && process.env.CI) {
  throw new Error(
    'Chromium is not installed (Debian: apt-get install chromium); CI must run the browser tests.',
  );
}

/** The docs as a reader sees them: a real headless Chromium against a real server. */
describe.skipIf(!existsSync(chromiumPath))('the docs in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer('pglite');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    page = await browser.newPage();
    // A script error or a blocked resource (a CSP violation, a missing asset) is a failure.
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('requestfailed', (request) => {
      // Leaving a page aborts what it still loads (its favicon, say): that is not a failure.
      if (request.failure()?.errorText !== 'net::ERR_ABORTED')
        problems.push(`request failed: ${request.url()}`);
    });
    // A CSP violation (an inline script, eval) is no console call: the page reports it to us.
    await page.exposeFunction('reportCspViolation', (directive: string, blocked: string) =>
      problems.push(`CSP violation: ${directive} blocked ${blocked}`),
    );
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (event) => window.reportCspViolation(event.violatedDirective, event.blockedURI));",
    );
    mkdirSync(artifacts, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders the reference: every operation, from the OpenAPI description, with nothing blocked', async () => {
    await page.goto(`${server.url}/docs/reference`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.info .title').textContent()).toContain('Charter API');
    expect(await page.locator('.opblock').count()).toBe(restOperations(contract).length);
    await page.screenshot({ path: join(artifacts, 'docs-reference.png'), fullPage: false });
    expect(problems).toEqual([]);
  }, 60_000);

  it('tries an operation out: signs up, authorizes with the token, and reads the account back', async () => {
    const email = `browser-${Date.now()}@example.com`;
    const signUp = page.locator('#operations-auth-authSignUp');
    await signUp.locator('.opblock-summary').click();
    // The reference opens operations ready to try (tryItOutEnabled): no button to press.
    await signUp
      .locator('textarea.body-param__text')
      .fill(JSON.stringify({ email, password: 'correct horse battery', name: 'Browser' }));
    await signUp.locator('button.execute').click();
    const status = signUp.locator('.live-responses-table tbody .response-col_status').first();
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('200');
    const answer = JSON.parse(
      (await signUp.locator('.live-responses-table .microlight').first().textContent()) ?? '',
    );
    expect(answer.user.email).toBe(email);

    await page.locator('.auth-wrapper .authorize').click();
    const bearer = page.locator('.auth-container').filter({ hasText: 'bearer' }).first();
    await bearer.locator('input').first().fill(answer.accessToken);
    await bearer.locator('button.authorize').click();
    await page.locator('.modal-ux button.close-modal').click();

    const me = page.locator('#operations-auth-authMe');
    await me.locator('.opblock-summary').click();
    await me.locator('button.execute').click();
    const meStatus = me.locator('.live-responses-table tbody .response-col_status').first();
    await expect.poll(() => meStatus.textContent(), { timeout: 10_000 }).toContain('200');
    expect(await me.locator('.live-responses-table .microlight').first().textContent()).toContain(email);
    await page.screenshot({ path: join(artifacts, 'docs-try-it-out.png'), fullPage: false });
    expect(problems).toEqual([]);
  }, 60_000);

  it('renders the guides with their generated sections', async () => {
    await page.goto(`${server.url}/docs/errors`);
    expect(await page.locator('#VALIDATION_FAILED h3').textContent()).toContain('400');
    await page.goto(`${server.url}/docs/guides/getting-started`);
    expect(await page.locator('main h1').textContent()).toBe('Getting started');
    await page.screenshot({ path: join(artifacts, 'docs-getting-started.png'), fullPage: false });
    expect(problems).toEqual([]);
  });
});
