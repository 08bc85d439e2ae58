import { formatRateLimitHeaders } from '@charter/rpc';
import type { Policy } from '@charter/rpc/server';
import type { Principal } from '../calls/principal.ts';
import { anonymous } from '../calls/principal.ts';
import type { RequestContext } from '../calls/request-context.ts';
import { databaseIdempotencyStore } from '../idempotency/database-idempotency-store.ts';
import { challenges, identify } from './auth.ts';
import { chargeBudgets } from './rate-limit.ts';
import { admitStream } from './stream-admission.ts';

/**
 * This server's policy, which the toolkit runs on every call of every surface (docs/decisions/020):
 * who a credential is (./auth.ts), what a call costs (./rate-limit.ts), how many live streams a
 * caller may hold (./stream-slots.ts), and where Idempotency-Keys are kept. A call refused for its credential also counts as an
 * anonymous call from its address, so guessing credentials is throttled like any other traffic.
 */
export function createPolicy({
  idempotencyKeyTtlSeconds,
}: {
  /** How long an Idempotency-Key is kept (IDEMPOTENCY_KEY_TTL_SECONDS). */
  idempotencyKeyTtlSeconds?: number;
} = {}): Policy<RequestContext, Principal> {
  return {
    anonymous,
    authenticate: identify,
    scopesOf: (principal) => (principal.kind === 'anonymous' ? [] : principal.scopes),
    charge: ({ ctx, meta, path }, principal) => chargeBudgets(ctx, principal, meta, path),
    onUnauthorized: ({ ctx, meta, path }) => chargeBudgets(ctx, anonymous, meta, path),
    challenges: { unauthorized: challenges.any, insufficientScope: challenges.insufficientScope },
    responseHeaders: (ctx) => formatRateLimitHeaders(ctx.budgetStates),
    admitStream,
    // Mutations the contract marks run once per caller and Idempotency-Key (src/idempotency/).
    idempotency: databaseIdempotencyStore(idempotencyKeyTtlSeconds),
  };
}
