import type { HandlerContextOf } from '@charter/rpc/server';
import { TRPCError } from '@trpc/server';
import { principalFor } from '../middleware/auth.ts';
import { anonymous, type Principal } from '../middleware/principal.ts';
import { chargeBudgets } from '../middleware/rate-limit.ts';
import { apiError } from './api-error.ts';
import { rpc } from './init.ts';

/**
 * The base of every procedure: authentication, then rate limiting, both before the input is
 * parsed. A call refused for its credential (here, or by its handler) also counts as an anonymous
 * call from its address, so guessing credentials is throttled like any other traffic. One
 * middleware, not three: each level of tRPC's middleware chain copies the call's options
 * (docs/decisions/013).
 */
export const procedure = rpc.procedure.use(async ({ ctx, meta, path, next }) => {
  const chargeAsAnonymous = () => chargeBudgets({ ...ctx, principal: anonymous }, meta, path);
  let principal: Principal;
  try {
    principal = await principalFor(ctx, meta);
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'UNAUTHORIZED') await chargeAsAnonymous();
    throw error;
  }
  await chargeBudgets({ ...ctx, principal }, meta, path);
  const result = await next({ ctx: { principal } });
  if (!result.ok && result.error.code === 'UNAUTHORIZED') await chargeAsAnonymous();
  return result;
});

/** The context a handler sees. */
export type ProcedureContext = HandlerContextOf<typeof procedure>;

/** The user the caller acts for. The middleware guarantees a caller for `auth: 'required'` procedures. */
export function currentUserId(ctx: ProcedureContext): string {
  if (ctx.principal.kind === 'anonymous') throw apiError('UNAUTHORIZED');
  if (ctx.principal.userId === null) {
    throw apiError(
      'FORBIDDEN',
      'This acts for a user, and a client-credentials token acts for an app alone.',
    );
  }
  return ctx.principal.userId;
}
