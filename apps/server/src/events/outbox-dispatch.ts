import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** An event taken from the outbox, with the body every delivery of it sends and signs. */
export interface PendingEvent {
  /** The `webhook-id` of every delivery. */
  id: string;
  projectId: string;
  type: string;
  createdAt: Date;
  /** Standard Webhooks' payload as JSON: `{ type, timestamp, data }`. */
  body: string;
}

/**
 * Takes up to `limit` events not yet fanned out, oldest first, and hands them to `dispatch` in the
 * same transaction (to write each endpoint's delivery), then marks them dispatched. Rows another
 * process holds are skipped (FOR UPDATE SKIP LOCKED), so workers never take the same event at once;
 * when `dispatch` throws, nothing is marked and the events wait for the next turn. Returns how many it took.
 */
export async function dispatchPendingEvents(
  db: Kysely<Database>,
  options: {
    limit: number;
    dispatch: (trx: Transaction<Database>, events: readonly PendingEvent[]) => Promise<void>;
  },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('webhook_events')
      .selectAll()
      .where('dispatched_at', 'is', null)
      .orderBy('seq')
      .limit(options.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length === 0) return 0;
    await options.dispatch(
      trx,
      rows.map((row) => ({
        id: row.id,
        projectId: row.project_id,
        type: row.type,
        createdAt: row.created_at,
        body: JSON.stringify({ type: row.type, timestamp: row.created_at.toISOString(), data: row.payload }),
      })),
    );
    await trx
      .updateTable('webhook_events')
      .set({ dispatched_at: sql<Date>`now()` })
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
      .execute();
    return rows.length;
  });
}
