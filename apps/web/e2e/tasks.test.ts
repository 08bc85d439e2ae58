import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

/** The titles of the tasks listed, in order. */
const titles = (page: Page) => page.locator('.task-title').allTextContents();

describe.skipIf(!hasChromium)('tasks in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let watched: WatchedPage;
  let page: Page;
  let owner: SignedUp;
  let member: SignedUp;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('pglite'), launchBrowser()]);
    [owner, member] = await Promise.all([server.signUp('Tomoko'), server.signUp('Mateo')]);
    // A viewer in Tokyo (UTC+9, no daylight saving): due dates are shown and typed in Tokyo time.
    context = await browser.newContext(viewer);
    watched = await watchedPage(context);
    page = watched.page;
    await logIn(page, server.url, { name: 'Tomoko', email: owner.email, password: owner.password });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(watched.problems).toEqual([]);
  });

  async function project(name: string) {
    const created = await owner.client.projects.create.mutate({ name });
    await owner.client.projects.members.add.mutate({
      projectId: created.id,
      email: member.email,
      role: 'member',
    });
    await page.goto(`${server.url}/projects/${created.id}`);
    await page.getByRole('heading', { level: 2, name: 'Tasks' }).waitFor();
    return created.id;
  }

  it('creates a task due at a local time, stored as the same instant in UTC', async () => {
    const projectId = await project('Due dates');
    await page.getByText('No tasks yet').waitFor();
    await screenshot(page, 'tasks-empty');
    const form = page.getByRole('form', { name: 'New task' });
    await form.getByLabel('Title').fill('Write the announcement');
    await form.getByLabel('Due (optional)').fill('2030-06-01T18:00');
    await form.getByLabel('Labels (optional)').fill('writing, press');
    await form.getByLabel('Assignee').selectOption({ label: 'Mateo' });
    await form.getByRole('button', { name: 'Add task' }).click();

    const task = page.getByRole('article', { name: 'Write the announcement' });
    await task.waitFor();
    expect(await task.locator('time').textContent()).toBe('1 Jun 2030, 18:00');
    expect(await task.locator('time').getAttribute('datetime')).toBe('2030-06-01T09:00:00.000Z');
    expect(await task.getByText('Mateo').count()).toBe(1);
    // 18:00 in Tokyo is 09:00 UTC: that is what the server stored.
    const { items } = await owner.client.tasks.list.query({ projectId });
    expect(items[0]?.dueDate?.toISOString()).toBe('2030-06-01T09:00:00.000Z');
    expect(items[0]?.labels).toEqual(['writing', 'press']);
    // The title field is ready for the next task.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-task-title');
    await screenshot(page, 'tasks');
  });

  it("lines up the new task's Status, Due, Labels and Assignee controls in one row, hints under them", async () => {
    await project('Layout');
    const form = page.getByRole('form', { name: 'New task' });
    const boxes = await Promise.all(
      ['Status', 'Due (optional)', 'Labels (optional)', 'Assignee'].map((label) =>
        form.getByLabel(label).evaluate((control) => control.getBoundingClientRect().toJSON() as DOMRect),
      ),
    );
    const tops = boxes.map((box) => Math.round(box.top));
    // Once the Due and Labels inputs sat ~40 px lower, under their hints.
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(1);
    expect(new Set(boxes.map((box) => Math.round(box.left))).size).toBe(4);
  });

  it("shows the first task on a phone's first screen, the new-task form and filters folded above it", async () => {
    const projectId = await project('On a phone');
    await owner.client.tasks.create.mutate({ projectId, title: 'Call the printer' });
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.reload();
      const task = page.getByRole('article', { name: 'Call the printer' });
      await task.waitFor();
      // Once it started ~1,100 px down, below the whole form and the filters: now all of it is on the first screen.
      const box = await task.evaluate((element) => element.getBoundingClientRect().toJSON() as DOMRect);
      expect(box.bottom).toBeLessThanOrEqual(844);
      expect(await page.getByRole('form', { name: 'New task' }).isVisible()).toBe(false);
      await screenshot(page, 'tasks-phone');

      // Unfolded, the form works as on a wide screen.
      await page.getByText('New task', { exact: true }).first().click();
      const form = page.getByRole('form', { name: 'New task' });
      await form.getByLabel('Title').fill('Pick up the badges');
      await form.getByRole('button', { name: 'Add task' }).click();
      await page.getByRole('article', { name: 'Pick up the badges' }).waitFor();
      await page.getByText('Filter and sort', { exact: true }).click();
      await page.getByRole('search').getByLabel('Label').waitFor({ state: 'visible' });
    } finally {
      await page.setViewportSize(viewer.viewport ?? { width: 1280, height: 900 });
    }
  });

  it('shows a loading state only once a load has taken 200 ms, then an empty state saying what to do', async () => {
    const { id } = await owner.client.projects.create.mutate({ name: 'Slow network' });
    const slow = await context.newPage();
    // When each loading state was put in the page, and when its text showed.
    await slow.addInitScript(() => {
      const seen: { element: Element; added: number; shown?: number }[] = [];
      (window as unknown as { loadingStates: typeof seen }).loadingStates = seen;
      new MutationObserver(() => {
        for (const element of document.querySelectorAll('.loading')) {
          let state = seen.find((known) => known.element === element);
          if (!state) {
            state = { element, added: performance.now() };
            seen.push(state);
          }
          if (state.shown === undefined && element.textContent) state.shown = performance.now();
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await slow.route(
      (url) => url.pathname.includes('tasks.list'),
      async (route) => {
        await held;
        await route.continue();
      },
    );
    try {
      await slow.goto(`${server.url}/projects/${id}`);
      await slow.getByText('Loading tasks…').waitFor();
      const states = await slow.evaluate(() =>
        (window as unknown as { loadingStates: { added: number; shown?: number }[] }).loadingStates.map(
          ({ added, shown }) => ({ added, shown }),
        ),
      );
      // A quicker load never showed one (the project's own loaded without a flash of "Loading…").
      for (const { added, shown } of states)
        if (shown !== undefined) expect(shown - added).toBeGreaterThanOrEqual(195);
      release();
      const empty = slow.locator('.empty');
      await empty.getByText('No tasks yet').waitFor();
      expect(await empty.textContent()).toContain('Add the first one with “New task” above');
    } finally {
      release();
      await slow.close();
    }
  });

  it('creates one task when the form is submitted twice at once (one Idempotency-Key per form)', async () => {
    const projectId = await project('Double submit');
    const form = page.getByRole('form', { name: 'New task' });
    await form.getByLabel('Title').fill('Submitted twice');
    // Both submits leave before React re-renders and disables the button.
    await form.evaluate((element) => {
      const submitted = element as HTMLFormElement;
      submitted.requestSubmit();
      submitted.requestSubmit();
    });
    await page.getByRole('article', { name: 'Submitted twice' }).waitFor();
    await expect.poll(async () => (await owner.client.tasks.list.query({ projectId })).items.length).toBe(1);
    // The next task gets a key of its own.
    await form.getByLabel('Title').fill('The next one');
    await form.getByRole('button', { name: 'Add task' }).click();
    await page.getByRole('article', { name: 'The next one' }).waitFor();
    expect((await owner.client.tasks.list.query({ projectId })).items).toHaveLength(2);
  });

  it('refuses an empty title in the browser, with the message the server would give', async () => {
    await project('Validation');
    const form = page.getByRole('form', { name: 'New task' });
    await form.getByLabel('Title').fill('   ');
    await form.getByRole('button', { name: 'Add task' }).click();
    const title = form.getByLabel('Title');
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-task-title');
  });

  it('edits a task, due date included, and clears the due date', async () => {
    const projectId = await project('Editing');
    const created = await owner.client.tasks.create.mutate({
      projectId,
      title: 'Book the venue',
      dueDate: new Date('2030-03-08T03:00:00Z'),
    });
    const task = page.getByRole('article', { name: 'Book the venue' });
    await task.waitFor();
    expect(await task.locator('time').textContent()).toBe('8 Mar 2030, 12:00');

    await task.getByRole('button', { name: 'Edit Book the venue' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    // The form shows the due date in the viewer's time zone.
    expect(await dialog.getByLabel('Due (optional)').inputValue()).toBe('2030-03-08T12:00');
    await dialog.getByLabel('Title').fill('Book the hall');
    await dialog.getByLabel('Due (optional)').fill('2030-03-09T09:30');
    await dialog.getByLabel('Status').selectOption('in_progress');
    await screenshot(page, 'task-edit');
    await dialog.getByRole('button', { name: 'Save task' }).click();

    const edited = page.getByRole('article', { name: 'Book the hall' });
    await edited.waitFor();
    expect(await edited.locator('time').textContent()).toBe('9 Mar 2030, 09:30');
    const stored = await owner.client.tasks.get.query({ id: created.id });
    expect(stored).toMatchObject({ title: 'Book the hall', status: 'in_progress' });
    expect(stored.dueDate?.toISOString()).toBe('2030-03-09T00:30:00.000Z');
    // Focus returns to the button that opened the dialog.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Edit');

    await edited.getByRole('button', { name: 'Edit Book the hall' }).click();
    await dialog.getByLabel('Due (optional)').fill('');
    await dialog.getByRole('button', { name: 'Save task' }).click();
    await edited.getByText('No due date').waitFor();
    expect((await owner.client.tasks.get.query({ id: created.id })).dueDate).toBeNull();

    await edited.getByLabel('Status of Book the hall').selectOption('done');
    await expect
      .poll(async () => (await owner.client.tasks.get.query({ id: created.id })).status)
      .toBe('done');

    await edited.getByRole('button', { name: 'Delete Book the hall' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete task' }).click();
    await page.getByText('No tasks yet').waitFor();
  });

  it('filters by status, label, assignee and due date, and sorts', async () => {
    const projectId = await project('Filtering');
    const due = (iso: string) => new Date(iso);
    for (const task of [
      { title: 'Charlie', status: 'todo', labels: ['press'], dueDate: due('2030-01-03T00:00:00Z') },
      { title: 'Alpha', status: 'done', labels: ['venue'], dueDate: due('2030-01-01T00:00:00Z') },
      { title: 'Bravo', status: 'in_progress', labels: ['press'], assigneeId: member.user.id },
      { title: 'Delta', status: 'todo', dueDate: due('2030-01-02T00:00:00Z') },
    ] as const) {
      await owner.client.tasks.create.mutate({ projectId, ...task, labels: [...(task.labels ?? [])] });
    }
    await expect.poll(() => titles(page)).toEqual(['Delta', 'Bravo', 'Alpha', 'Charlie']);

    const filters = page.getByRole('search');
    await filters.getByRole('checkbox', { name: 'Done' }).check();
    await expect.poll(() => titles(page)).toEqual(['Alpha']);
    // The filters are in the URL: a reload or a shared link keeps them.
    expect(new URL(page.url()).searchParams.get('status')).toBe('done');
    await filters.getByRole('checkbox', { name: 'Done' }).uncheck();

    await filters.getByLabel('Label').fill('press');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => titles(page)).toEqual(['Bravo', 'Charlie']);

    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await filters.getByLabel('Assignee').selectOption({ label: 'Mateo' });
    await expect.poll(() => titles(page)).toEqual(['Bravo']);
    await filters.getByLabel('Assignee').selectOption({ label: 'Nobody' });
    await expect.poll(() => titles(page)).toEqual(['Delta', 'Alpha', 'Charlie']);
    await filters.getByLabel('Assignee').selectOption({ label: 'Anyone' });

    // Due before 2 Jan 2030 09:00 in Tokyo, which is 2 Jan 00:00 UTC: Alpha only.
    await filters.getByLabel('Due before').fill('2030-01-02T09:00');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => titles(page)).toEqual(['Alpha']);
    expect(new URL(page.url()).searchParams.get('dueBefore')).toBe('2030-01-02T00:00:00.000Z');
    // A range the wrong way round is refused with the schema's message, under the field.
    await filters.getByLabel('Due from').fill('2030-02-01T00:00');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => filters.getByLabel('Due before').getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();

    await filters.getByLabel('Sort by').selectOption('title');
    await filters.getByLabel('Order').selectOption('asc');
    await expect.poll(() => titles(page)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    await filters.getByLabel('Sort by').selectOption('dueDate');
    // Soonest first; without a due date last.
    await expect.poll(() => titles(page)).toEqual(['Alpha', 'Delta', 'Charlie', 'Bravo']);
    await screenshot(page, 'tasks-filtered');
    await page.reload();
    await expect.poll(() => titles(page)).toEqual(['Alpha', 'Delta', 'Charlie', 'Bravo']);
  });

  it('pages through a long list', async () => {
    const projectId = await project('Paging');
    for (let n = 1; n <= 23; n++) {
      await owner.client.tasks.create.mutate({ projectId, title: `Task ${String(n).padStart(2, '0')}` });
    }
    await page.reload();
    await expect.poll(() => titles(page).then((list) => list.length)).toBe(20);
    expect((await titles(page))[0]).toBe('Task 23');
    await page.getByText('Showing 20 tasks; more below.').waitFor();
    await page.getByRole('button', { name: 'Load more tasks' }).click();
    await expect.poll(() => titles(page).then((list) => list.length)).toBe(23);
    expect((await titles(page)).at(-1)).toBe('Task 01');
    expect(await page.getByRole('button', { name: 'Load more tasks' }).count()).toBe(0);
    // Focus moves to the first task loaded.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby') ?? ''))
      .toMatch(/^task-/);
  });

  it('lets a viewer read tasks but not change them', async () => {
    const projectId = await project('Read only');
    await owner.client.tasks.create.mutate({ projectId, title: 'Look, do not touch' });
    const viewerUser = await server.signUp('Vera');
    await owner.client.projects.members.add.mutate({ projectId, email: viewerUser.email, role: 'viewer' });
    const theirs = await browser.newContext(viewer);
    try {
      const theirPage = await theirs.newPage();
      await logIn(theirPage, server.url, {
        name: 'Vera',
        email: viewerUser.email,
        password: viewerUser.password,
      });
      await theirPage.goto(`${server.url}/projects/${projectId}`);
      await theirPage.getByRole('article', { name: 'Look, do not touch' }).waitFor();
      expect(await theirPage.getByRole('form', { name: 'New task' }).count()).toBe(0);
      expect(await theirPage.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    } finally {
      await theirs.close();
    }
  });
});
