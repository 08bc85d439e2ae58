import type { AppRouter } from '@charter/contract';
import { TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** What each procedure takes, by path: `RouterInputs['tasks']['create']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** What each procedure returns, by path: `RouterOutputs['tasks']['list']['items'][number]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** An error from the API; `error.data.appCode` is the catalogue code, typed. */
export type ClientError = TRPCClientError<AppRouter>;

export function isClientError(error: unknown): error is ClientError {
  return error instanceof TRPCClientError;
}
