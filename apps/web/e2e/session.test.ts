import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logIn, waitUntilLive } from './support/app.ts';
import { hasChromium, launchBrowser, viewer, type WatchedPage, watchedPage } from './support/browser.ts';
import { type SignedUp, startTestServer, type TestServer } from './support/server.ts';

interface StoredSession {
  accessToken: string;
  refreshToken: string;
}
const storedSession = (page: Page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('charter.session') ?? 'null') as StoredSession | null);

describe.skipIf(!hasChromium)('the session in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let watched: WatchedPage;
  let user: SignedUp;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      // Access tokens live a minute (the shortest the server allows); open streams re-check every second.
      startTestServer('pglite', { env: { ACCESS_TOKEN_TTL_SECONDS: '60' }, credentialRecheckMs: 1_000 }),
      launchBrowser(),
    ]);
    user = await server.signUp('Sam');
  });
  /** A client with a token of its own, fresh: tokens here expire within the minute. */
  async function api() {
    const { accessToken } = await server
      .client()
      .auth.logIn.mutate({ email: user.email, password: user.password });
    return server.client(accessToken);
  }
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    expect(watched.problems).toEqual([]);
    await context.close();
  });

  it('renews the access token before it expires, and live updates carry on past its expiry', async () => {
    context = await browser.newContext(viewer);
    watched = await watchedPage(context);
    const { page } = watched;
    const project = await (await api()).projects.create.mutate({ name: 'Long day' });
    await logIn(page, server.url, { name: 'Sam', email: user.email, password: user.password });
    const first = await storedSession(page);
    const loggedInAt = Date.now();
    await page.goto(`${server.url}/projects/${project.id}`);
    await waitUntilLive(page);

    // Renewed halfway through the token's minute, without a reload.
    await expect
      .poll(async () => (await storedSession(page))?.accessToken, { timeout: 45_000, interval: 1_000 })
      .not.toBe(first?.accessToken);
    // Past the first token's expiry: its stream was ended by the server, and the app opened another.
    await page.waitForTimeout(Math.max(0, loggedInAt + 65_000 - Date.now()));
    await (await api()).tasks.create.mutate({
      projectId: project.id,
      title: 'After the first token expired',
    });
    await page.getByRole('article', { name: 'After the first token expired' }).waitFor({ timeout: 15_000 });

    // The refresh token was traded once, never twice: the session is still good on the server.
    const now = await storedSession(page);
    expect(now?.refreshToken).not.toBe(first?.refreshToken);
    const renewed = await server.client().auth.refresh.mutate({ refreshToken: now?.refreshToken ?? '' });
    expect(renewed.user.email).toBe(user.email);
  }, 150_000);

  it('goes back to log-in when the session has ended on the server, and returns to the page after', async () => {
    context = await browser.newContext(viewer);
    watched = await watchedPage(context);
    const { page } = watched;
    await logIn(page, server.url, { name: 'Sam', email: user.email, password: user.password });
    const stored = await storedSession(page);
    // Logged out elsewhere (another device, or the account owner revoking the session).
    await server.client().auth.logOut.mutate({ refreshToken: stored?.refreshToken ?? '' });

    await page.getByRole('link', { name: 'Developer settings' }).click();
    await page.getByText('Your session has ended. Please log in again.').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/settings/api-keys');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 2, name: 'API keys' }).waitFor();
  });
});
