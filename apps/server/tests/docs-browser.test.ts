import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contract, events } from '@charter/contract';
import { restOperations } from '@charter/rpc/server';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWebRoot } from '../src/http/web-app.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const chromiumPath = '/usr/bin/chromium';
/** The web app's build (`pnpm --filter @charter/web build`), whose log-in the reference's try-it reuses. */
const webAppBuilt = existsSync(join(defaultWebRoot, 'index.html'));
const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
if (!existsSync(chromiumPath) && process.env.CI) {
  throw new Error(
    'Chromium is not installed (Debian: apt-get install chromium); CI must run the browser tests.',
  );
}

/** Run in the page: addresses in text outside links and code (a server picker's option is one to choose). */
const plainAddresses = `(() => {
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('a, pre, code, select')) continue;
    const match = /https?:\\/\\/\\S+/.exec(node.textContent);
    if (match) found.push(match[0]);
  }
  return found;
})()`;

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
    page = await watchedPage();
    mkdirSync(artifacts, { recursive: true });
  }, 60_000);

  /** A page in a fresh browser context (its own storage) whose script errors and blocked loads are failures. */
  async function watchedPage(options: BrowserContextOptions = {}): Promise<Page> {
    const opened = await (await browser.newContext(options)).newPage();
    opened.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    opened.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    opened.on('requestfailed', (request) => {
      // Leaving a page aborts what it still loads (its favicon, say): that is not a failure.
      if (request.failure()?.errorText !== 'net::ERR_ABORTED')
        problems.push(`request failed: ${request.url()}`);
    });
    // A CSP violation (an inline script, eval) is no console call: the page reports it to us.
    await opened.exposeFunction('reportCspViolation', (directive: string, blocked: string) =>
      problems.push(`CSP violation: ${directive} blocked ${blocked}`),
    );
    await opened.addInitScript(
      "document.addEventListener('securitypolicyviolation', (event) => window.reportCspViolation(event.violatedDirective, event.blockedURI));",
    );
    return opened;
  }
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders the reference: every operation, from the OpenAPI description, with nothing blocked', async () => {
    await page.goto(`${server.url}/docs/reference`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.info .title').textContent()).toContain('Charter API');
    // Every REST operation, and every webhook event the API sends (OpenAPI 3.1 `webhooks`).
    expect(await page.locator('.opblock').count()).toBe(
      restOperations(contract).length + Object.keys(events.definitions).length,
    );
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

  it('finds an operation and a guide section by search, and opens each', async () => {
    const reader = await watchedPage();
    await reader.goto(`${server.url}/docs/guides/getting-started`);
    const search = reader.getByRole('searchbox', { name: 'Search the docs' });
    const results = reader.getByRole('list', { name: 'Search results' }).getByRole('link');

    // From the keyboard: "/" reaches the search box, Enter opens the best match.
    await reader.keyboard.press('/');
    await reader.keyboard.type('create a task');
    await expect.poll(() => results.first().textContent()).toContain('POST /projects/{projectId}/tasks');
    await reader.keyboard.press('Enter');
    await reader.locator('#operations-tasks-tasksCreate.is-open').waitFor({ timeout: 20_000 });
    expect(new URL(reader.url()).pathname).toBe('/docs/reference');

    // On the reference, a result for another operation opens it without reloading the page.
    await search.fill('revoke an API key');
    await expect
      .poll(() => results.first().getAttribute('href'))
      .toBe('/docs/reference#/apiKeys/apiKeysRevoke');
    await results.first().click();
    await reader.locator('#operations-apiKeys-apiKeysRevoke.is-open').waitFor();

    await search.fill('api keys scopes');
    const guide = results.filter({ hasText: 'Authentication' }).first();
    await expect.poll(() => guide.getAttribute('href')).toBe('/docs/guides/authentication#api-keys');
    await guide.click();
    await reader.waitForURL('**/docs/guides/authentication#api-keys');
    expect(await reader.locator('h2#api-keys').textContent()).toBe('API keys');

    await search.fill('zeppelin');
    await expect
      .poll(() => reader.locator('#search-status').textContent())
      .toBe('Nothing matches “zeppelin”.');
    expect(await results.count()).toBe(0);
    await reader.context().close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('follows the system colour scheme until the reader picks one, and keeps that choice across pages and visits', async () => {
    const reader = await watchedPage({ colorScheme: 'dark' });
    const theme = () => reader.locator('html').getAttribute('data-theme');
    const background = () => reader.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    const toggle = reader.getByRole('button', { name: 'Dark mode' });
    await reader.goto(`${server.url}/docs/guides/rate-limits`);
    expect(await theme()).toBe('dark');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const dark = await background();

    await toggle.click();
    expect(await theme()).toBe('light');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await background()).not.toBe(dark);
    await reader.reload();
    expect(await theme()).toBe('light');

    await toggle.click();
    await reader.goto(`${server.url}/docs/reference`);
    await reader.locator('.opblock').first().waitFor({ timeout: 20_000 });
    expect(await theme()).toBe('dark');
    // Swagger UI's own dark theme is on too.
    expect(await reader.locator('html').getAttribute('class')).toContain('dark-mode');
    await reader.screenshot({ path: join(artifacts, 'docs-reference-dark.png'), fullPage: false });
    await reader.context().close();

    const light = await watchedPage({ colorScheme: 'light' });
    await light.goto(`${server.url}/docs/guides/rate-limits`);
    expect(await light.locator('html').getAttribute('data-theme')).toBe('light');
    await light.context().close();
    expect(problems).toEqual([]);
  }, 60_000);

  it.skipIf(!webAppBuilt)(
    "tries an operation out as the developer signed in to the web app, with their session's token filled in",
    async () => {
      const developer = await server.signUp('Docs Reader');
      const reader = await watchedPage();
      await reader.goto(`${server.url}/docs/reference`);
      const notice = reader.getByRole('status').filter({ hasText: 'Try it out' });
      await expect.poll(() => notice.textContent(), { timeout: 20_000 }).toContain('Log in to the app');

      await reader.goto(`${server.url}/log-in`);
      await reader.getByLabel('Email').fill(developer.email);
      await reader.getByLabel('Password').fill(developer.password);
      await reader.getByRole('button', { name: 'Log in' }).click();
      await reader.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();

      await reader.goto(`${server.url}/docs/reference`);
      await expect.poll(() => notice.textContent(), { timeout: 20_000 }).toContain(developer.email);
      const me = reader.locator('#operations-auth-authMe');
      await me.locator('.opblock-summary').click();
      await me.locator('button.execute').click();
      const status = me.locator('.live-responses-table tbody .response-col_status').first();
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('200');
      expect(await me.locator('.live-responses-table .microlight').first().textContent()).toContain(
        developer.email,
      );
      await reader.screenshot({ path: join(artifacts, 'docs-try-it-signed-in.png'), fullPage: false });

      // A server typed in by hand gets no credential: the token is for this API only.
      const headersSentTo = (url: string) =>
        reader.evaluate<Record<string, string>>(
          `window.ui.getConfigs().requestInterceptor({ url: ${JSON.stringify(url)}, headers: { Authorization: 'Bearer t', 'X-API-Key': 'k', Accept: 'application/json' } }).headers`,
        );
      expect(await headersSentTo('https://elsewhere.example/api/v1/auth/me')).toEqual({
        Accept: 'application/json',
      });
      expect(await headersSentTo(`${server.url}/api/v1/auth/me`)).toHaveProperty('Authorization', 'Bearer t');
      await reader.context().close();
      expect(problems).toEqual([]);
    },
    60_000,
  );

  it('shows every operation with its curl, TypeScript and Python samples, its errors and its budgets', async () => {
    const reader = await watchedPage();
    await reader.goto(`${server.url}/docs/reference`);
    await reader.locator('.opblock').first().waitFor({ timeout: 20_000 });
    for (const operation of restOperations(contract)) {
      const tag = operation.procedurePath.split('.')[0];
      const block = reader.locator(`#operations-${tag}-${operation.operationId}`);
      await block.locator('.opblock-summary').click();
      // The operation's description comes first; its parameters' and responses' follow.
      const description = block.locator('.opblock-description-wrapper').first();
      await description.waitFor();
      const samples = await description.locator('pre').allTextContents();
      const name = `${operation.method} ${operation.path}`;
      expect(
        samples.some((code) => code.startsWith('curl ')),
        `${name}: curl`,
      ).toBe(true);
      expect(
        samples.some((code) => code.includes(`client.${operation.procedurePath}.`)),
        `${name}: TypeScript`,
      ).toBe(true);
      expect(
        samples.some((code) => /\b(api|api_events)\(/.test(code) && code.includes('print(')),
        `${name}: Python`,
      ).toBe(true);
      const text = (await description.textContent()) ?? '';
      expect(text, name).toMatch(/Authentication: (none|required)/);
      expect(text, name).toMatch(/Rate limit: costs/);
      expect(text, name).toMatch(/Budgets \(rate limits\): signed-in callers/);
      for (const code of [...operation.procedure.meta.errors, 'TOO_MANY_REQUESTS']) {
        expect(await description.locator(`a[href$="/docs/errors#${code}"]`).count(), `${name}: ${code}`).toBe(
          1,
        );
      }
      await block.locator('.opblock-summary').click(); // closed again, so the page stays small
    }
    await reader.context().close();
    expect(problems).toEqual([]);
  }, 120_000);

  it('links the API changes page from every page, and writes no address as plain text', async () => {
    const reader = await watchedPage();
    await reader.goto(`${server.url}/docs/guides/getting-started`);
    await reader
      .getByRole('navigation', { name: 'Documentation' })
      .getByRole('link', { name: 'API changes' })
      .click();
    expect(await reader.locator('main h1').textContent()).toBe('API changes');
    for (const href of await reader
      .locator('nav a[href^="/docs/"]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))) {
      await reader.goto(`${server.url}${href}`);
      if (href === '/docs/reference') await reader.locator('.opblock').first().waitFor({ timeout: 20_000 });
      const plain = await reader.evaluate<string[]>(plainAddresses);
      expect(plain, `${href}: addresses outside links`).toEqual([]);
    }
    await reader.context().close();
    expect(problems).toEqual([]);
  }, 60_000);
});
