import { type BuiltInErrorCode, builtInErrors } from '@charter/rpc';
import { ContractError } from '@charter/rpc/server';

export interface ApiErrorOptions {
  headers?: Record<string, string>;
  retryAfterSeconds?: number;
}

/**
 * A built-in catalogue error raised outside a handler (middleware, helpers), optionally with a
 * sharper message, response headers and a retry time. Domain errors come from each handler's own
 * `errors`.
 */
export function apiError(
  code: BuiltInErrorCode,
  message?: string,
  options: ApiErrorOptions = {},
): ContractError {
  return new ContractError(code, builtInErrors[code], {
    ...(message === undefined ? {} : { message }),
    ...options,
  });
}

/** TOO_MANY_REQUESTS with its retry time in the data and in `Retry-After`. */
export function tooManyRequests(
  message: string,
  retryAfterSeconds: number,
  headers: Record<string, string> = {},
) {
  return apiError('TOO_MANY_REQUESTS', message, {
    retryAfterSeconds,
    headers: { ...headers, 'Retry-After': String(retryAfterSeconds) },
  });
}
