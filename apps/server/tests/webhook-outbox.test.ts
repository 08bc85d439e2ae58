import { type ApiEvent, events } from '@charter/contract';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { apiError, expectApiError } from './support/api-error.ts';
import { describeOnEachDatabase } from './support/each-database.ts';

// A task with this title makes the outbox refuse its event: the fault comes after the change is written.
const refusedTitle = 'The outbox refuses this event';

describeOnEachDatabase('the webhook outbox', (server) => {
  const db = () => server().running.services.db;

  beforeAll(async () => {
    await sql`
      create function refuse_marked_event() returns trigger language plpgsql as $$
      begin
        if new.payload ->> 'title' = ${sql.lit(refusedTitle)} then raise exception 'outbox refused'; end if;
        return new;
      end $$`.execute(db());
    await sql`create trigger refuse_marked_event after insert on webhook_events
      for each row execute function refuse_marked_event()`.execute(db());
  });

  /** The project's events, oldest first, read back as a webhook receiver would get them. */
  async function eventsOf(projectId: string): Promise<(ApiEvent & { id: string })[]> {
    const rows = await db()
      .selectFrom('webhook_events')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      ...events.parse({ type: row.type, timestamp: row.created_at.toISOString(), data: row.payload }),
    }));
  }

  async function projectWithMember() {
    const owner = await server().signUp('Owner');
    const member = await server().signUp('Member');
    const project = await owner.client.projects.create.mutate({ name: 'Hooks' });
    await owner.client.projects.members.add.mutate({
      projectId: project.id,
      email: member.email,
      role: 'member',
    });
    return { owner, member, project };
  }

  it('records each task change with the task as the API answered it, in order', async () => {
    const { owner, project } = await projectWithMember();
    const created = await owner.client.tasks.create.mutate({
      projectId: project.id,
      title: 'Book the venue',
      dueDate: new Date('2031-03-08T12:00:00.000Z'),
      labels: ['venue'],
    });
    const updated = await owner.client.tasks.update.mutate({ id: created.id, status: 'done' });
    await owner.client.tasks.delete.mutate({ id: created.id });

    const recorded = (await eventsOf(project.id)).filter((event) => event.type.startsWith('task.'));
    expect(recorded.map(({ id: _id, ...event }) => event)).toEqual([
      { type: 'task.created', timestamp: created.createdAt, data: created },
      { type: 'task.updated', timestamp: updated.updatedAt, data: updated },
      { type: 'task.deleted', timestamp: expect.any(Date), data: { id: created.id, projectId: project.id } },
    ]);
    expect(new Set(recorded.map((event) => event.id)).size).toBe(3);
  });

  it('records a member added, and on removal the member and each task they no longer hold', async () => {
    const { owner, member, project } = await projectWithMember();
    const theirs = await owner.client.tasks.create.mutate({
      projectId: project.id,
      title: 'Theirs',
      assigneeId: member.user.id,
    });
    await owner.client.projects.members.remove.mutate({ projectId: project.id, userId: member.user.id });

    const recorded = await eventsOf(project.id);
    expect(recorded[0]).toMatchObject({
      type: 'project.member_added',
      data: {
        projectId: project.id,
        member: { userId: member.user.id, email: member.email, role: 'member' },
      },
    });
    const [removed, unassigned] = recorded.slice(-2);
    expect(removed).toMatchObject({
      type: 'project.member_removed',
      data: { projectId: project.id, userId: member.user.id },
    });
    expect(unassigned).toMatchObject({ type: 'task.updated', data: { id: theirs.id, assigneeId: null } });
    const now = await owner.client.tasks.get.query({ id: theirs.id });
    expect(unassigned?.data).toEqual(now);
  });

  it('records nothing for a change that is refused', async () => {
    const { owner, member, project } = await projectWithMember();
    const outsider = await server().signUp('Outsider');
    const before = await eventsOf(project.id);
    const task = await owner.client.tasks.create.mutate({ projectId: project.id, title: 'Kept' });
    await expectApiError(outsider.client.tasks.create.mutate({ projectId: project.id, title: 'No' }), {
      appCode: 'NOT_FOUND',
    });
    await expectApiError(owner.client.tasks.update.mutate({ id: task.id, assigneeId: outsider.user.id }), {
      appCode: 'ASSIGNEE_NOT_A_MEMBER',
    });
    await expectApiError(
      member.client.projects.members.remove.mutate({ projectId: project.id, userId: owner.user.id }),
      { appCode: 'FORBIDDEN' },
    );
    await expectApiError(
      owner.client.projects.members.add.mutate({
        projectId: project.id,
        email: member.email,
        role: 'viewer',
      }),
      { appCode: 'ALREADY_A_MEMBER' },
    );
    expect((await eventsOf(project.id)).map((event) => event.type)).toEqual([
      ...before.map((event) => event.type),
      'task.created',
    ]);
  });

  it('keeps no change whose event cannot be recorded, and no event of a change that failed', async () => {
    const { owner, project } = await projectWithMember();
    const before = await eventsOf(project.id);
    const error = await apiError(
      owner.client.tasks.create.mutate({ projectId: project.id, title: refusedTitle }),
    );
    expect(error.data?.httpStatus).toBeGreaterThanOrEqual(500);
    const { items } = await owner.client.tasks.list.query({ projectId: project.id });
    expect(items.map((task) => task.title)).not.toContain(refusedTitle);
    expect(await eventsOf(project.id)).toEqual(before);

    const task = await owner.client.tasks.create.mutate({ projectId: project.id, title: 'Renamed later' });
    await apiError(owner.client.tasks.update.mutate({ id: task.id, title: refusedTitle }));
    expect((await owner.client.tasks.get.query({ id: task.id })).title).toBe('Renamed later');
    expect((await eventsOf(project.id)).at(-1)).toMatchObject({
      type: 'task.created',
      data: { id: task.id },
    });
  });
});
