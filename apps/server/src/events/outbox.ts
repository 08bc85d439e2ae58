import { randomUUID } from 'node:crypto';
import type { EventData, EventType } from '@charter/contract';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** One event for the outbox: its type, the project whose webhooks hear it, and its data. */
export type OutboxEvent = {
  [TType in EventType]: { type: TType; projectId: string; data: EventData<TType> };
}[EventType];

/**
 * Writes events to the webhook outbox inside the transaction of the change they report, so they
 * commit with it or not at all. Returns their ids, the `webhook-id` receivers deduplicate by.
 */
export async function recordEvents(
  trx: Transaction<Database>,
  events: readonly OutboxEvent[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = events.map((event) => ({
    id: randomUUID(),
    project_id: event.projectId,
    type: event.type,
    // JSON as a webhook body carries it: Dates become ISO 8601 text, which the catalogue reads back.
    payload: JSON.stringify(event.data),
  }));
  await trx.insertInto('webhook_events').values(rows).execute();
  return rows.map((row) => row.id);
}
