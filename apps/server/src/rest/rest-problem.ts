import { errors } from '@charter/contract';
import { ContractError, describeError } from '@charter/rpc/server';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { Problem } from '../http/problem.ts';
import type { RequestContext } from '../trpc/context.ts';

const titles = new Map(Object.entries(errors).map(([code, definition]) => [code, definition.message]));

/**
 * What a failed call tells a REST caller: the same catalogue code, message and issues a tRPC caller
 * gets, as problem details, with the error's headers (WWW-Authenticate, Retry-After). An unexpected
 * error is logged with the request id and told as a generic 500.
 */
export function problemOf(
  thrown: unknown,
  ctx: RequestContext,
): { problem: Problem; headers: Record<string, string> } {
  const error = getTRPCErrorFromUnknown(thrown);
  const status = getHTTPStatusCodeFromError(error);
  // An outage (503: the database out of reach) is no bug in our code: a warning, not an error.
  if (status === 503) ctx.log.warn({ err: error.cause ?? error }, 'REST call unavailable');
  else if (status >= 500) ctx.log.error({ err: error.cause ?? error }, 'REST call failed');
  const { appCode, message, issues } = describeError(error, status);
  const title = titles.get(appCode) ?? message;
  const contractError = error instanceof ContractError ? error : undefined;
  return {
    problem: {
      status,
      code: appCode,
      title,
      ...(message === title ? {} : { detail: message }),
      ...(issues ? { issues } : {}),
      ...(contractError?.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: contractError.retryAfterSeconds }),
    },
    headers: { ...contractError?.headers },
  };
}
