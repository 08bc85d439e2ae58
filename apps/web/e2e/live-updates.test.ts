import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logIn, waitUntilLive } from './support/app.ts';
import {
  hasChromium,
  launchBrowser,
  screenshot,
  viewer,
  type WatchedPage,
  watchedPage,
} from './support/browser.ts';
import { type SignedUp, startTestServer, type TestServer } from './support/server.ts';

const titles = (page: Page) => page.locator('.task-title').allTextContents();

/** Marks the page, so a test can tell that a change arrived live and not through a reload. */
async function markUnreloaded(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { unreloaded: boolean }).unreloaded = true;
  });
}
/** A promise the test settles when it chooses: `await gate.passed` waits for `gate.open()`. */
function gate() {
  let open = () => {};
  const passed = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { passed, open };
}

const wasNotReloaded = (page: Page) =>
  page.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded === true);

describe.skipIf(!hasChromium)('live task updates between pages', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const watched: WatchedPage[] = [];
  let owner: SignedUp;
  let member: SignedUp;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('pglite'), launchBrowser()]);
    [owner, member] = await Promise.all([server.signUp('Owen'), server.signUp('Maya')]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    for (const { problems } of watched.splice(0)) expect(problems).toEqual([]);
    for (const context of contexts.splice(0)) await context.close();
  });

  /** A browser of its own (as another person's would be), logged in. */
  async function logInAs(user: SignedUp, name: string): Promise<Page> {
    const context = await browser.newContext(viewer);
    contexts.push(context);
    const opened = await watchedPage(context);
    watched.push(opened);
    await logIn(opened.page, server.url, { name, email: user.email, password: user.password });
    return opened.page;
  }

  /** The same, open on the project with its live updates connected. */
  async function openAs(user: SignedUp, projectId: string, name: string): Promise<Page> {
    const page = await logInAs(user, name);
    await page.goto(`${server.url}/projects/${projectId}`);
    await waitUntilLive(page);
    await markUnreloaded(page);
    return page;
  }

  async function sharedProject(name: string) {
    const project = await owner.client.projects.create.mutate({ name });
    await owner.client.projects.members.add.mutate({
      projectId: project.id,
      email: member.email,
      role: 'member',
    });
    return project.id;
  }

  it("shows one person's new, edited and deleted tasks on the other's page as they happen", async () => {
    const projectId = await sharedProject('Live');
    const [ownerPage, memberPage] = await Promise.all([
      openAs(owner, projectId, 'Owen'),
      openAs(member, projectId, 'Maya'),
    ]);

    const form = ownerPage.getByRole('form', { name: 'New task' });
    await form.getByLabel('Title').fill('Print the posters');
    await form.getByLabel('Due (optional)').fill('2030-06-01T18:00');
    await form.getByRole('button', { name: 'Add task' }).click();
    const onMemberPage = memberPage.getByRole('article', { name: 'Print the posters' });
    await onMemberPage.waitFor();
    expect(await onMemberPage.locator('time').textContent()).toBe('1 Jun 2030, 18:00');
    await screenshot(memberPage, 'live-other-page');

    await onMemberPage.getByLabel('Status of Print the posters').selectOption('in_progress');
    await expect
      .poll(() => ownerPage.getByLabel('Status of Print the posters').inputValue())
      .toBe('in_progress');

    await ownerPage.getByRole('button', { name: 'Delete Print the posters' }).click();
    await ownerPage.getByRole('dialog').getByRole('button', { name: 'Delete task' }).click();
    await expect.poll(() => titles(memberPage)).toEqual([]);

    expect(await wasNotReloaded(ownerPage)).toBe(true);
    expect(await wasNotReloaded(memberPage)).toBe(true);
  });

  it('shows a change made through the REST API, outside any browser', async () => {
    const projectId = await sharedProject('From the API');
    const page = await openAs(member, projectId, 'Maya');

    const created = await fetch(`${server.url}/api/v1/projects/${projectId}/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Filed by a script', dueDate: '2030-06-01T09:00:00Z', labels: ['ci'] }),
    });
    expect(created.status).toBe(201);
    const task = (await created.json()) as { id: string };
    const article = page.getByRole('article', { name: 'Filed by a script' });
    await article.waitFor();
    // 09:00 UTC is 18:00 in Tokyo, where this viewer is.
    expect(await article.locator('time').textContent()).toBe('1 Jun 2030, 18:00');

    // And through the typed client.
    await owner.client.tasks.update.mutate({ id: task.id, title: 'Filed by a script, then renamed' });
    await page.getByRole('article', { name: 'Filed by a script, then renamed' }).waitFor();
    expect(await wasNotReloaded(page)).toBe(true);
  });

  it('shows a task created while the list is still loading, before the stream opened', async () => {
    const projectId = await sharedProject('Slow first load');
    const page = await logInAs(member, 'Maya');

    // A slow network, held by the test: the list's first answer is read at once and delivered
    // late, and the event stream opens only when the test lets it.
    const firstListRead = gate();
    const deliverFirstList = gate();
    const openStream = gate();
    let listRequests = 0;
    await page.route(/\/trpc\/[^?]*tasks\.list/, async (route) => {
      if (++listRequests > 1) return route.continue();
      const response = await route.fetch();
      firstListRead.open();
      await deliverFirstList.passed;
      // The app may have given up on this answer by now: that is the point.
      await route.fulfill({ response }).catch(() => undefined);
    });
    await page.route(/\/trpc\/tasks\.onChange/, async (route) => {
      await openStream.passed;
      await route.continue();
    });

    await page.goto(`${server.url}/projects/${projectId}`);
    await firstListRead.passed;
    await member.client.tasks.create.mutate({ projectId, title: 'Created during the first load' });
    // No event will tell of it: it was made before the stream opened. The stream's start must.
    openStream.open();
    await waitUntilLive(page);
    deliverFirstList.open();

    await page.getByRole('article', { name: 'Created during the first load' }).waitFor();
  });

  it('shares changes between two tabs of one browser, logged in once', async () => {
    const projectId = await sharedProject('Two tabs');
    const first = await openAs(owner, projectId, 'Owen');
    const opened = await watchedPage(first.context());
    watched.push(opened);
    const second = opened.page;
    await second.goto(`${server.url}/projects/${projectId}`);
    await waitUntilLive(second);

    await second.getByRole('form', { name: 'New task' }).getByLabel('Title').fill('From the second tab');
    await second.getByRole('button', { name: 'Add task' }).click();
    await first.getByRole('article', { name: 'From the second tab' }).waitFor();
    expect(await wasNotReloaded(first)).toBe(true);
  });
});
