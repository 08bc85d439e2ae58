import type { HandlerContextOf } from '@charter/rpc/server';
import { authenticate } from '../middleware/auth.ts';
import { apiError } from './api-error.ts';
import { rpc } from './init.ts';

/** The base of every procedure: authentication (and, later, rate limiting) run before the handler. */
export const procedure = rpc.procedure.use(authenticate);

/** The context a handler sees. */
export type ProcedureContext = HandlerContextOf<typeof procedure>;

/** The calling user's id. The middleware guarantees one for `auth: 'required'` procedures. */
export function currentUserId(ctx: ProcedureContext): string {
  if (ctx.principal.kind !== 'user') throw apiError('UNAUTHORIZED');
  return ctx.principal.userId;
}

/** When the caller's credential stops working. */
export function credentialExpiry(ctx: ProcedureContext): Date {
  if (ctx.principal.kind !== 'user') throw apiError('UNAUTHORIZED');
  return ctx.principal.expiresAt;
}
