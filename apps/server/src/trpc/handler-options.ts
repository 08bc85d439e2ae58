import { limits } from '@charter/contract';
import { formatRateLimitHeaders } from '@charter/rpc';
import { headersOfErrors } from '@charter/rpc/server';
import type { TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import type { RequestContext } from './context.ts';

/** What both tRPC paths (the official adapter and the fast path) do around the calls alike. */
export const trpcLimits = { maxBodySize: limits.requestBodyMaxBytes, maxBatchSize: limits.batchMaxCalls };

/** The RateLimit fields of every response; WWW-Authenticate, Retry-After and the like from errors. */
export function responseHeaders(
  ctx: RequestContext | undefined,
  errors: readonly TRPCError[],
): Record<string, string> {
  return { ...formatRateLimitHeaders(ctx?.budgetStates ?? []), ...headersOfErrors(errors) };
}

/**
 * Unexpected failures go to the log with the request id; the caller gets the generic 500. An
 * outage (the database out of reach) is logged as a warning: it is not a bug in our code.
 */
export function logFailure(log: Logger) {
  return ({
    error,
    path,
    ctx,
  }: {
    error: TRPCError;
    path: string | undefined;
    ctx: RequestContext | undefined;
  }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      (ctx?.log ?? log).error({ err: error.cause ?? error, path }, 'procedure failed');
    } else if (error.code === 'SERVICE_UNAVAILABLE') {
      (ctx?.log ?? log).warn({ err: error.cause ?? error, path }, 'procedure unavailable');
    }
  };
}
