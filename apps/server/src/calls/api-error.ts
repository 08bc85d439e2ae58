import { builtInError } from '@charter/rpc/server';

/**
 * A built-in catalogue error raised outside a handler (the policy, helpers), optionally with a
 * sharper message, response headers and a retry time. Domain errors come from each handler's own
 * `errors`.
 */
export const apiError = builtInError;

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
