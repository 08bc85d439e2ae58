import type { IncomingMessage } from 'node:http';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ContractError } from '../../server/contract-error.ts';
import { describeError } from '../../server/error-formatter.ts';
import type { Problem } from '../problem.ts';
import { answerHeaders, reportFailure, type Serving } from '../serving.ts';

/**
 * What a failed call tells a REST caller: the same catalogue code, message and issues a tRPC caller
 * gets, as problem details, with the answer's headers (WWW-Authenticate, Retry-After, RateLimit).
 * An unexpected error is logged with the request and told as a generic 500.
 */
export function problemOf(
  thrown: unknown,
  { serving, req, ctx, path }: { serving: Serving; req: IncomingMessage; ctx: object; path: string },
): { problem: Problem; headers: Record<string, string> } {
  const error = getTRPCErrorFromUnknown(thrown);
  const status = getHTTPStatusCodeFromError(error);
  reportFailure(serving.logOf(req), error, path);
  const { appCode, message, issues } = describeError(error, status);
  const title = serving.catalogue[appCode]?.message ?? message;
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
    headers: answerHeaders(serving, ctx, [error]),
  };
}
