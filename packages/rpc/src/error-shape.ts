import type { TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODE_NUMBER } from '@trpc/server';

/** One problem with the input, as the contract schema reported it. */
export interface ValidationIssue {
  /** The validator's issue code, e.g. `too_small`, `invalid_type`. */
  code: string;
  /** Where in the input: `['labels', 2]`. */
  path: (string | number)[];
  message: string;
}

/** The `data` of every error a Charter server sends, on tRPC and (as problem details) on REST. */
export interface ErrorData<TErrorCode extends string = string> {
  /** tRPC's own code, derived from the HTTP status. */
  code: TRPC_ERROR_CODE_KEY;
  httpStatus: number;
  /** The catalogue code: what went wrong, in the API's own words. */
  appCode: TErrorCode;
  /** The procedure path. */
  path?: string;
  /** Present when `appCode` is `VALIDATION_FAILED`. */
  issues?: ValidationIssue[];
  /** Quote it when reporting a problem; the server logs carry the same id. */
  requestId?: string;
  /** With TOO_MANY_REQUESTS: seconds until a retry can succeed (also sent as `Retry-After`). */
  retryAfterSeconds?: number;
}

export interface ErrorShape<TErrorCode extends string = string> {
  code: TRPC_ERROR_CODE_NUMBER;
  message: string;
  data: ErrorData<TErrorCode>;
}
