import { createHash, randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBrowser } from '../../server/tests/support/browser-simulation.ts';
import { logIn } from './support/app.ts';
import {
  hasChromium,
  launchBrowser,
  screenshot,
  viewer,
  type WatchedPage,
  watchedPage,
} from './support/browser.ts';
import { type SignedUp, startTestServer, type TestServer } from './support/server.ts';

describe.skipIf(!hasChromium)('developer settings in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let watched: WatchedPage;
  let page: Page;
  let me: SignedUp;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('pglite'), launchBrowser()]);
    me = await server.signUp('Devi');
    context = await browser.newContext(viewer);
    watched = await watchedPage(context);
    page = watched.page;
    await logIn(page, server.url, { name: 'Devi', email: me.email, password: me.password });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(watched.problems).toEqual([]);
  });

  it('creates an API key and shows it once; the key works; revoking it stops it', async () => {
    await page.getByRole('link', { name: 'Developer settings' }).click();
    await page.getByRole('heading', { level: 2, name: 'API keys' }).waitFor();
    await page.getByText('No API keys yet').waitFor();
    expect(await page.locator('.empty').textContent()).toContain(
      'Create one above for each script or service',
    );
    await page.getByLabel('Name', { exact: true }).fill('CI dashboard');
    await page.getByRole('checkbox', { name: /tasks:write/ }).check();
    await page.getByRole('button', { name: 'Create API key' }).click();

    const secret = page.getByLabel('API key', { exact: true });
    await secret.waitFor();
    const key = await secret.inputValue();
    expect(key).toMatch(/^chk_/);
    await page.getByText('will never be shown again').waitFor();
    // Focus moves to the new key, so it is read out first.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Your new API key');
    await screenshot(page, 'api-key-created');

    const row = page.getByRole('row', { name: /CI dashboard/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(key.slice(0, 20));
    expect(await row.textContent()).toContain('projects:read, tasks:read, tasks:write');
    // The key itself is in the page only until dismissed, and never in the list.
    expect(await row.textContent()).not.toContain(key);
    await page.getByRole('button', { name: 'I have stored it safely' }).click();
    expect(await page.getByLabel('API key', { exact: true }).count()).toBe(0);
    expect(await page.content()).not.toContain(key);

    const withKey = () =>
      fetch(`${server.url}/api/v1/projects`, { headers: { authorization: `Bearer ${key}` } }).then(
        (r) => r.status,
      );
    expect(await withKey()).toBe(200);

    await row.getByRole('button', { name: 'Revoke CI dashboard' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => row.textContent()).toContain('Revoked');
    await expect.poll(withKey, { timeout: 15_000 }).toBe(401);
    await screenshot(page, 'api-keys');
  });

  it("offers only the plans a key may carry: none above its owner's (default here, so not elevated)", async () => {
    await page.getByRole('link', { name: 'Developer settings' }).click();
    const plan = page.getByLabel('Rate-limit plan');
    const offered = () => plan.locator('option').evaluateAll((options) => options.map((o) => o.textContent));
    await expect.poll(offered).toEqual(['Same as mine', 'anonymous', 'default']);
    // What it offers, the server takes.
    await page.getByLabel('Name', { exact: true }).fill('Smallest budget');
    await plan.selectOption('anonymous');
    await page.getByRole('button', { name: 'Create API key' }).click();
    await page.getByText('will never be shown again').waitFor();
    await page.getByRole('button', { name: 'I have stored it safely' }).click();
  });

  it('registers an OAuth app with its redirect URIs and shows its secret once', async () => {
    await page.getByRole('link', { name: 'OAuth apps' }).click();
    await page.getByRole('heading', { level: 2, name: 'OAuth apps' }).waitFor();
    // An empty list says what it is for and what to do.
    expect(await page.locator('.empty').textContent()).toBe(
      'No OAuth apps yetRegister one above to let another application act for its users, with their consent.',
    );
    await page.getByLabel('Name', { exact: true }).fill('Reporting dashboard');
    // A redirect URI the contract refuses: the schema's message names the line.
    await page
      .getByLabel('Redirect URIs')
      .fill('https://dashboard.example.com/oauth/callback\nhttp://example.com/cb');
    await page.getByRole('checkbox', { name: /Confidential/ }).check();
    await page.getByRole('button', { name: 'Register app' }).click();
    const uris = page.getByLabel('Redirect URIs');
    await expect.poll(() => uris.getAttribute('aria-invalid')).toBe('true');
    const errorId = ((await uris.getAttribute('aria-describedby')) ?? '').split(' ')[0];
    expect(await page.locator(`#${errorId}`).textContent()).toContain(
      'Line 2: Must use https, or http on 127.0.0.1',
    );
    await screenshot(page, 'oauth-app-errors');

    await uris.fill('https://dashboard.example.com/oauth/callback\nhttp://127.0.0.1:8976/callback');
    await page.getByRole('button', { name: 'Register app' }).click();
    const secret = page.getByLabel('Client secret', { exact: true });
    await secret.waitFor();
    expect(await secret.inputValue()).toMatch(/^chs_/);
    const clientId = await page.getByLabel('Client ID', { exact: true }).inputValue();
    await screenshot(page, 'oauth-app-created');
    await page.getByRole('button', { name: 'I have stored it safely' }).click();

    const app = page.getByRole('article', { name: 'Reporting dashboard' });
    await app.waitFor();
    expect(await app.textContent()).toContain(clientId);
    expect(await app.textContent()).toContain('http://127.0.0.1:8976/callback');
    expect(await app.textContent()).toContain('Confidential');
    const [stored] = await me.client.oauthApps.list.query();
    expect(stored?.redirectUris).toEqual([
      'https://dashboard.example.com/oauth/callback',
      'http://127.0.0.1:8976/callback',
    ]);
    await screenshot(page, 'oauth-apps');
  });

  it('lists an AI agent the user connected, and disconnecting it ends its token at once', async () => {
    // An MCP client registers itself and the user lets it in (log-in and consent on the real pages).
    const redirectUri = 'http://127.0.0.1:5557/callback';
    const registered = await fetch(`${server.url}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Desk assistant',
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
      }),
    });
    const { client_id: clientId } = (await registered.json()) as { client_id: string };
    const verifier = randomBytes(32).toString('base64url');
    const start = new URL(`${server.url}/oauth/authorize`);
    for (const [name, value] of Object.entries({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'projects:read',
      resource: `${server.url}/mcp`,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }))
      start.searchParams.set(name, value);
    const callback = await new SimulatedBrowser({ email: me.email, password: me.password }).authorize(
      start.href,
      redirectUri,
    );
    const token = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: redirectUri,
        client_id: clientId,
        code_verifier: verifier,
      }),
    });
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const listTools = () =>
      fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    expect((await listTools()).status).toBe(200);

    await page.goto(`${server.url}/settings/connected-apps`);
    const agent = page.getByRole('article', { name: 'Desk assistant' });
    await agent.waitFor();
    expect(await agent.textContent()).toContain('AI agent tools (MCP)');
    expect(await agent.textContent()).toContain('By itself');
    await screenshot(page, 'connected-apps');
    await agent.getByRole('button', { name: /Disconnect/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('No connected apps').waitFor();
    expect((await listTools()).status).toBe(401);
  });

  it('charts usage per caller and procedure, with a table of the same numbers', async () => {
    const { key, apiKey } = await me.client.apiKeys.create.mutate({
      name: 'Nightly export',
      scopes: ['projects:read'],
    });
    for (let n = 0; n < 3; n++) {
      await fetch(`${server.url}/api/v1/projects`, { headers: { authorization: `Bearer ${key}` } });
    }
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('heading', { level: 2, name: 'Usage' }).waitFor();
    // The budget is developer detail: here in full, in every page's footer only near its limit.
    await expect
      .poll(() => page.locator('main .rate-limit').textContent())
      .toMatch(/^API budget “default”: \d+ of \d+ left, refills in \d+ s\.$/);
    expect(await page.locator('footer .rate-limit').count()).toBe(0);
    // Counts are written every few seconds: refresh until the key's calls are in.
    const keyRow = page.getByRole('row', { name: /API key “Nightly export” projects\.list/ });
    await expect
      .poll(
        async () => {
          if ((await keyRow.count()) > 0) return true;
          await page.getByRole('button', { name: 'Refresh' }).click();
          return false;
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(true);
    expect(await keyRow.locator('td').nth(1).textContent()).toBe('3');
    expect(apiKey.name).toBe('Nightly export');

    const chart = page.locator('figure.chart');
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await chart.locator('.recharts-legend-item-text').allTextContents()).toEqual(
      expect.arrayContaining(['You (logged in)', 'API key “Nightly export”']),
    );
    expect(await chart.locator('.recharts-cartesian-axis-tick-value').allTextContents()).toContain(
      'projects.list',
    );
    await screenshot(page, 'usage');
  });
});
