import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot, viewer, watchedPage } from './support/browser.ts';
import { type SignedUp, startTestServer, type TestServer } from './support/server.ts';

/**
 * The OAuth screens a user meets when a third-party app asks for access: log in, consent, and back
 * to the app with a code, which the app trades for a token that calls the API.
 */
describe.skipIf(!hasChromium)('the OAuth consent screen in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let owner: SignedUp;
  let callback: Server;
  let redirectUri: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('pglite'), launchBrowser()]);
    owner = await server.signUp('Olu');
    // The third-party app's redirect target: it only has to answer.
    callback = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end('back at the app'),
    );
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
    redirectUri = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
    context = await browser.newContext(viewer);
  });
  afterAll(async () => {
    callback?.close();
    await browser?.close();
    await server?.close();
  });

  async function startAuthorization(scope: string) {
    const app = await owner.client.oauthApps.create.mutate({
      name: 'Weekly report',
      redirectUris: [redirectUri],
      confidential: false,
      scopes: ['account:read', 'projects:read'],
    });
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL('/oauth/authorize', server.url);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: redirectUri,
      scope,
      state: 'state-123',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return { app, verifier, authorize: authorize.href };
  }

  it('logs the user in, asks for consent naming the scopes, and sends a code the app can use', async () => {
    const { app, verifier, authorize } = await startAuthorization('account:read projects:read');
    const { page, problems } = await watchedPage(context);
    await page.goto(authorize);

    await page.getByRole('heading', { name: 'Log in to continue to Weekly report' }).waitFor();
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The email or password is incorrect.' }).waitFor();
    await screenshot(page, 'oauth-log-in');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();

    await page.getByRole('heading', { name: 'Allow Weekly report to act for you?' }).waitFor();
    const asked = await page.getByRole('listitem').allTextContents();
    expect(asked).toEqual(['account:read: Read your own account', expect.stringMatching(/^projects:read: /)]);
    await screenshot(page, 'oauth-consent');
    await Promise.all([
      page.waitForURL(`${redirectUri}**`),
      page.getByRole('button', { name: 'Allow' }).click(),
    ]);

    const back = new URL(page.url());
    expect(back.searchParams.get('state')).toBe('state-123');
    const code = back.searchParams.get('code');
    expect(code).toBeTruthy();
    const tokens = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code as string,
        redirect_uri: redirectUri,
        client_id: app.clientId,
        code_verifier: verifier,
      }),
    }).then((response) => response.json() as Promise<{ access_token: string; scope: string }>);
    expect(tokens.scope).toBe('account:read projects:read');
    const me = await fetch(`${server.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await me.json()).toMatchObject({ id: owner.user.id });
    expect(problems).toEqual([]);
  });

  it('sends the user back with access_denied when they deny, using only the keyboard', async () => {
    const { authorize } = await startAuthorization('projects:read');
    const { page, problems } = await watchedPage(context);
    // Still logged in to the authorization server from the first test: straight to consent.
    await page.goto(authorize);
    await page.getByRole('heading', { name: 'Allow Weekly report to act for you?' }).waitFor();
    await page.getByRole('button', { name: 'Allow' }).focus();
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(`${redirectUri}**`), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
    expect(problems).toEqual([]);
  });
});
