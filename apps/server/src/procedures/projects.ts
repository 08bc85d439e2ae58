import { randomUUID } from 'node:crypto';
import type { contract } from '@charter/contract';
import type { Handlers } from '@charter/rpc/server';
import { sql } from 'kysely';
import { currentUserId, type ProcedureContext } from '../calls/procedure-context.ts';
import { decodeCursor, encodeCursor, isInstant } from '../pagination/cursor.ts';
import { lockProject, requireMember, requireRole } from './access.ts';
import { projectMembers } from './project-members.ts';
import { toProject } from './rows.ts';

const listOrder = { sort: 'createdAt', order: 'desc' } as const;

export const projects = {
  create: async ({ input, ctx }) => {
    const userId = currentUserId(ctx);
    const row = await ctx.services.db.transaction().execute(async (trx) => {
      const project = await trx
        .insertInto('projects')
        .values({ id: randomUUID(), name: input.name, description: input.description || null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('project_members')
        .values({ project_id: project.id, user_id: userId, role: 'owner' })
        .execute();
      return project;
    });
    return toProject({ ...row, role: 'owner' });
  },

  list: async ({ input, ctx, errors }) => {
    const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, listOrder);
    if (input.cursor !== undefined && (!after || !isInstant(after.key))) throw errors.INVALID_CURSOR();
    let query = ctx.services.db
      .selectFrom('projects')
      .innerJoin('project_members', 'project_members.project_id', 'projects.id')
      .selectAll('projects')
      .select('project_members.role')
      .where('project_members.user_id', '=', currentUserId(ctx));
    if (after) {
      query = query.where(
        sql<boolean>`(projects.created_at, projects.id) < (${after.key}::timestamptz, ${after.id}::uuid)`,
      );
    }
    const rows = await query
      .orderBy('projects.created_at', 'desc')
      .orderBy('projects.id', 'desc')
      .limit(input.limit + 1)
      .execute();
    const items = rows.slice(0, input.limit).map(toProject);
    const last = items.at(-1);
    const nextCursor =
      rows.length > input.limit && last
        ? encodeCursor({ ...listOrder, key: last.createdAt.toISOString(), id: last.id })
        : null;
    return { items, nextCursor };
  },

  get: async ({ input, ctx, errors }) => {
    const role = await requireMember(ctx.services.db, input.id, currentUserId(ctx), errors.NOT_FOUND);
    const row = await ctx.services.db
      .selectFrom('projects')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirstOrThrow();
    return toProject({ ...row, role });
  },

  update: async ({ input, ctx, errors }) => {
    const userId = currentUserId(ctx);
    return ctx.services.db.transaction().execute(async (trx) => {
      await lockProject(trx, input.id);
      const role = await requireMember(trx, input.id, userId, errors.NOT_FOUND);
      requireRole(role, 'admin', errors.FORBIDDEN);
      const row = await trx
        .updateTable('projects')
        .set({
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.description === undefined ? {} : { description: input.description || null }),
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', input.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toProject({ ...row, role });
    });
  },

  delete: async ({ input, ctx, errors }) => {
    const userId = currentUserId(ctx);
    await ctx.services.db.transaction().execute(async (trx) => {
      const role = await requireMember(trx, input.id, userId, errors.NOT_FOUND);
      requireRole(role, 'owner', errors.FORBIDDEN);
      // Members and tasks go with it (ON DELETE CASCADE), in the same statement.
      await trx.deleteFrom('projects').where('id', '=', input.id).execute();
    });
    ctx.services.taskEvents.endProject(input.id);
    return { id: input.id, deleted: true as const };
  },

  members: projectMembers,
} satisfies Handlers<typeof contract.procedures.projects, ProcedureContext>;
