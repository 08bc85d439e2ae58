import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logIn, newAccount, signUp } from './support/app.ts';
import {
  hasChromium,
  launchBrowser,
  screenshot,
  viewer,
  type WatchedPage,
  watchedPage,
} from './support/browser.ts';
import { startTestServer, type TestServer } from './support/server.ts';

describe.skipIf(!hasChromium)('accounts in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let watched: WatchedPage;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('pglite'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    expect(watched.problems).toEqual([]);
    await context.close();
  });
  async function freshPage() {
    context = await browser.newContext(viewer);
    watched = await watchedPage(context);
    return watched.page;
  }

  it('signs up, logs out and logs back in; a reload keeps the session', async () => {
    const page = await freshPage();
    const ada = newAccount('Ada');
    await page.goto(server.url);
    // Not signed in: the app sends a visitor to log in.
    await page.getByRole('heading', { level: 1, name: 'Log in to Charter' }).waitFor();
    await screenshot(page, 'log-in');
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create your Charter account' }).waitFor();
    await screenshot(page, 'sign-up');

    await signUp(page, server.url, ada);
    await expect.poll(() => page.locator('.who').textContent()).toBe('Ada');
    await page.getByText('No projects yet').waitFor();
    await screenshot(page, 'projects-empty');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('You have logged out.').waitFor();
    // The session is gone from the server too: the old access token no longer works.
    await page.goto(`${server.url}/projects`);
    await page.getByRole('heading', { level: 1, name: 'Log in to Charter' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/projects');

    await logIn(page, server.url, ada);
    expect(new URL(page.url()).pathname).toBe('/projects');
  });

  it("checks forms with the contract's schemas, refusing what the server would, in words for people", async () => {
    const page = await freshPage();
    await page.goto(`${server.url}/sign-up`);
    await page.getByLabel('Name').fill('Bea');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up' }).click();

    // The same input, sent straight to the server, is refused for the same fields.
    const refused = await fetch(`${server.url}/api/v1/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bea', email: 'not-an-email', password: 'short' }),
    });
    const problem = (await refused.json()) as { issues: { path: string[] }[] };
    expect(problem.issues.map((issue) => issue.path[0]).sort()).toEqual(['email', 'password']);

    const errorOf = async (label: string) => {
      const field = page.getByLabel(label);
      await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
      const described = (await field.getAttribute('aria-describedby')) ?? '';
      return page.locator(`#${described.split(' ')[0]}`).textContent();
    };
    expect(await errorOf('Email')).toBe('Enter an email address, like name@example.com.');
    // Not zod's "Too small: expected string to have >=8 characters" under the friendlier hint.
    expect(await errorOf('Password')).toBe('Use at least 8 characters.');
    expect(await page.locator('main').textContent()).not.toMatch(/Too small|expected string|Invalid/);
    // Focus moves to the first field to correct.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-up-email');
    await screenshot(page, 'sign-up-errors');
  });

  it('moves focus to the page heading for screen readers, with no outline drawn around it', async () => {
    const page = await freshPage();
    const headingFocus = () =>
      page.evaluate(() => {
        const focused = document.activeElement;
        if (!(focused instanceof HTMLElement)) return undefined;
        return { tag: focused.tagName, outline: getComputedStyle(focused).outlineStyle };
      });
    // On first load, where Chromium counts a script's focus as :focus-visible.
    await page.goto(`${server.url}/log-in`);
    await expect.poll(headingFocus).toEqual({ tag: 'H1', outline: 'none' });
    // And after navigating with the keyboard, where it does too.
    await page.getByRole('link', { name: 'Sign up' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Create your Charter account' }).waitFor();
    await expect.poll(headingFocus).toEqual({ tag: 'H1', outline: 'none' });
    // A control reached with Tab is still outlined.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).toBe(
      'solid',
    );
  });

  it('says when an email is taken, and when a log-in is wrong, without leaving the form', async () => {
    const page = await freshPage();
    const { email } = await server.signUp('Cleo');
    await page.goto(`${server.url}/sign-up`);
    await page.getByLabel('Name').fill('Cleo again');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('An account with this email already exists.').waitFor();
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');

    await page.goto(`${server.url}/log-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('The email or password is incorrect.').waitFor();
  });

  it('says why a common or repetitive password is refused before sending it, with a list it loads only here', async () => {
    const page = await freshPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    let signUps = 0;
    page.on('request', (request) => {
      if (request.url().includes('auth.signUp') || request.url().includes('/auth/sign-up')) signUps += 1;
    });
    await page.goto(`${server.url}/log-in`);
    await page.getByRole('heading', { level: 1, name: 'Log in to Charter' }).waitFor();
    const firstDownload = [...scripts];
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create your Charter account' }).waitFor();
    // The list came with the sign-up page, in a script the log-in page did not need.
    await expect
      .poll(() => scripts.filter((script) => !firstDownload.includes(script)).length)
      .toBeGreaterThan(0);

    await page.getByLabel('Name').fill('Dee');
    await page.getByLabel('Email').fill('dee@example.com');
    const password = page.getByLabel('Password');
    for (const [weak, reason] of [
      ['password', 'Too easy to guess: it is on a list of common and breached passwords.'],
      ['12345678', 'Too easy to guess: it repeats or runs through a sequence'],
      [' '.repeat(12), 'Too easy to guess: it repeats or runs through a sequence'],
    ] as const) {
      await password.fill(weak);
      await page.getByRole('button', { name: 'Sign up' }).click();
      await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
      const described = (await password.getAttribute('aria-describedby')) ?? '';
      await expect.poll(() => page.locator(`#${described.split(' ')[0]}`).textContent()).toContain(reason);
    }
    expect(signUps).toBe(0);
  });

  it('goes to the projects page, not a blank one, when ?next= hides another host behind a tab', async () => {
    const page = await freshPage();
    const { email, password } = await server.signUp('Eve');
    await page.goto(`${server.url}/log-in?next=/%09/evil.example/x`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/projects');
  });

  it('logs in with the keyboard alone', async () => {
    const page = await freshPage();
    const dan = newAccount('Dan');
    await server.client().auth.signUp.mutate(dan);
    await page.goto(`${server.url}/log-in`);
    await page.getByRole('heading', { level: 1, name: 'Log in to Charter' }).waitFor();

    // Tab until the email field has focus, as a keyboard user would, and type from there.
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
    for (let presses = 0; presses < 10 && (await focusedId()) !== 'log-in-email'; presses++) {
      await page.keyboard.press('Tab');
    }
    expect(await focusedId()).toBe('log-in-email');
    await page.keyboard.type(dan.email);
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('log-in-password');
    await page.keyboard.type(dan.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    // After navigating, focus is on the new page's heading, where reading starts.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  });

  it('shares one session between tabs, and logging out in one logs out the other', async () => {
    const page = await freshPage();
    const eve = newAccount('Eve');
    await signUp(page, server.url, eve);
    const other = await context.newPage();
    await other.goto(`${server.url}/projects`);
    await other.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await other.getByRole('heading', { level: 1, name: 'Log in to Charter' }).waitFor();
  });
});
