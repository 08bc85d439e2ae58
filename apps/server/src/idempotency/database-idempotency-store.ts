import type { IdempotencyStore } from '@charter/rpc/server';
import type { Principal } from '../calls/principal.ts';
import type { RequestContext } from '../calls/request-context.ts';
import { keyScopeOf } from './key-scope.ts';
import { asDatabase } from './one-transaction.ts';

/** How long a key is kept after its first use. @default 24 hours */
export const defaultKeyTtlSeconds = 24 * 3600;

const sweepEveryMs = 3600_000;

/**
 * Idempotency-Keys in the database, in the call's own transaction: the key is claimed (inserted)
 * first, the handler runs with that transaction as its database (its own transactions join it),
 * and the answer is saved before the commit. So the call's writes and its stored answer commit
 * together or not at all: a crash after the commit cannot lose the record, and a retry replays it.
 *
 * A repeat while the first call runs waits on the claim (PostgreSQL holds a new key's row until its
 * transaction ends): then it replays the answer, or, if the first call failed and rolled back, runs.
 * An expired key is claimed anew.
 */
export function databaseIdempotencyStore(
  ttlSeconds: number = defaultKeyTtlSeconds,
): IdempotencyStore<RequestContext, Principal> {
  // Expired keys are swept by the calls themselves, at most once an hour: no timer to stop.
  let lastSweep = 0;
  return {
    async once(call, execute) {
      const { ctx, principal, key, fingerprint, path } = call;
      const scope = keyScopeOf(principal, ctx.clientIp);
      const now = ctx.services.now();
      if (now.getTime() - lastSweep >= sweepEveryMs) {
        lastSweep = now.getTime();
        deleteExpiredKeys(ctx.services.db, now).catch((error: unknown) =>
          ctx.log.warn({ err: error }, 'could not sweep expired idempotency keys'),
        );
      }
      return ctx.services.db.transaction().execute(async (trx) => {
        const claim = {
          scope,
          key,
          fingerprint,
          procedure: path,
          output: '',
          expires_at: new Date(now.getTime() + ttlSeconds * 1000),
        };
        const claimed = await trx
          .insertInto('idempotency_keys')
          .values(claim)
          .onConflict((conflict) =>
            conflict
              .columns(['scope', 'key'])
              .doUpdateSet({
                fingerprint,
                procedure: path,
                output: '',
                created_at: now,
                expires_at: claim.expires_at,
              })
              .where('idempotency_keys.expires_at', '<=', now),
          )
          .returning('scope')
          .executeTakeFirst();
        if (!claimed) {
          const stored = await trx
            .selectFrom('idempotency_keys')
            .select(['output', 'fingerprint'])
            .where('scope', '=', scope)
            .where('key', '=', key)
            .executeTakeFirstOrThrow();
          return { replayed: true, output: stored.output, fingerprint: stored.fingerprint };
        }
        const output = await execute({ ...ctx, services: { ...ctx.services, db: asDatabase(trx) } });
        await trx
          .updateTable('idempotency_keys')
          .set({ output })
          .where('scope', '=', scope)
          .where('key', '=', key)
          .execute();
        return { replayed: false, output };
      });
    },
  };
}

/** Drops the keys that expired; the store runs it now and then. */
export async function deleteExpiredKeys(db: RequestContext['services']['db'], now: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
