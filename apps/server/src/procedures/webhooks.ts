import { randomUUID } from 'node:crypto';
import type { contract, WebhookDelivery, WebhookEndpoint } from '@charter/contract';
import type { ErrorFactories, Handlers } from '@charter/rpc/server';
import type { Kysely } from 'kysely';
import { currentUserId, type ProcedureContext } from '../calls/procedure-context.ts';
import type { Database, WebhookDeliveryRow, WebhookEndpointRow } from '../db/schema.ts';
import { webhookPolicyOf } from '../webhooks/policy.ts';
import { secretBoxOf } from '../webhooks/secret-box.ts';
import { newSigningSecret } from '../webhooks/signing.ts';
import { RefusedTarget, resolveTarget, UnresolvedTarget } from '../webhooks/target.ts';
import { requireMember, requireRole } from './access.ts';

/** How long the previous secret still signs after a rotation, so receivers can switch without missing one. */
export const rotationOverlapMs = 24 * 3_600_000;

export const webhooks = {
  create: async ({ input, ctx, errors }) => {
    const userId = currentUserId(ctx);
    await requireOwnerOrAdmin(ctx.services.db, input.projectId, userId, errors);
    try {
      await resolveTarget(input.url, webhookPolicyOf(ctx.services));
    } catch (error) {
      if (error instanceof RefusedTarget) throw errors.BAD_REQUEST({ message: error.message });
      // A name that does not resolve yet may later: each delivery checks it again.
      if (!(error instanceof UnresolvedTarget)) throw error;
    }
    const secret = newSigningSecret();
    const box = await secretBoxOf(ctx.services.db);
    const row = await ctx.services.db.transaction().execute(async (trx) => {
      await requireOwnerOrAdmin(trx, input.projectId, userId, errors);
      return trx
        .insertInto('webhook_endpoints')
        .values({
          id: randomUUID(),
          project_id: input.projectId,
          url: input.url,
          events: [...new Set(input.events)],
          secret: box.seal(secret),
          created_by: userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return { secret, endpoint: toEndpoint(row) };
  },

  list: async ({ input, ctx, errors }) => {
    const { db } = ctx.services;
    await requireOwnerOrAdmin(db, input.projectId, currentUserId(ctx), errors);
    const rows = await db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('project_id', '=', input.projectId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toEndpoint);
  },

  update: async ({ input, ctx, errors }) => {
    const { db } = ctx.services;
    await requireOwnerOrAdmin(db, input.projectId, currentUserId(ctx), errors);
    const row = await db
      .updateTable('webhook_endpoints')
      .set({
        ...(input.events ? { events: [...new Set(input.events)] } : {}),
        ...(input.paused === undefined ? {} : { paused: input.paused }),
      })
      .where('id', '=', input.id)
      .where('project_id', '=', input.projectId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw errors.NOT_FOUND();
    return toEndpoint(row);
  },

  delete: async ({ input, ctx, errors }) => {
    const { db } = ctx.services;
    await requireOwnerOrAdmin(db, input.projectId, currentUserId(ctx), errors);
    const row = await db
      .deleteFrom('webhook_endpoints')
      .where('id', '=', input.id)
      .where('project_id', '=', input.projectId)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw errors.NOT_FOUND();
    return { id: row.id, deleted: true as const };
  },

  rotateSecret: async ({ input, ctx, errors }) => {
    const { db } = ctx.services;
    await requireOwnerOrAdmin(db, input.projectId, currentUserId(ctx), errors);
    const secret = newSigningSecret();
    const box = await secretBoxOf(db);
    const previousSecretExpiresAt = new Date(ctx.services.now().getTime() + rotationOverlapMs);
    const row = await db
      .updateTable('webhook_endpoints')
      .set((eb) => ({
        previous_secret: eb.ref('secret'),
        previous_secret_expires_at: previousSecretExpiresAt,
        secret: box.seal(secret),
      }))
      .where('id', '=', input.id)
      .where('project_id', '=', input.projectId)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw errors.NOT_FOUND();
    return { secret, previousSecretExpiresAt };
  },

  sendTest: async ({ input, ctx, errors }) => {
    const { db } = ctx.services;
    await requireOwnerOrAdmin(db, input.projectId, currentUserId(ctx), errors);
    const eventId = randomUUID();
    await db.transaction().execute(async (trx) => {
      await requireEndpoint(trx, input, errors);
      // Written already dispatched: the test goes to this endpoint alone, not to every subscriber.
      await trx
        .insertInto('webhook_events')
        .values({
          id: eventId,
          project_id: input.projectId,
          type: 'webhook.test',
          payload: JSON.stringify({ endpointId: input.id, message: 'A test event from Charter.' }),
          dispatched_at: ctx.services.now(),
        })
        .execute();
      await trx
        .insertInto('webhook_deliveries')
        .values({
          id: randomUUID(),
          endpoint_id: input.id,
          event_id: eventId,
          next_attempt_at: ctx.services.now(),
        })
        .execute();
    });
    return { eventId };
  },

  deliveries: async ({ input, ctx, errors }) => {
    const { db } = ctx.services;
    await requireOwnerOrAdmin(db, input.projectId, currentUserId(ctx), errors);
    await requireEndpoint(db, input, errors);
    const rows = await db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
      .selectAll('d')
      .select('e.type')
      .where('d.endpoint_id', '=', input.id)
      .orderBy('d.created_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(100)
      .execute();
    return rows.map(toDelivery);
  },

  redeliver: async ({ input, ctx, errors }) => {
    const { db } = ctx.services;
    await requireOwnerOrAdmin(db, input.projectId, currentUserId(ctx), errors);
    const original = await db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
      .select('d.event_id')
      .where('d.id', '=', input.deliveryId)
      .where('d.endpoint_id', '=', input.id)
      .where('w.project_id', '=', input.projectId)
      .executeTakeFirst();
    if (!original) throw errors.NOT_FOUND();
    const deliveryId = randomUUID();
    await db
      .insertInto('webhook_deliveries')
      .values({
        id: deliveryId,
        endpoint_id: input.id,
        event_id: original.event_id,
        next_attempt_at: ctx.services.now(),
      })
      .execute();
    return { deliveryId };
  },
} satisfies Handlers<typeof contract.procedures.webhooks, ProcedureContext>;

/** Webhooks are the project's owners' and admins' business: to others they are not there at all. */
async function requireOwnerOrAdmin(
  db: Kysely<Database>,
  projectId: string,
  userId: string,
  errors: ErrorFactories<'NOT_FOUND' | 'FORBIDDEN'>,
): Promise<void> {
  const role = await requireMember(db, projectId, userId, errors.NOT_FOUND);
  requireRole(role, 'admin', errors.FORBIDDEN);
}

async function requireEndpoint(
  db: Kysely<Database>,
  input: { projectId: string; id: string },
  errors: ErrorFactories<'NOT_FOUND'>,
): Promise<void> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('id', '=', input.id)
    .where('project_id', '=', input.projectId)
    .executeTakeFirst();
  if (!row) throw errors.NOT_FOUND();
}

function toEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    projectId: row.project_id,
    url: row.url,
    events: row.events as WebhookEndpoint['events'],
    paused: row.paused,
    failingSince: row.failing_since,
    createdAt: row.created_at,
    previousSecretExpiresAt: row.previous_secret_expires_at,
  };
}

function toDelivery(row: WebhookDeliveryRow & { type: string }): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastLatencyMs: row.last_latency_ms,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}
