import { initTRPC } from '@trpc/server';
import type { ProcedureMeta } from '../procedure.ts';
import { transformer } from '../transformer.ts';
import { formatError } from './error-formatter.ts';

/** The root config every Charter router is built with, so the contract's router type stays true. */
export const rootConfig = {
  transformer,
  errorFormatter: formatError,
  // Stack traces never leave the server, in development either.
  isDev: false,
} as const;

/**
 * tRPC's building blocks typed with your request context and the contract's metadata: use
 * `procedure.use(middleware)` to make the base that `implement()` builds every procedure on.
 */
export function initServer<TContext extends object>() {
  const t = initTRPC.context<TContext>().meta<ProcedureMeta>().create(rootConfig);
  return { procedure: t.procedure, middleware: t.middleware };
}
