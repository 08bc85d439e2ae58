import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Account, createProject, logIn, newAccount, signUp } from './support/app.ts';
import {
  hasChromium,
  launchBrowser,
  screenshot,
  viewer,
  type WatchedPage,
  watchedPage,
} from './support/browser.ts';
import { type SignedUp, startTestServer, type TestServer } from './support/server.ts';

describe.skipIf(!hasChromium)('projects and members in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let watched: WatchedPage;
  let page: Page;
  const owner: Account = newAccount('Olivia');

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('pglite'), launchBrowser()]);
    context = await browser.newContext(viewer);
    watched = await watchedPage(context);
    page = watched.page;
    await signUp(page, server.url, owner);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(watched.problems).toEqual([]);
  });

  it('creates a project, lists it, renames it and deletes it', async () => {
    const id = await createProject(page, server.url, 'Launch');
    await page.getByRole('heading', { level: 2, name: 'Tasks' }).waitFor();
    // The owner's role shows next to the name.
    expect(await page.locator('.project-header .badge').textContent()).toBe('Owner');

    await page.getByRole('link', { name: 'Projects', exact: true }).first().click();
    await page.getByRole('link', { name: 'Launch' }).waitFor();
    await screenshot(page, 'projects');

    await page.goto(`${server.url}/projects/${id}/settings`);
    const name = page.getByLabel('Project name');
    await name.fill('Spring launch');
    await page.getByLabel('Description').fill('Everything for the spring launch');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Spring launch' }).waitFor();
    await page.getByText('Everything for the spring launch').first().waitFor();
    await screenshot(page, 'project-settings');
    // The server has it too.
    const stored = await server.client(await accessTokenOf(page)).projects.get.query({ id });
    expect(stored).toMatchObject({ name: 'Spring launch', description: 'Everything for the spring launch' });

    // An empty name is refused in the browser with the schema's message, and nothing is sent.
    await name.fill('   ');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: 'Delete project' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Spring launch”?' });
    await dialog.waitFor();
    // The safe choice has focus first.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await dialog.getByRole('button', { name: 'Delete project' }).click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    await page.getByText('No projects yet').waitFor();
    await page.goto(`${server.url}/projects/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Project not found' }).waitFor();
  });

  it('adds a member by email and changes their role; the member sees the project with that role', async () => {
    const member: SignedUp = await server.signUp('Mia');
    const id = await createProject(page, server.url, 'Team project');
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { level: 2, name: 'Members' }).waitFor();

    // Someone without an account: the server's answer shows under the email field.
    await page.getByLabel('Email').fill('nobody-here@example.com');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByText('No account has this email.').waitFor();
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Email').fill(member.email);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Add member' }).click();
    const row = page.getByRole('row', { name: /Mia/ });
    await row.waitFor();
    const roleOfMia = page.getByLabel('Role of Mia');
    expect(await roleOfMia.inputValue()).toBe('viewer');

    await roleOfMia.selectOption('admin');
    await expect.poll(async () => (await member.client.projects.get.query({ id })).role).toBe('admin');
    await screenshot(page, 'members');

    // Mia logs in in a browser of her own and sees the project, as an admin.
    const theirs = await browser.newContext(viewer);
    try {
      const theirPage = await theirs.newPage();
      await logIn(theirPage, server.url, { name: 'Mia', email: member.email, password: member.password });
      await theirPage.getByRole('link', { name: 'Team project' }).click();
      expect(await theirPage.locator('.project-header .badge').textContent()).toBe('Admin');
    } finally {
      await theirs.close();
    }

    await page.getByRole('button', { name: 'Remove Mia' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove member' }).click();
    await expect.poll(() => row.count()).toBe(0);
  });
});

/** The access token the app holds, to check the server's side with the typed client. */
async function accessTokenOf(page: Page): Promise<string> {
  const stored = await page.evaluate(() => localStorage.getItem('charter.session'));
  return (JSON.parse(stored ?? '{}') as { accessToken: string }).accessToken;
}
