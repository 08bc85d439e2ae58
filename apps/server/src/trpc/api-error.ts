import { type BuiltInErrorCode, builtInErrors } from '@charter/rpc';
import { ContractError } from '@charter/rpc/server';

/**
 * A built-in catalogue error raised outside a handler (middleware, helpers), optionally with a
 * sharper message. Domain errors come from each handler's own `errors`, which the contract types.
 */
export function apiError(code: BuiltInErrorCode, message?: string): ContractError {
  return new ContractError(code, builtInErrors[code], message === undefined ? {} : { message });
}
