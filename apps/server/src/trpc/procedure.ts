import type { ProcedureMeta } from '@charter/rpc';
import type { HandlerContextOf } from '@charter/rpc/server';
import { TRPCError } from '@trpc/server';
import { principalFor } from '../middleware/auth.ts';
import { anonymous, type Principal } from '../middleware/principal.ts';
import { chargeBudgets } from '../middleware/rate-limit.ts';
import { apiError } from './api-error.ts';
import type { RequestContext } from './context.ts';
import { rpc } from './init.ts';

/**
 * The policy every procedure runs under: authentication, then rate limiting, both before the
 * input is parsed, then `call` with the context its handler sees. A call refused for its
 * credential (here, or by its handler) also counts as an anonymous call from its address, so
 * guessing credentials is throttled like any other traffic.
 *
 * tRPC runs it as the one middleware of every procedure (below); the paths that call procedures
 * without tRPC's machinery run it themselves (src/trpc/direct-call.ts).
 */
export async function underPolicy<T>(
  ctx: RequestContext,
  meta: ProcedureMeta | undefined,
  path: string,
  call: (ctx: RequestContext & { principal: Principal }) => Promise<T>,
): Promise<T> {
  let principal: Principal;
  try {
    principal = await principalFor(ctx, meta);
  } catch (error) {
    throw await chargedIfUnauthorized(error, ctx, meta, path);
  }
  await chargeBudgets(ctx, principal, meta, path);
  try {
    return await call({ ...ctx, principal });
  } catch (error) {
    throw await chargedIfUnauthorized(error, ctx, meta, path);
  }
}

async function chargedIfUnauthorized(
  error: unknown,
  ctx: RequestContext,
  meta: ProcedureMeta | undefined,
  path: string,
): Promise<unknown> {
  if (error instanceof TRPCError && error.code === 'UNAUTHORIZED')
    await chargeBudgets(ctx, anonymous, meta, path);
  return error;
}

/**
 * The policy as tRPC middleware. One middleware, not three: each level of tRPC's middleware chain
 * copies the call's options (docs/decisions/013).
 */
export const policyMiddleware = rpc.middleware(({ ctx, meta, path, next }) =>
  underPolicy(ctx, meta, path, async ({ principal }) => {
    const result = await next({ ctx: { principal } });
    // A failed result is thrown so the policy sees it; tRPC turns it back into the same result.
    if (!result.ok) throw result.error;
    return result;
  }),
);

/** The base of every procedure. */
export const procedure = rpc.procedure.use(policyMiddleware);

/** The context a handler sees. */
export type ProcedureContext = HandlerContextOf<typeof procedure>;

/**
 * The user the caller acts for. The policy guarantees a caller for `auth: 'required'` procedures.
 * An app alone (client credentials) acts for the user who registered it (docs/decisions/015).
 */
export function currentUserId(ctx: ProcedureContext): string {
  if (ctx.principal.kind === 'anonymous') throw apiError('UNAUTHORIZED');
  if (ctx.principal.kind === 'oauth') return ctx.principal.userId ?? ctx.principal.ownerId;
  return ctx.principal.userId;
}
