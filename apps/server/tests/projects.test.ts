import { limits } from '@charter/contract';
import { describe, expect, it } from 'vitest';
import { expectApiError } from './support/api-error.ts';
import { describeOnEachDatabase } from './support/each-database.ts';

describeOnEachDatabase('projects', (server) => {
  it('creates a project whose creator is its owner', async () => {
    const { client } = await server().signUp('Owner');
    const project = await client.projects.create.mutate({
      name: '  Launch ',
      description: 'Everything for the launch',
    });
    expect(project).toMatchObject({
      name: 'Launch',
      description: 'Everything for the launch',
      role: 'owner',
    });
    expect(project.createdAt).toBeInstanceOf(Date);
    expect(await client.projects.get.query({ id: project.id })).toEqual(project);
    expect(await client.projects.members.list.query({ projectId: project.id })).toEqual([
      expect.objectContaining({ role: 'owner' }),
    ]);
  });

  it('stores an empty description as none', async () => {
    const { client } = await server().signUp('Owner');
    expect((await client.projects.create.mutate({ name: 'P', description: '   ' })).description).toBeNull();
  });

  it('renames a project and clears its description', async () => {
    const { client } = await server().signUp('Owner');
    const project = await client.projects.create.mutate({ name: 'Old', description: 'd' });
    await new Promise((resolve) => setTimeout(resolve, 5)); // so the update's time differs from the create's
    const renamed = await client.projects.update.mutate({ id: project.id, name: 'New', description: null });
    expect(renamed).toMatchObject({ name: 'New', description: null });
    expect(renamed.updatedAt.getTime()).toBeGreaterThan(project.updatedAt.getTime());
  });

  it('hides a project from anyone who is not a member: NOT_FOUND, not FORBIDDEN', async () => {
    const owner = await server().signUp('Owner');
    const stranger = await server().signUp('Stranger');
    const project = await owner.client.projects.create.mutate({ name: 'Secret' });
    for (const call of [
      () => stranger.client.projects.get.query({ id: project.id }),
      () => stranger.client.projects.update.mutate({ id: project.id, name: 'Mine' }),
      () => stranger.client.projects.delete.mutate({ id: project.id }),
      () => stranger.client.projects.members.list.query({ projectId: project.id }),
    ]) {
      await expectApiError(call(), { appCode: 'NOT_FOUND', httpStatus: 404 });
    }
    expect((await stranger.client.projects.list.query()).items).toEqual([]);
    expect((await owner.client.projects.get.query({ id: project.id })).name).toBe('Secret');
  });

  it('lets only the owner delete a project, and deletes its tasks with it', async () => {
    const owner = await server().signUp('Owner');
    const admin = await server().signUp('Admin');
    const project = await owner.client.projects.create.mutate({ name: 'Doomed' });
    await owner.client.projects.members.add.mutate({
      projectId: project.id,
      email: admin.email,
      role: 'admin',
    });
    const task = await owner.client.tasks.create.mutate({ projectId: project.id, title: 'Soon gone' });

    await expectApiError(admin.client.projects.delete.mutate({ id: project.id }), {
      appCode: 'FORBIDDEN',
      httpStatus: 403,
      message: 'Your role in this project is admin; this needs owner.',
    });
    expect(await owner.client.projects.delete.mutate({ id: project.id })).toEqual({
      id: project.id,
      deleted: true,
    });
    await expectApiError(owner.client.projects.get.query({ id: project.id }), { appCode: 'NOT_FOUND' });
    await expectApiError(owner.client.tasks.get.query({ id: task.id }), { appCode: 'NOT_FOUND' });
    await expectApiError(owner.client.projects.delete.mutate({ id: project.id }), { appCode: 'NOT_FOUND' });
  });

  it('refuses an update that changes nothing, and a name past the limit, changing nothing', async () => {
    const { client } = await server().signUp('Owner');
    const project = await client.projects.create.mutate({ name: 'Stable' });
    await expectApiError(client.projects.update.mutate({ id: project.id }), { appCode: 'VALIDATION_FAILED' });
    await expectApiError(
      client.projects.update.mutate({ id: project.id, name: 'x'.repeat(limits.projectNameMaxLength + 1) }),
      {
        appCode: 'VALIDATION_FAILED',
      },
    );
    expect(await client.projects.get.query({ id: project.id })).toEqual(project);
  });

  describe('list', () => {
    it('pages through every project of the caller, newest first, each exactly once', async () => {
      const { client } = await server().signUp('Collector');
      const created = [];
      for (let i = 0; i < 7; i++) created.push(await client.projects.create.mutate({ name: `P${i}` }));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.projects.list.query({ limit: 3, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((project) => project.name));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(created.map((project) => project.name).reverse());
    });

    it('refuses a cursor it did not make with INVALID_CURSOR', async () => {
      const { client } = await server().signUp('Forger');
      await expectApiError(client.projects.list.query({ cursor: 'bm90IGEgY3Vyc29y' }), {
        appCode: 'INVALID_CURSOR',
        httpStatus: 400,
      });
    });
  });
});
