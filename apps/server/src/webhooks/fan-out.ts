import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PendingEvent } from '../events/outbox-dispatch.ts';

/**
 * Writes one delivery per event and endpoint that hears it (its project's, not paused, subscribed
 * to its type), due at once; called inside the outbox's claiming transaction, so both commit together.
 */
export async function fanOut(
  trx: Transaction<Database>,
  events: readonly PendingEvent[],
  now: Date,
): Promise<void> {
  const projectIds = [...new Set(events.map((event) => event.projectId))];
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'project_id', 'events'])
    .where('project_id', 'in', projectIds)
    .where('paused', '=', false)
    .execute();
  const rows = events.flatMap((event) =>
    endpoints
      .filter((endpoint) => endpoint.project_id === event.projectId && endpoint.events.includes(event.type))
      .map((endpoint) => ({
        id: crypto.randomUUID(),
        endpoint_id: endpoint.id,
        event_id: event.id,
        next_attempt_at: now,
      })),
  );
  if (rows.length > 0) await trx.insertInto('webhook_deliveries').values(rows).execute();
}
