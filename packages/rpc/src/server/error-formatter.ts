import type { TRPCError, TRPCErrorShape } from '@trpc/server';
import { type BuiltInErrorCode, builtInErrors, isBuiltInErrorCode } from '../error-catalogue.ts';
import type { ErrorShape, ValidationIssue } from '../error-shape.ts';
import { ContractError } from './contract-error.ts';

interface Described {
  appCode: string;
  message: string;
  issues?: ValidationIssue[];
}

/**
 * Turns any error into the catalogue's terms. Validation failures keep their issues; anything
 * unexpected (5xx) gets the generic public message, its cause stays in the server log.
 */
export function describeError(error: TRPCError, httpStatus: number): Described {
  if (error instanceof ContractError) {
    return httpStatus >= 500 && isBuiltInErrorCode(error.appCode)
      ? { appCode: error.appCode, message: builtInErrors[error.appCode].message }
      : { appCode: error.appCode, message: error.message };
  }
  if (httpStatus >= 500) {
    const appCode = error.code === 'SERVICE_UNAVAILABLE' ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR';
    return { appCode, message: builtInErrors[appCode].message };
  }
  const issues = validationIssuesOf(error.cause);
  if (issues && error.code === 'BAD_REQUEST') {
    return { appCode: 'VALIDATION_FAILED', message: builtInErrors.VALIDATION_FAILED.message, issues };
  }
  // tRPC's own refusals (unknown procedure, malformed body, batch too large) name no secret; their
  // code is the built-in one of the same name, or else the first with the same status.
  return { appCode: builtInCodeFor(error.code, httpStatus), message: error.message };
}

export function formatError(opts: {
  shape: TRPCErrorShape<{ httpStatus: number; code: ErrorShape['data']['code']; path?: string }>;
  error: TRPCError;
  ctx: unknown;
}): ErrorShape {
  const { shape, error, ctx } = opts;
  const { appCode, message, issues } = describeError(error, shape.data.httpStatus);
  const requestId = (ctx as { requestId?: unknown } | undefined)?.requestId;
  const retryAfterSeconds = error instanceof ContractError ? error.retryAfterSeconds : undefined;
  return {
    code: shape.code as ErrorShape['code'],
    message,
    data: {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      appCode,
      ...(shape.data.path === undefined ? {} : { path: shape.data.path }),
      ...(issues === undefined ? {} : { issues }),
      ...(typeof requestId === 'string' ? { requestId } : {}),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    },
  };
}

/** Issues from a zod error or any Standard Schema failure; `undefined` for anything else. */
export function validationIssuesOf(cause: unknown): ValidationIssue[] | undefined {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return undefined;
  return issues.map((issue: { code?: unknown; path?: readonly unknown[]; message?: unknown }) => ({
    code: typeof issue.code === 'string' ? issue.code : 'invalid',
    path: (issue.path ?? []).map((key) => {
      const segment = typeof key === 'object' && key !== null && 'key' in key ? key.key : key;
      return typeof segment === 'number' ? segment : String(segment);
    }),
    message: typeof issue.message === 'string' ? issue.message : 'Invalid value',
  }));
}

function builtInCodeFor(trpcCode: string, httpStatus: number): BuiltInErrorCode {
  if (isBuiltInErrorCode(trpcCode)) return trpcCode;
  const sameStatus = (Object.keys(builtInErrors) as BuiltInErrorCode[]).find(
    (code) => builtInErrors[code].status === httpStatus,
  );
  return sameStatus ?? 'BAD_REQUEST';
}
