import { execFileSync } from 'node:child_process';
import { verifyWebhook } from '@charter/client';
import { type ApiEvent, events } from '@charter/contract';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { dispatchPendingEvents, type PendingEvent } from '../src/events/outbox-dispatch.ts';
import { apiError, expectApiError } from './support/api-error.ts';
import { describeOnEachDatabase } from './support/each-database.ts';

// A task with this title makes the outbox refuse its event: the fault comes after the change is written.
const refusedTitle = 'The outbox refuses this event';

// Standard Webhooks' signature by an independent implementation: Python's standard library.
const pythonSigner = `
import base64, hashlib, hmac, sys
secret, msg_id, timestamp = sys.argv[1:4]
key = base64.b64decode(secret.removeprefix('whsec_'))
print(base64.b64encode(hmac.new(key, f'{msg_id}.{timestamp}.'.encode() + sys.stdin.buffer.read(), hashlib.sha256).digest()).decode())
`;

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

  it('records a member added, their role changed, and on removal the member and each task they no longer hold', async () => {
    const { owner, member, project } = await projectWithMember();
    const promoted = await owner.client.projects.members.updateRole.mutate({
      projectId: project.id,
      userId: member.user.id,
      role: 'admin',
    });
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
    expect(recorded[1]).toMatchObject({
      type: 'project.member_updated',
      data: { projectId: project.id, member: promoted },
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

  it('records the task as stored, so text jsonb refuses (an unpaired surrogate) cannot fail the change', async () => {
    const { owner, project } = await projectWithMember();
    const task = await owner.client.tasks.create.mutate({ projectId: project.id, title: 'half \ud800 pair' });
    expect((await eventsOf(project.id)).at(-1)).toEqual(
      expect.objectContaining({ type: 'task.created', data: task }),
    );
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

  /** Dispatches whatever earlier tests left pending, so a test sees only its own events. */
  async function drain() {
    while (await dispatchPendingEvents(db(), { limit: 1_000, dispatch: async () => {} }));
  }

  async function dispatchAll(): Promise<PendingEvent[]> {
    const taken: PendingEvent[] = [];
    await dispatchPendingEvents(db(), {
      limit: 1_000,
      dispatch: async (_trx, events) => void taken.push(...events),
    });
    return taken;
  }

  it('hands each event to the fan-out once, oldest first, with the body a receiver reads back', async () => {
    await drain();
    const { owner, project } = await projectWithMember();
    const created = await owner.client.tasks.create.mutate({ projectId: project.id, title: 'Sent once' });
    const updated = await owner.client.tasks.update.mutate({ id: created.id, labels: ['hooks'] });

    const taken = await dispatchAll();
    expect(taken.map((event) => event.type)).toEqual([
      'project.member_added',
      'task.created',
      'task.updated',
    ]);
    const [, first, second] = taken.map((event) => events.parse(JSON.parse(event.body)));
    expect(first).toEqual({ type: 'task.created', timestamp: created.createdAt, data: created });
    expect(second).toEqual({ type: 'task.updated', timestamp: updated.updatedAt, data: updated });
    expect(taken.map((event) => event.id)).toEqual((await eventsOf(project.id)).map((event) => event.id));
    expect(await dispatchAll()).toEqual([]);
  });

  it('sends a body that verifyWebhook accepts, signed as Standard Webhooks says (by Python), giving back the task', async () => {
    await drain();
    const { owner, project } = await projectWithMember();
    const task = await owner.client.tasks.create.mutate({
      projectId: project.id,
      title: 'Signed – ünïcode 🎉',
      dueDate: new Date('2031-01-02T03:04:05.678Z'),
    });
    const sent = (await dispatchAll()).at(-1);
    if (!sent) throw new Error('nothing was dispatched');
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = execFileSync('python3', ['-c', pythonSigner, secret, sent.id, timestamp], {
      input: sent.body,
    });
    const headers = {
      'webhook-id': sent.id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature.toString().trim()}`,
    };
    expect(await verifyWebhook(secret, headers, sent.body)).toEqual({
      id: sent.id,
      type: 'task.created',
      timestamp: task.createdAt,
      data: task,
    });
  });

  it('leaves the events pending when the fan-out fails, for the next turn to take', async () => {
    await drain();
    const { owner, project } = await projectWithMember();
    await owner.client.tasks.create.mutate({ projectId: project.id, title: 'Retried' });
    const failing = dispatchPendingEvents(db(), {
      limit: 10,
      dispatch: async () => {
        throw new Error('no endpoint table yet');
      },
    });
    await expect(failing).rejects.toThrow('no endpoint table yet');
    expect((await dispatchAll()).map((event) => event.type)).toEqual([
      'project.member_added',
      'task.created',
    ]);
  });

  it('never gives two workers the same event at once (PostgreSQL: SKIP LOCKED)', async (context) => {
    // PGlite has one connection, so its transactions never overlap: nothing to race.
    if (server().backend === 'pglite') context.skip();
    await drain();
    const { owner, project } = await projectWithMember();
    for (const title of ['one', 'two', 'three', 'four', 'five'])
      await owner.client.tasks.create.mutate({ projectId: project.id, title });

    let holding = () => {};
    const firstHolds = new Promise<void>((resolve) => {
      holding = resolve;
    });
    let releaseFirst = () => {};
    const secondDone = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const first: PendingEvent[] = [];
    const firstTurn = dispatchPendingEvents(db(), {
      limit: 3,
      dispatch: async (_trx, events) => {
        first.push(...events);
        holding();
        await secondDone; // its rows stay locked while the second worker looks
      },
    });
    await firstHolds;
    const second = await dispatchAll();
    releaseFirst();
    await firstTurn;

    expect(first).toHaveLength(3);
    expect(second).toHaveLength(3);
    const ids = [...first, ...second].map((event) => event.id);
    expect(new Set(ids).size).toBe(6);
    expect(new Set(ids)).toEqual(new Set((await eventsOf(project.id)).map((event) => event.id)));
  });
});
