import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyTRPCRouter, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { ErrorCatalogue } from '../error-catalogue.ts';
import { ContractError, headersOfErrors } from '../server/contract-error.ts';
import { wasReplayed } from '../server/idempotency.ts';
import type { ImplementedProcedure } from '../server/implement.ts';
import type { Policy } from '../server/policy.ts';
import type { DirectCall } from './direct-call.ts';
import type { ProblemLinks } from './problem.ts';

/** Where failures are told: pino's, or any logger with the same two methods. */
export interface FailureLog {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** What every surface of one handler (the tRPC wire, REST) serves with, built once. */
export interface Serving extends ProblemLinks {
  router: AnyTRPCRouter;
  procedures: ReadonlyMap<string, ImplementedProcedure>;
  /** Each procedure's direct call, by path (./direct-call.ts). */
  calls: ReadonlyMap<string, DirectCall>;
  // biome-ignore lint/suspicious/noExplicitAny: any context and principal
  policy: Policy<any, any>;
  catalogue: ErrorCatalogue;
  createContext(req: IncomingMessage, res: ServerResponse | undefined): object;
  limits: { maxBodyBytes: number; maxBatchCalls: number };
  logOf(req: IncomingMessage): FailureLog;
  /** The page that explains deprecations, linked from each deprecated call's answer. */
  deprecationDocs: string | undefined;
  trpcPath: string;
}

/**
 * What a failure tells the operator: an unexpected one is an error with its cause; an outage
 * (503: say, the database out of reach) is no bug in the server's code, so a warning.
 */
export function reportFailure(log: FailureLog, error: TRPCError, path: string | undefined): void {
  if (error.code === 'SERVICE_UNAVAILABLE')
    log.warn({ err: error.cause ?? error, path }, 'procedure unavailable');
  else if (getHTTPStatusCodeFromError(error) >= 500)
    log.error({ err: error.cause ?? error, path }, 'procedure failed');
}

/**
 * The headers an answer carries: the policy's (RateLimit), then those its errors ask for
 * (Retry-After, WWW-Authenticate). A 401 always carries a challenge (RFC 9110 §11.6.1): the
 * policy's, when the error did not bring its own; an error with a retry time, its `Retry-After`.
 */
export function answerHeaders(
  serving: Serving,
  ctx: object | undefined,
  errors: readonly TRPCError[],
): Record<string, string> {
  const headers = { ...(ctx && serving.policy.responseHeaders?.(ctx)), ...headersOfErrors(errors) };
  // The answer, or one of its calls, came from a stored outcome: the call did not run again.
  if (wasReplayed(ctx)) headers['Idempotent-Replayed'] = 'true';
  if (headers['WWW-Authenticate'] === undefined && errors.some((error) => error.code === 'UNAUTHORIZED'))
    headers['WWW-Authenticate'] = serving.policy.challenges.unauthorized;
  // An error that says when to retry says it in `Retry-After` too (RFC 9110 §10.2.3).
  const retry = errors.find(
    (error): error is ContractError =>
      error instanceof ContractError && error.retryAfterSeconds !== undefined,
  );
  if (retry && headers['Retry-After'] === undefined) headers['Retry-After'] = String(retry.retryAfterSeconds);
  return headers;
}
