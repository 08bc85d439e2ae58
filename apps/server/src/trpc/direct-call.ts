import type { ProcedureMeta } from '@charter/rpc';
import { implementationOf } from '@charter/rpc/server';
import type { AnyProcedure } from '@trpc/server/unstable-core-do-not-import';
import type { RequestContext } from './context.ts';
import { policyMiddleware, underPolicy } from './procedure.ts';
import { appRouter } from './router.ts';

export interface DirectCallOptions {
  ctx: RequestContext;
  path: string;
  getRawInput: () => Promise<unknown>;
  /** The call's AbortSignal, asked for only if the handler reads it (src/http/close-signal.ts). */
  signal: () => AbortSignal | undefined;
}

export type DirectCall = (options: DirectCallOptions) => Promise<unknown>;

/**
 * Calls a procedure as tRPC calls it — the policy (src/trpc/procedure.ts), then input
 * validation, the handler and output validation — without tRPC's procedure machinery, which
 * copies the call's options at every level of its middleware chain and costs the fast path and
 * REST more than the policy itself (docs/decisions/013). It refuses a procedure whose middleware
 * is anything but the policy: a middleware added to the base procedure must not be skipped here.
 */
export function directCallOf(procedure: AnyProcedure): DirectCall {
  return routerCalls.get(procedure) ?? directCallFor(procedure);
}

function directCallFor(procedure: AnyProcedure): DirectCall {
  const implementation = implementationOf(procedure);
  // tRPC appends its resolver to the base procedure's middleware: [policy, resolver].
  const definition = procedure._def as unknown as { middlewares: unknown[]; meta?: ProcedureMeta };
  const [first, ...rest] = definition.middlewares;
  if (!implementation || first !== policyMiddleware._middlewares[0] || rest.length !== 1) {
    throw new Error(
      `A ${procedure._def.type} procedure runs more than the policy and its implement()ed handler; it cannot be called directly`,
    );
  }
  const { meta } = definition;
  return (options) =>
    underPolicy(options.ctx, meta, options.path, (procedureCtx) =>
      implementation.call(procedureCtx, options),
    );
}

// Every procedure of the router, checked and built when the server loads, not on a first call.
const routerCalls = new Map(
  Object.values(appRouter._def.procedures as unknown as Record<string, AnyProcedure>).map(
    (procedure) => [procedure, directCallFor(procedure)] as const,
  ),
);
