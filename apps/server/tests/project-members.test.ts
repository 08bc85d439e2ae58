import { randomUUID } from 'node:crypto';
import { limits } from '@charter/contract';
import { expect, it } from 'vitest';
import { expectApiError } from './support/api-error.ts';
import { describeOnEachDatabase } from './support/each-database.ts';

describeOnEachDatabase('project members and roles', (server) => {
  async function projectWithTeam() {
    const owner = await server().signUp('Owner');
    const admin = await server().signUp('Admin');
    const member = await server().signUp('Member');
    const viewer = await server().signUp('Viewer');
    const project = await owner.client.projects.create.mutate({ name: 'Team' });
    await owner.client.projects.members.add.mutate({
      projectId: project.id,
      email: admin.email,
      role: 'admin',
    });
    await admin.client.projects.members.add.mutate({
      projectId: project.id,
      email: member.email,
      role: 'member',
    });
    await admin.client.projects.members.add.mutate({
      projectId: project.id,
      email: viewer.email,
      role: 'viewer',
    });
    return { owner, admin, member, viewer, project };
  }

  it('adds members by email and lists them in the order they joined', async () => {
    const { project, owner, admin, member, viewer } = await projectWithTeam();
    const members = await viewer.client.projects.members.list.query({ projectId: project.id });
    expect(members.map(({ userId, role }) => ({ userId, role }))).toEqual([
      { userId: owner.user.id, role: 'owner' },
      { userId: admin.user.id, role: 'admin' },
      { userId: member.user.id, role: 'member' },
      { userId: viewer.user.id, role: 'viewer' },
    ]);
    expect((await viewer.client.projects.get.query({ id: project.id })).role).toBe('viewer');
  });

  it('lets only owners and admins manage members', async () => {
    const { project, member, viewer } = await projectWithTeam();
    const newcomer = await server().signUp('Newcomer');
    await expectApiError(
      member.client.projects.members.add.mutate({
        projectId: project.id,
        email: newcomer.email,
        role: 'viewer',
      }),
      {
        appCode: 'FORBIDDEN',
        message: 'Your role in this project is member; this needs admin or owner.',
      },
    );
    await expectApiError(
      member.client.projects.members.updateRole.mutate({
        projectId: project.id,
        userId: viewer.user.id,
        role: 'admin',
      }),
      {
        appCode: 'FORBIDDEN',
      },
    );
    await expectApiError(
      viewer.client.projects.members.remove.mutate({ projectId: project.id, userId: member.user.id }),
      {
        appCode: 'FORBIDDEN',
      },
    );
    await expectApiError(member.client.projects.update.mutate({ id: project.id, name: 'Mine now' }), {
      appCode: 'FORBIDDEN',
    });
    expect(await member.client.projects.members.list.query({ projectId: project.id })).toHaveLength(4);
  });

  it('refuses adding someone without an account, or twice', async () => {
    const { project, owner, member } = await projectWithTeam();
    await expectApiError(
      owner.client.projects.members.add.mutate({
        projectId: project.id,
        email: 'ghost@example.com',
        role: 'member',
      }),
      {
        appCode: 'USER_NOT_FOUND',
        httpStatus: 404,
      },
    );
    await expectApiError(
      owner.client.projects.members.add.mutate({
        projectId: project.id,
        email: member.email,
        role: 'viewer',
      }),
      {
        appCode: 'ALREADY_A_MEMBER',
        httpStatus: 409,
      },
    );
    const members = await owner.client.projects.members.list.query({ projectId: project.id });
    expect(members.find((m) => m.userId === member.user.id)?.role).toBe('member');
  });

  it('changes roles, but never the owner’s', async () => {
    const { project, owner, admin, viewer } = await projectWithTeam();
    const promoted = await admin.client.projects.members.updateRole.mutate({
      projectId: project.id,
      userId: viewer.user.id,
      role: 'member',
    });
    expect(promoted).toMatchObject({ userId: viewer.user.id, role: 'member' });
    await expectApiError(
      admin.client.projects.members.updateRole.mutate({
        projectId: project.id,
        userId: owner.user.id,
        role: 'viewer',
      }),
      {
        appCode: 'OWNER_IS_FIXED',
        httpStatus: 409,
      },
    );
    await expectApiError(
      owner.client.projects.members.remove.mutate({ projectId: project.id, userId: owner.user.id }),
      {
        appCode: 'OWNER_IS_FIXED',
      },
    );
    await expectApiError(
      owner.client.projects.members.updateRole.mutate({
        projectId: project.id,
        userId: randomUUID(),
        role: 'viewer',
      }),
      {
        appCode: 'NOT_FOUND',
        message: 'No such member.',
      },
    );
  });

  it('answers changes to a project and its members made at the same moment one after the other, never with a deadlock', async () => {
    const { project, owner, admin, member } = await projectWithTeam();
    const second = await server().signUp('Second admin');
    await owner.client.projects.members.add.mutate({
      projectId: project.id,
      email: second.email,
      role: 'admin',
    });
    const change = (by: typeof admin, userId: string, role: 'admin' | 'member' | 'viewer') =>
      by.client.projects.members.updateRole.mutate({ projectId: project.id, userId, role });
    for (let round = 0; round < 10; round++) {
      // Two admins demoting each other, both changing a third member and renaming the project, at once.
      const outcomes = await Promise.allSettled([
        change(admin, second.user.id, 'member'),
        change(second, admin.user.id, 'member'),
        change(admin, member.user.id, 'viewer'),
        change(second, member.user.id, 'member'),
        admin.client.projects.update.mutate({ id: project.id, name: `Round ${round}` }),
        second.client.projects.update.mutate({ id: project.id, description: `Round ${round}` }),
      ]);
      for (const outcome of outcomes) {
        // Whoever was demoted first may no longer act: a 403, never a 5xx.
        if (outcome.status === 'rejected')
          expect(outcome.reason).toMatchObject({ data: { httpStatus: 403 } });
      }
      await change(owner, admin.user.id, 'admin');
      await change(owner, second.user.id, 'admin');
    }
  });

  it('lets a member leave, and unassigns their tasks (and only theirs)', async () => {
    const { project, owner, member } = await projectWithTeam();
    const mine = await owner.client.tasks.create.mutate({
      projectId: project.id,
      title: 'Theirs',
      assigneeId: member.user.id,
    });
    const other = await owner.client.tasks.create.mutate({
      projectId: project.id,
      title: 'Owners',
      assigneeId: owner.user.id,
    });

    expect(
      await member.client.projects.members.remove.mutate({ projectId: project.id, userId: member.user.id }),
    ).toEqual({
      projectId: project.id,
      userId: member.user.id,
      removed: true,
    });
    await expectApiError(member.client.projects.get.query({ id: project.id }), { appCode: 'NOT_FOUND' });
    expect((await owner.client.tasks.get.query({ id: mine.id })).assigneeId).toBeNull();
    expect((await owner.client.tasks.get.query({ id: other.id })).assigneeId).toBe(owner.user.id);
  });

  it(`refuses the member past the limit of ${limits.membersPerProjectMax}`, async () => {
    const { project, owner } = await projectWithTeam();
    // Accounts straight into the database: hashing a hundred passwords would test argon2, not the limit.
    const { db } = server().running.services;
    const filler = Array.from({ length: limits.membersPerProjectMax - 4 }, () => ({
      id: randomUUID(),
      email: `filler-${randomUUID()}@example.com`,
      name: 'Filler',
      password_hash: 'unusable',
    }));
    await db.insertInto('users').values(filler).execute();
    await db
      .insertInto('project_members')
      .values(filler.map((user) => ({ project_id: project.id, user_id: user.id, role: 'viewer' as const })))
      .execute();
    expect(await owner.client.projects.members.list.query({ projectId: project.id })).toHaveLength(
      limits.membersPerProjectMax,
    );

    const oneTooMany = await server().signUp('Late');
    await expectApiError(
      owner.client.projects.members.add.mutate({
        projectId: project.id,
        email: oneTooMany.email,
        role: 'viewer',
      }),
      {
        appCode: 'MEMBER_LIMIT_REACHED',
        httpStatus: 409,
      },
    );
    expect(await owner.client.projects.members.list.query({ projectId: project.id })).toHaveLength(
      limits.membersPerProjectMax,
    );
  });
});
