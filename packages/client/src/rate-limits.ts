import type { AppRouter } from '@charter/contract';
import { parseRateLimitHeaders, type RateLimitBudget } from '@charter/rpc';
import { retryLink, type TRPCLink } from '@trpc/client';
import { keyedMutations } from './idempotency.ts';

export interface RetryOptions {
  /** Retries of one call after TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE or a network failure. @default 2 */
  maxRetries?: number;
  /** A refusal that asks for a longer wait than this is passed on, not waited out. @default 60 */
  maxWaitSeconds?: number;
  /** Retry mutations too (those the API runs once per Idempotency-Key). @default true */
  mutations?: boolean;
}

// Refusals that say when to come back: a spent budget, and a server that cannot serve for now
// (its database restarting, say).
const retryableCodes = new Set(['TOO_MANY_REQUESTS', 'SERVICE_UNAVAILABLE']);

/**
 * Retries a call that was refused with TOO_MANY_REQUESTS or SERVICE_UNAVAILABLE, after the wait
 * the server asked for in `Retry-After`, or that failed on the network (no answer: it may or may
 * not have run), after a short backoff with jitter; a bounded number of times. A query, always; a
 * mutation only if the API runs it once per Idempotency-Key (the key stays the same across its
 * retries, ./idempotency.ts), since it may have run before the failure.
 */
export function retryAfterLink(options: RetryOptions = {}): TRPCLink<AppRouter> {
  const maxRetries = options.maxRetries ?? 2;
  const maxWaitSeconds = options.maxWaitSeconds ?? 60;
  const mutations = options.mutations ?? true;
  // tRPC asks for the delay right after `retry` said yes, with the attempt number only: the wait
  // the error asked for is handed over through here.
  let waitMs = 0;
  return retryLink<AppRouter>({
    retry({ op, error, attempts }) {
      if (attempts > maxRetries) return false;
      const safe =
        op.type === 'query' ||
        (op.type === 'mutation' &&
          mutations &&
          keyedMutations.has(op.path) &&
          typeof op.context.idempotencyKey === 'string');
      if (!safe) return false;
      if (error.data === undefined && error.shape === undefined) {
        // No answer at all: the network failed. Back off 100 ms, 200 ms, ... with jitter.
        waitMs = 100 * 2 ** (attempts - 1) * (0.5 + Math.random());
        return true;
      }
      const seconds = error.data?.retryAfterSeconds;
      const code = error.data?.code;
      if (code === undefined || !retryableCodes.has(code) || seconds === undefined) return false;
      if (seconds > maxWaitSeconds) return false;
      waitMs = seconds * 1000;
      return true;
    },
    retryDelayMs: () => waitMs,
  });
}

/** A fetch that tells `onRateLimit` the budgets each response reports in its RateLimit headers. */
export function reportingRateLimits(
  fetchFn: typeof fetch,
  onRateLimit: (budgets: RateLimitBudget[]) => void,
): typeof fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init);
    const budgets = parseRateLimitHeaders(response.headers);
    if (budgets.length > 0) onRateLimit(budgets);
    return response;
  };
}
