import type { HandlerContextOf } from '@charter/rpc/server';
import { authenticate } from '../middleware/auth.ts';
import { apiError } from './api-error.ts';
import { rpc } from './init.ts';

/** The base of every procedure: authentication (and, later, rate limiting) run before the handler. */
export const procedure = rpc.procedure.use(authenticate);

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
