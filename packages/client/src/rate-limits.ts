import type { AppRouter } from '@charter/contract';
import { parseRateLimitHeaders, type RateLimitBudget } from '@charter/rpc';
import { retryLink, type TRPCLink } from '@trpc/client';

export interface RetryOptions {
  /** Retries of one call after TOO_MANY_REQUESTS or SERVICE_UNAVAILABLE. @default 2 */
  maxRetries?: number;
  /** A refusal that asks for a longer wait than this is passed on, not waited out. @default 60 */
  maxWaitSeconds?: number;
}

// Refusals that say when to come back: a spent budget, and a server that cannot serve for now
// (its database restarting, say).
const retryableCodes = new Set(['TOO_MANY_REQUESTS', 'SERVICE_UNAVAILABLE']);

/**
 * Retries a query (never a mutation: it may have had an effect) that was refused with
 * TOO_MANY_REQUESTS or SERVICE_UNAVAILABLE, after the wait the server asked for in `Retry-After`,
 * a bounded number of times.
 */
export function retryAfterLink(options: RetryOptions = {}): TRPCLink<AppRouter> {
  const maxRetries = options.maxRetries ?? 2;
  const maxWaitSeconds = options.maxWaitSeconds ?? 60;
  // tRPC asks for the delay right after `retry` said yes, with the attempt number only: the wait
  // the error asked for is handed over through here.
  let waitMs = 0;
  return retryLink<AppRouter>({
    retry({ op, error, attempts }) {
      const seconds = error.data?.retryAfterSeconds;
      const code = error.data?.code;
      if (op.type !== 'query' || code === undefined || !retryableCodes.has(code) || seconds === undefined)
        return false;
      if (attempts > maxRetries || seconds > maxWaitSeconds) return false;
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
