import { randomUUID } from 'node:crypto';
import { contract, type TaskSort } from '@charter/contract';
import type { ContractError, ErrorFactories, Handlers } from '@charter/rpc/server';
import { type Expression, type RawBuilder, sql, type Transaction } from 'kysely';
import { apiError } from '../calls/api-error.ts';
import { currentUserId, type ProcedureContext } from '../calls/procedure-context.ts';
import type { Database, TaskRow } from '../db/schema.ts';
import { recordEvents } from '../events/outbox.ts';
import { watchCredential } from '../middleware/credential-watch.ts';
import { type Cursor, decodeCursor, encodeCursor, isInstant } from '../pagination/cursor.ts';
import { requireMember, requireRole, roleIn } from './access.ts';
import { toTask } from './rows.ts';

export const tasks = {
  create: async ({ input, ctx, errors }) => {
    const userId = currentUserId(ctx);
    const task = await ctx.services.db.transaction().execute(async (trx) => {
      const role = await requireMember(trx, input.projectId, userId, errors.NOT_FOUND);
      requireRole(role, 'member', errors.FORBIDDEN);
      if (input.assigneeId)
        await requireAssignable(trx, input.projectId, input.assigneeId, errors.ASSIGNEE_NOT_A_MEMBER);
      const row = await trx
        .insertInto('tasks')
        .values({
          id: randomUUID(),
          project_id: input.projectId,
          title: input.title,
          description: input.description || null,
          ...(input.status === undefined ? {} : { status: input.status }),
          due_date: input.dueDate ?? null,
          labels: uniqueLabels(input.labels ?? []),
          assignee_id: input.assigneeId ?? null,
          created_by: userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const created = toTask(row);
      await recordEvents(trx, [{ type: 'task.created', projectId: created.projectId, data: created }]);
      return created;
    });
    ctx.services.taskEvents.publish(task.projectId, { type: 'created', task, occurredAt: task.createdAt });
    return task;
  },

  list: async ({ input, ctx, errors }) => {
    const { db } = ctx.services;
    await requireMember(db, input.projectId, currentUserId(ctx), errors.NOT_FOUND);
    const sortKey = sortKeys[input.sort];
    const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, input);
    if (input.cursor !== undefined && (!after || !sortKey.accepts(after.key))) throw errors.INVALID_CURSOR();

    let query = db.selectFrom('tasks').selectAll().where('project_id', '=', input.projectId);
    if (input.status) query = query.where('status', 'in', input.status);
    if (input.assigneeId === null) query = query.where('assignee_id', 'is', null);
    else if (input.assigneeId) query = query.where('assignee_id', '=', input.assigneeId);
    if (input.label) query = query.where(sql<boolean>`labels @> array[${input.label}]::text[]`);
    if (input.dueFrom) query = query.where('due_date', '>=', input.dueFrom);
    if (input.dueBefore) query = query.where('due_date', '<', input.dueBefore);
    if (after) {
      const direction = input.order === 'asc' ? sql`>` : sql`<`;
      query = query.where(
        sql<boolean>`(${sortKey.column}, id) ${direction} (${sortKey.value(after.key)}, ${after.id}::uuid)`,
      );
    }
    const rows = await query
      .orderBy(sortKey.column, input.order)
      .orderBy('id', input.order)
      .limit(input.limit + 1)
      .execute();

    const items = rows.slice(0, input.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > input.limit && last
        ? encodeCursor({ sort: input.sort, order: input.order, key: sortKey.keyOf(last), id: last.id })
        : null;
    return { items: items.map(toTask), nextCursor };
  },

  get: async ({ input, ctx, errors }) => {
    const { db } = ctx.services;
    const row = await db.selectFrom('tasks').selectAll().where('id', '=', input.id).executeTakeFirst();
    // Not a member: the task does not exist, as far as the caller can tell.
    if (!row || !(await roleIn(db, row.project_id, currentUserId(ctx)))) throw errors.NOT_FOUND();
    return toTask(row);
  },

  update: async ({ input, ctx, errors }) => {
    const userId = currentUserId(ctx);
    const task = await ctx.services.db.transaction().execute(async (trx) => {
      const projectId = await lockWritableTask(trx, input.id, userId, errors);
      if (input.assigneeId)
        await requireAssignable(trx, projectId, input.assigneeId, errors.ASSIGNEE_NOT_A_MEMBER);
      const row = await trx
        .updateTable('tasks')
        .set({
          ...(input.title === undefined ? {} : { title: input.title }),
          ...(input.description === undefined ? {} : { description: input.description || null }),
          ...(input.status === undefined ? {} : { status: input.status }),
          ...(input.dueDate === undefined ? {} : { due_date: input.dueDate }),
          ...(input.labels === undefined ? {} : { labels: uniqueLabels(input.labels) }),
          ...(input.assigneeId === undefined ? {} : { assignee_id: input.assigneeId }),
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', input.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const updated = toTask(row);
      await recordEvents(trx, [{ type: 'task.updated', projectId, data: updated }]);
      return updated;
    });
    ctx.services.taskEvents.publish(task.projectId, { type: 'updated', task, occurredAt: task.updatedAt });
    return task;
  },

  delete: async ({ input, ctx, errors }) => {
    const userId = currentUserId(ctx);
    const projectId = await ctx.services.db.transaction().execute(async (trx) => {
      const projectId = await lockWritableTask(trx, input.id, userId, errors);
      await trx.deleteFrom('tasks').where('id', '=', input.id).execute();
      await recordEvents(trx, [{ type: 'task.deleted', projectId, data: { id: input.id, projectId } }]);
      return projectId;
    });
    ctx.services.taskEvents.publish(projectId, { type: 'deleted', taskId: input.id, occurredAt: new Date() });
    return { id: input.id, deleted: true as const };
  },

  onChange: async function* ({ input, ctx, signal, errors }) {
    const userId = currentUserId(ctx);
    // A stream lasts no longer than the credential that opened it (expired, or revoked): then it
    // ends with UNAUTHORIZED (the subscriber's onError), to be opened again with a valid one.
    const watch = watchCredential(ctx, contract.procedures.tasks.onChange.meta.scopes);
    const until = signal ? AbortSignal.any([signal, watch.signal]) : watch.signal;
    // Listening starts before the membership check, so nothing changed in between goes missing.
    const changes = ctx.services.taskEvents.subscribe(input.projectId, { userId, signal: until });
    try {
      await requireMember(ctx.services.db, input.projectId, userId, errors.NOT_FOUND);
      yield* changes;
    } finally {
      watch.stop();
      await changes.return?.();
    }
    const ended = watch.ended();
    if (ended === 'expired')
      throw apiError('UNAUTHORIZED', 'The access token has expired; reconnect with a new one.');
    if (ended === 'revoked')
      throw apiError('UNAUTHORIZED', 'The credential is no longer valid; the stream has ended.');
  },
} satisfies Handlers<typeof contract.procedures.tasks, ProcedureContext>;

/** How each sort orders rows, and how its key is written into and read back from a cursor. */
interface SortKey {
  column: Expression<unknown>;
  keyOf(row: TaskRow): Cursor['key'];
  accepts(key: Cursor['key']): boolean;
  value(key: Cursor['key']): RawBuilder<unknown>;
}

const instantKey = (column: 'created_at' | 'updated_at'): SortKey => ({
  column: sql.ref(column),
  keyOf: (row) => row[column].toISOString(),
  accepts: isInstant,
  value: (key) => sql`${key}::timestamptz`,
});

const sortKeys: Record<TaskSort, SortKey> = {
  createdAt: instantKey('created_at'),
  updatedAt: instantKey('updated_at'),
  title: {
    column: sql.ref('title'),
    keyOf: (row) => row.title,
    accepts: (key) => typeof key === 'string',
    value: (key) => sql`${key}::text`,
  },
  // No due date sorts as "infinitely late": last ascending, first descending. The index matches.
  dueDate: {
    column: sql`coalesce(due_date, 'infinity'::timestamptz)`,
    keyOf: (row) => row.due_date?.toISOString() ?? null,
    accepts: (key) => key === null || isInstant(key),
    value: (key) => sql`coalesce(${key}::timestamptz, 'infinity'::timestamptz)`,
  },
};

/** Locks a task for the rest of the transaction once the caller may write it; returns its project. */
async function lockWritableTask(
  trx: Transaction<Database>,
  taskId: string,
  userId: string,
  errors: ErrorFactories<'NOT_FOUND' | 'FORBIDDEN'>,
): Promise<string> {
  const task = await trx
    .selectFrom('tasks')
    .select('project_id')
    .where('id', '=', taskId)
    .forUpdate()
    .executeTakeFirst();
  if (!task) throw errors.NOT_FOUND();
  const role = await requireMember(trx, task.project_id, userId, errors.NOT_FOUND);
  requireRole(role, 'member', errors.FORBIDDEN);
  return task.project_id;
}

async function requireAssignable(
  trx: Transaction<Database>,
  projectId: string,
  assigneeId: string,
  notAMember: () => ContractError,
): Promise<void> {
  // FOR SHARE: the membership cannot be removed until this task is written.
  const member = await trx
    .selectFrom('project_members')
    .select('user_id')
    .where('project_id', '=', projectId)
    .where('user_id', '=', assigneeId)
    .forShare()
    .executeTakeFirst();
  if (!member) throw notAMember();
}

function uniqueLabels(labels: readonly string[]): string[] {
  return [...new Set(labels)];
}
