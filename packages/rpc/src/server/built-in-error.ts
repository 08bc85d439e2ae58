import { type BuiltInErrorCode, builtInErrors } from '../error-catalogue.ts';
import { ContractError, type ContractErrorOptions } from './contract-error.ts';

/**
 * A built-in catalogue error raised outside a handler (a policy, the protocol layer), optionally
 * with a sharper message, response headers and a retry time. Handlers throw their own `errors`.
 */
export function builtInError(
  code: BuiltInErrorCode,
  message?: string,
  options: Omit<ContractErrorOptions, 'message'> = {},
): ContractError {
  return new ContractError(code, builtInErrors[code], {
    ...(message === undefined ? {} : { message }),
    ...options,
  });
}
