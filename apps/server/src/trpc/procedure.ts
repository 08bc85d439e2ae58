import type { HandlerContextOf } from '@charter/rpc/server';
import { authenticate } from '../middleware/auth.ts';
import { anonymous } from '../middleware/principal.ts';
import { chargeBudgets } from '../middleware/rate-limit.ts';
import { apiError } from './api-error.ts';
import { rpc } from './init.ts';

/**
 * The base of every procedure: authentication, then rate limiting, both before the input is parsed.
 * A call refused for its credential counts as an anonymous call from its address, so guessing
 * credentials is throttled like any other traffic.
 */
export const procedure = rpc.procedure
  .use(async ({ ctx, meta, path, next }) => {
    const result = await next();
    if (!result.ok && result.error.code === 'UNAUTHORIZED') {
      await chargeBudgets({ ...ctx, principal: anonymous }, meta, path);
    }
    return result;
  })
  .use(authenticate)
  .use(async ({ ctx, meta, path, next }) => {
    await chargeBudgets(ctx, meta, path);
    return next();
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
