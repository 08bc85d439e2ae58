import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A delivery a worker holds: where it goes, what it sends, with what secrets (still sealed). */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  attempts: number;
  createdAt: Date;
  endpointId: string;
  url: string;
  sealedSecrets: string[];
  /** Standard Webhooks' `{ type, timestamp, data }` as JSON. */
  body: string;
}

/**
 * Takes up to `limit` due deliveries (FOR UPDATE SKIP LOCKED, so processes never take the same one)
 * and leases them: `next_attempt_at` moves `leaseMs` ahead and the attempt is counted before the
 * send, so a process that dies mid-send leaves the delivery to be retried once the lease ends.
 */
export async function claimDueDeliveries(
  db: Kysely<Database>,
  options: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', options.now)
      .orderBy('next_attempt_at')
      .limit(options.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const claimed = await trx
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        next_attempt_at: new Date(options.now.getTime() + options.leaseMs),
      }))
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .returning(['id', 'event_id', 'endpoint_id', 'attempts', 'created_at'])
      .execute();
    const rows = await trx
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
      .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
      .select([
        'd.id',
        'e.type',
        'e.created_at as eventCreatedAt',
        'e.payload',
        'w.url',
        'w.secret',
        'w.previous_secret',
        'w.previous_secret_expires_at',
      ])
      .where(
        'd.id',
        'in',
        claimed.map((row) => row.id),
      )
      .execute();
    return claimed.flatMap((delivery) => {
      const row = rows.find((candidate) => candidate.id === delivery.id);
      if (!row) return [];
      const previousValid =
        row.previous_secret !== null &&
        row.previous_secret_expires_at !== null &&
        row.previous_secret_expires_at > options.now;
      return [
        {
          id: delivery.id,
          eventId: delivery.event_id,
          attempts: delivery.attempts,
          createdAt: delivery.created_at,
          endpointId: delivery.endpoint_id,
          url: row.url,
          sealedSecrets:
            previousValid && row.previous_secret ? [row.secret, row.previous_secret] : [row.secret],
          body: JSON.stringify({
            type: row.type,
            timestamp: row.eventCreatedAt.toISOString(),
            data: row.payload,
          }),
        },
      ];
    });
  });
}
