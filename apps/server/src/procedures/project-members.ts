import { type contract, limits, type Member } from '@charter/contract';
import type { Handlers } from '@charter/rpc/server';
import { type Kysely, sql } from 'kysely';
import { currentUserId, type ProcedureContext } from '../calls/procedure-context.ts';
import type { Database } from '../db/schema.ts';
import { recordEvents } from '../events/outbox.ts';
import { lockProject, requireMember, requireRole, roleIn } from './access.ts';
import { isUniqueViolation } from './postgres-errors.ts';
import { toMember, toTask } from './rows.ts';

// Each write checks the caller's role inside its own transaction (roleIn locks it), so a concurrent
// demotion cannot slip between the check and the write. Each first locks the project (lockProject).
export const projectMembers = {
  list: async ({ input, ctx, errors }) => {
    const { db } = ctx.services;
    await requireMember(db, input.projectId, currentUserId(ctx), errors.NOT_FOUND);
    const rows = await membersQuery(db, input.projectId)
      .orderBy('project_members.joined_at')
      .orderBy('users.id')
      .execute();
    return rows.map(toMember);
  },

  add: async ({ input, ctx, errors }) => {
    const callerId = currentUserId(ctx);
    try {
      return await ctx.services.db.transaction().execute(async (trx) => {
        // Also what keeps the member limit: concurrent adds count one after the other.
        await lockProject(trx, input.projectId);
        const role = await requireMember(trx, input.projectId, callerId, errors.NOT_FOUND);
        requireRole(role, 'admin', errors.FORBIDDEN);
        const user = await trx
          .selectFrom('users')
          .select('id')
          .where('email', '=', input.email)
          .executeTakeFirst();
        if (!user) throw errors.USER_NOT_FOUND();
        const { count } = await trx
          .selectFrom('project_members')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('project_id', '=', input.projectId)
          .executeTakeFirstOrThrow();
        if (Number(count) >= limits.membersPerProjectMax) throw errors.MEMBER_LIMIT_REACHED();
        await trx
          .insertInto('project_members')
          .values({ project_id: input.projectId, user_id: user.id, role: input.role })
          .execute();
        const member = await memberOf(trx, input.projectId, user.id);
        await recordEvents(trx, [
          {
            type: 'project.member_added',
            projectId: input.projectId,
            data: { projectId: input.projectId, member },
          },
        ]);
        return member;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw errors.ALREADY_A_MEMBER();
      throw error;
    }
  },

  updateRole: async ({ input, ctx, errors }) => {
    const callerId = currentUserId(ctx);
    return ctx.services.db.transaction().execute(async (trx) => {
      await lockProject(trx, input.projectId);
      const role = await requireMember(trx, input.projectId, callerId, errors.NOT_FOUND);
      requireRole(role, 'admin', errors.FORBIDDEN);
      const targetRole = await roleIn(trx, input.projectId, input.userId);
      if (!targetRole) throw errors.NOT_FOUND({ message: 'No such member.' });
      if (targetRole === 'owner') throw errors.OWNER_IS_FIXED();
      await trx
        .updateTable('project_members')
        .set({ role: input.role })
        .where('project_id', '=', input.projectId)
        .where('user_id', '=', input.userId)
        .execute();
      const member = await memberOf(trx, input.projectId, input.userId);
      await recordEvents(trx, [
        {
          type: 'project.member_updated',
          projectId: input.projectId,
          data: { projectId: input.projectId, member },
        },
      ]);
      return member;
    });
  },

  remove: async ({ input, ctx, errors }) => {
    const { db, taskEvents } = ctx.services;
    const callerId = currentUserId(ctx);
    const unassigned = await db.transaction().execute(async (trx) => {
      await lockProject(trx, input.projectId);
      const role = await requireMember(trx, input.projectId, callerId, errors.NOT_FOUND);
      if (input.userId !== callerId) requireRole(role, 'admin', errors.FORBIDDEN);
      const targetRole = await roleIn(trx, input.projectId, input.userId);
      if (!targetRole) throw errors.NOT_FOUND({ message: 'No such member.' });
      if (targetRole === 'owner') throw errors.OWNER_IS_FIXED();
      await trx
        .deleteFrom('project_members')
        .where('project_id', '=', input.projectId)
        .where('user_id', '=', input.userId)
        .execute();
      // Their tasks stay, unassigned: an assignee is always a member.
      const rows = await trx
        .updateTable('tasks')
        .set({ assignee_id: null, updated_at: sql<Date>`now()` })
        .where('project_id', '=', input.projectId)
        .where('assignee_id', '=', input.userId)
        .returningAll()
        .execute();
      const tasks = rows.map(toTask);
      const { projectId, userId } = input;
      await recordEvents(trx, [
        { type: 'project.member_removed', projectId, data: { projectId, userId } },
        ...tasks.map((task) => ({ type: 'task.updated' as const, projectId, data: task })),
      ]);
      return tasks;
    });
    taskEvents.endMember(input.projectId, input.userId);
    for (const task of unassigned) {
      taskEvents.publish(input.projectId, { type: 'updated', task, occurredAt: task.updatedAt });
    }
    return { projectId: input.projectId, userId: input.userId, removed: true as const };
  },
} satisfies Handlers<typeof contract.procedures.projects.members, ProcedureContext>;

function membersQuery(db: Kysely<Database>, projectId: string) {
  return db
    .selectFrom('project_members')
    .innerJoin('users', 'users.id', 'project_members.user_id')
    .select([
      'project_members.user_id',
      'users.email',
      'users.name',
      'project_members.role',
      'project_members.joined_at',
    ])
    .where('project_members.project_id', '=', projectId);
}

async function memberOf(db: Kysely<Database>, projectId: string, userId: string): Promise<Member> {
  const row = await membersQuery(db, projectId)
    .where('project_members.user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return toMember(row);
}
