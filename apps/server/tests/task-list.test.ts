import type { RouterInputs, RouterOutputs } from '@charter/client';
import { limits } from '@charter/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from './support/api-error.ts';
import { describeOnEachDatabase } from './support/each-database.ts';
import type { SignedUp } from './support/test-server.ts';

type Task = RouterOutputs['tasks']['get'];
type ListInput = RouterInputs['tasks']['list'];

describeOnEachDatabase('listing tasks', (server) => {
  let owner: SignedUp;
  let helper: SignedUp;
  let projectId: string;
  let all: Task[];

  beforeAll(async () => {
    owner = await server().signUp('Owner');
    helper = await server().signUp('Helper');
    projectId = (await owner.client.projects.create.mutate({ name: 'Big' })).id;
    await owner.client.projects.members.add.mutate({ projectId, email: helper.email, role: 'member' });
    const statuses = ['todo', 'in_progress', 'done'] as const;
    all = [];
    for (let i = 0; i < 23; i++) {
      all.push(
        await owner.client.tasks.create.mutate({
          projectId,
          // Repeated titles and due dates make ties, which the pages must still split cleanly.
          title: `task ${String(i % 8).padStart(2, '0')}`,
          status: statuses[i % 3],
          ...(i % 4 === 0 ? {} : { dueDate: new Date(Date.UTC(2030, 0, 1 + (i % 6))) }),
          labels: i % 5 === 0 ? ['urgent', 'ops'] : ['ops'],
          ...(i % 2 === 0 ? { assigneeId: helper.user.id } : {}),
        }),
      );
    }
    // Another project's tasks must never leak in.
    const other = await owner.client.projects.create.mutate({ name: 'Other' });
    await owner.client.tasks.create.mutate({ projectId: other.id, title: 'elsewhere' });
  });

  async function everyPage(input: Omit<ListInput, 'cursor' | 'projectId'>, limit: number): Promise<Task[]> {
    const items: Task[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await owner.client.tasks.list.query({
        projectId,
        ...input,
        limit,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      if (!page.nextCursor) return items;
      cursor = page.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  const compare = {
    createdAt: (a: Task, b: Task) => a.createdAt.getTime() - b.createdAt.getTime(),
    updatedAt: (a: Task, b: Task) => a.updatedAt.getTime() - b.updatedAt.getTime(),
    title: (a: Task, b: Task) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0),
    dueDate: (a: Task, b: Task) =>
      (a.dueDate?.getTime() ?? Number.POSITIVE_INFINITY) - (b.dueDate?.getTime() ?? Number.POSITIVE_INFINITY),
  };
  const byId = (a: Task, b: Task) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  describe.each(['createdAt', 'updatedAt', 'title', 'dueDate'] as const)('sorted by %s', (sort) => {
    it.each(['asc', 'desc'] as const)(
      '%s: pages hold every task once, in order, across ties',
      async (order) => {
        const expected = [...all].sort((a, b) => {
          const primary = compare[sort](a, b) || byId(a, b);
          return order === 'asc' ? primary : -primary;
        });
        const listed = await everyPage({ sort, order }, 4);
        expect(listed.map((task) => task.id)).toEqual(expected.map((task) => task.id));
      },
    );
  });

  it('sorts newest first by default, 20 to a page', async () => {
    const page = await owner.client.tasks.list.query({ projectId });
    expect(page.items).toHaveLength(20);
    expect(page.items[0]?.id).toBe(all.at(-1)?.id);
    expect(page.nextCursor).not.toBeNull();
  });

  it('returns a single last page with no cursor', async () => {
    const page = await owner.client.tasks.list.query({ projectId, limit: 100 });
    expect(page.items).toHaveLength(all.length);
    expect(page.nextCursor).toBeNull();
  });

  it.each<[string, Omit<ListInput, 'projectId'>, (task: Task) => boolean]>([
    ['status', { status: ['done'] }, (task) => task.status === 'done'],
    ['several statuses', { status: ['todo', 'done'] }, (task) => task.status !== 'in_progress'],
    ['assignee', { assigneeId: 'helper' }, (task) => task.assigneeId !== null],
    ['no assignee', { assigneeId: null }, (task) => task.assigneeId === null],
    ['label', { label: 'urgent' }, (task) => task.labels.includes('urgent')],
    [
      'due range',
      { dueFrom: new Date(Date.UTC(2030, 0, 2)), dueBefore: new Date(Date.UTC(2030, 0, 4)) },
      (task) =>
        task.dueDate !== null &&
        task.dueDate >= new Date(Date.UTC(2030, 0, 2)) &&
        task.dueDate < new Date(Date.UTC(2030, 0, 4)),
    ],
  ])('filters by %s, across pages', async (_name, filter, keep) => {
    const resolved = filter.assigneeId === 'helper' ? { ...filter, assigneeId: helper.user.id } : filter;
    const listed = await everyPage({ ...resolved, sort: 'createdAt', order: 'asc' }, 3);
    const expected = all.filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(listed.map((task) => task.id)).toEqual(expected.map((task) => task.id));
  });

  it('combines filters', async () => {
    const listed = await everyPage({ status: ['todo'], label: 'urgent', sort: 'title', order: 'asc' }, 2);
    expect(new Set(listed.map((task) => task.id))).toEqual(
      new Set(
        all.filter((task) => task.status === 'todo' && task.labels.includes('urgent')).map((task) => task.id),
      ),
    );
  });

  it('refuses a cursor made for another sort or order, or one that is not a cursor', async () => {
    const page = await owner.client.tasks.list.query({ projectId, limit: 2, sort: 'title', order: 'asc' });
    const cursor = page.nextCursor ?? '';
    const invalid = { appCode: 'INVALID_CURSOR', httpStatus: 400 } as const;
    await expectApiError(
      owner.client.tasks.list.query({ projectId, cursor, sort: 'title', order: 'desc' }),
      invalid,
    );
    await expectApiError(
      owner.client.tasks.list.query({ projectId, cursor, sort: 'dueDate', order: 'asc' }),
      invalid,
    );
    await expectApiError(owner.client.tasks.list.query({ projectId, cursor: 'garbage' }), invalid);
    const tampered = Buffer.from(
      JSON.stringify({ s: 'createdAt', o: 'desc', k: 'yesterday', i: all[0]?.id }),
    ).toString('base64url');
    await expectApiError(owner.client.tasks.list.query({ projectId, cursor: tampered }), invalid);
  });

  it('pages on by titles of the longest, widest kind', async () => {
    const project = await owner.client.projects.create.mutate({ name: 'Wide titles' });
    // 3 UTF-8 bytes each; doubled by JSON escaping; and a surrogate pair (2 units, 4 bytes).
    const widest = ['界', '"', '\\', '😀'].map((char) =>
      char.repeat(limits.taskTitleMaxLength / char.length),
    );
    for (const title of widest) await owner.client.tasks.create.mutate({ projectId: project.id, title });
    const titles: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await owner.client.tasks.list.query({
        projectId: project.id,
        sort: 'title',
        limit: 1,
        ...(cursor ? { cursor } : {}),
      });
      titles.push(...page.items.map((task) => task.title));
      expect(page.nextCursor?.length ?? 0).toBeLessThanOrEqual(limits.cursorMaxLength);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(titles.sort()).toEqual([...widest].sort());
  });

  it('refuses a reversed due range and an oversized page', async () => {
    await expectApiError(
      owner.client.tasks.list.query({
        projectId,
        dueFrom: new Date(Date.UTC(2030, 0, 5)),
        dueBefore: new Date(Date.UTC(2030, 0, 1)),
      }),
      { appCode: 'VALIDATION_FAILED' },
    );
    await expectApiError(owner.client.tasks.list.query({ projectId, limit: 101 }), {
      appCode: 'VALIDATION_FAILED',
    });
  });
});
