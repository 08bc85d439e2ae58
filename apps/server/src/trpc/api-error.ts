import { type ErrorCode, errors } from '@charter/contract';
import { ContractError } from '@charter/rpc/server';

/** A catalogue error raised outside a handler (middleware, helpers), optionally with a sharper message. */
export function apiError(code: ErrorCode, message?: string): ContractError {
  return new ContractError(code, errors[code], message === undefined ? {} : { message });
}
