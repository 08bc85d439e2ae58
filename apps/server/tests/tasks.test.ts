import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { expectApiError } from './support/api-error.ts';
import { describeOnEachDatabase } from './support/each-database.ts';

describeOnEachDatabase('tasks', (server) => {
  async function ownProject() {
    const owner = await server().signUp('Owner');
    const project = await owner.client.projects.create.mutate({ name: 'Work' });
    return { ...owner, project };
  }

  it('creates a task and sends its due date back as the same Date', async () => {
    const { client, project, user } = await ownProject();
    const dueDate = new Date('2031-03-04T05:06:07.089Z');
    const task = await client.tasks.create.mutate({
      projectId: project.id,
      title: 'Write the launch post',
      dueDate,
      labels: ['writing', 'launch', 'writing'],
      status: 'in_progress',
      assigneeId: user.id,
    });
    expect(task).toMatchObject({
      projectId: project.id,
      title: 'Write the launch post',
      description: null,
      status: 'in_progress',
      labels: ['writing', 'launch'],
      assigneeId: user.id,
      createdBy: user.id,
    });
    expect(task.dueDate).toBeInstanceOf(Date);
    expect(task.dueDate?.getTime()).toBe(dueDate.getTime());
    expect(await client.tasks.get.query({ id: task.id })).toEqual(task);
  });

  it('defaults a new task to todo, with no labels, assignee or due date', async () => {
    const { client, project } = await ownProject();
    expect(await client.tasks.create.mutate({ projectId: project.id, title: 'Plain' })).toMatchObject({
      status: 'todo',
      labels: [],
      assigneeId: null,
      dueDate: null,
    });
  });

  it('changes only the fields given, and clears with null', async () => {
    const { client, project, user } = await ownProject();
    const task = await client.tasks.create.mutate({
      projectId: project.id,
      title: 'Edit me',
      description: 'first',
      dueDate: new Date('2030-01-01T00:00:00.000Z'),
      assigneeId: user.id,
    });
    const edited = await client.tasks.update.mutate({
      id: task.id,
      status: 'done',
      dueDate: null,
      assigneeId: null,
    });
    expect(edited).toMatchObject({
      title: 'Edit me',
      description: 'first',
      status: 'done',
      dueDate: null,
      assigneeId: null,
    });
    expect(edited.updatedAt.getTime()).toBeGreaterThan(task.updatedAt.getTime());
    expect(edited.createdAt).toEqual(task.createdAt);
    expect(await client.tasks.get.query({ id: task.id })).toEqual(edited);
  });

  it('deletes a task', async () => {
    const { client, project } = await ownProject();
    const task = await client.tasks.create.mutate({ projectId: project.id, title: 'Short-lived' });
    expect(await client.tasks.delete.mutate({ id: task.id })).toEqual({ id: task.id, deleted: true });
    await expectApiError(client.tasks.get.query({ id: task.id }), { appCode: 'NOT_FOUND' });
    await expectApiError(client.tasks.delete.mutate({ id: task.id }), { appCode: 'NOT_FOUND' });
  });

  it('refuses an assignee who is not a member, changing nothing', async () => {
    const { client, project } = await ownProject();
    const outsider = await server().signUp('Outsider');
    await expectApiError(
      client.tasks.create.mutate({ projectId: project.id, title: 'x', assigneeId: outsider.user.id }),
      {
        appCode: 'ASSIGNEE_NOT_A_MEMBER',
        httpStatus: 400,
      },
    );
    const task = await client.tasks.create.mutate({ projectId: project.id, title: 'Mine' });
    await expectApiError(
      client.tasks.update.mutate({ id: task.id, title: 'Changed', assigneeId: outsider.user.id }),
      {
        appCode: 'ASSIGNEE_NOT_A_MEMBER',
      },
    );
    expect(await client.tasks.get.query({ id: task.id })).toEqual(task);
    expect((await client.tasks.list.query({ projectId: project.id })).items).toHaveLength(1);
  });

  it('lets viewers read tasks but not write them', async () => {
    const { client, project } = await ownProject();
    const viewer = await server().signUp('Viewer');
    await client.projects.members.add.mutate({ projectId: project.id, email: viewer.email, role: 'viewer' });
    const task = await client.tasks.create.mutate({ projectId: project.id, title: 'Look, do not touch' });
    expect(await viewer.client.tasks.get.query({ id: task.id })).toEqual(task);
    const forbidden = {
      appCode: 'FORBIDDEN',
      httpStatus: 403,
      message: 'Your role in this project is viewer; this needs member or admin or owner.',
    } as const;
    await expectApiError(
      viewer.client.tasks.create.mutate({ projectId: project.id, title: 'Sneaky' }),
      forbidden,
    );
    await expectApiError(viewer.client.tasks.update.mutate({ id: task.id, title: 'Sneaky' }), forbidden);
    await expectApiError(viewer.client.tasks.delete.mutate({ id: task.id }), forbidden);
    expect(await client.tasks.get.query({ id: task.id })).toEqual(task);
  });

  it('hides tasks from non-members as not found', async () => {
    const { client, project } = await ownProject();
    const stranger = await server().signUp('Stranger');
    const task = await client.tasks.create.mutate({ projectId: project.id, title: 'Private' });
    await expectApiError(stranger.client.tasks.get.query({ id: task.id }), { appCode: 'NOT_FOUND' });
    await expectApiError(stranger.client.tasks.update.mutate({ id: task.id, title: 'x' }), {
      appCode: 'NOT_FOUND',
    });
    await expectApiError(stranger.client.tasks.list.query({ projectId: project.id }), {
      appCode: 'NOT_FOUND',
    });
    await expectApiError(stranger.client.tasks.create.mutate({ projectId: project.id, title: 'x' }), {
      appCode: 'NOT_FOUND',
    });
    await expectApiError(stranger.client.tasks.get.query({ id: randomUUID() }), { appCode: 'NOT_FOUND' });
  });

  it('refuses invalid task input with each issue and its path', async () => {
    const { client, project } = await ownProject();
    const error = await expectApiError(
      client.tasks.create.mutate({
        projectId: project.id,
        title: '',
        labels: ['ok', ''],
        dueDate: new Date(Number.NaN),
      }),
      { appCode: 'VALIDATION_FAILED' },
    );
    expect(error.data?.issues?.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([['title'], ['labels', 1], ['dueDate']]),
    );
    expect((await client.tasks.list.query({ projectId: project.id })).items).toEqual([]);
  });
});
