import { type BuiltInErrorCode, builtInErrors } from '@charter/rpc';
import { ContractError } from '@charter/rpc/server';

/**
 * A built-in catalogue error raised outside a handler (middleware, helpers), optionally with a
 * sharper message and response headers. Domain errors come from each handler's own `errors`.
 */
export function apiError(
  code: BuiltInErrorCode,
  message?: string,
  headers?: Record<string, string>,
): ContractError {
  return new ContractError(code, builtInErrors[code], {
    ...(message === undefined ? {} : { message }),
    ...(headers === undefined ? {} : { headers }),
  });
}
