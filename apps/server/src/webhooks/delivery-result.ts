import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type RetryPolicy, retryDelayMs } from './backoff.ts';
import type { ClaimedDelivery } from './delivery-queue.ts';
import type { SendOutcome } from './send.ts';

/**
 * Records an attempt: a 2xx delivers (and clears the endpoint's failing mark); anything else
 * reschedules with backoff until the retry window ends, then fails the delivery and marks the endpoint failing.
 */
export async function recordAttempt(
  db: Kysely<Database>,
  options: { delivery: ClaimedDelivery; outcome: SendOutcome; now: Date; retry: RetryPolicy },
): Promise<'delivered' | 'retrying' | 'failed'> {
  const { delivery, outcome, now, retry } = options;
  const last = {
    last_status: outcome.status,
    last_error: 'error' in outcome ? outcome.error : outcome.ok ? null : `Answered ${outcome.status}`,
    last_latency_ms: outcome.latencyMs,
  };
  if (outcome.ok) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('webhook_deliveries')
        .set({ ...last, status: 'delivered', delivered_at: now, next_attempt_at: null })
        .where('id', '=', delivery.id)
        .execute();
      await trx
        .updateTable('webhook_endpoints')
        .set({ failing_since: null })
        .where('id', '=', delivery.endpointId)
        .where('failing_since', 'is not', null)
        .execute();
    });
    return 'delivered';
  }
  const next = new Date(now.getTime() + retryDelayMs(retry, delivery.attempts));
  if (next.getTime() - delivery.createdAt.getTime() <= retry.windowMs) {
    await db
      .updateTable('webhook_deliveries')
      .set({ ...last, next_attempt_at: next })
      .where('id', '=', delivery.id)
      .execute();
    return 'retrying';
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhook_deliveries')
      .set({ ...last, status: 'failed', next_attempt_at: null })
      .where('id', '=', delivery.id)
      .execute();
    await trx
      .updateTable('webhook_endpoints')
      .set({ failing_since: now })
      .where('id', '=', delivery.endpointId)
      .where('failing_since', 'is', null)
      .execute();
  });
  return 'failed';
}
