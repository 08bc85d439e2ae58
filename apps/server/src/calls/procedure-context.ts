import type { PolicyContext } from '@charter/rpc/server';
import { apiError } from './api-error.ts';
import type { Principal } from './principal.ts';
import type { RequestContext } from './request-context.ts';

/** The context a handler sees: the request's, with who is calling (set by the policy, src/middleware/policy.ts). */
export type ProcedureContext = PolicyContext<RequestContext, Principal>;

/**
 * The user the caller acts for. The policy guarantees a caller for `auth: 'required'` procedures.
 * An app alone (client credentials) acts for the user who registered it (docs/decisions/015).
 */
export function currentUserId(ctx: ProcedureContext): string {
  if (ctx.principal.kind === 'anonymous') throw apiError('UNAUTHORIZED');
  if (ctx.principal.kind === 'oauth') return ctx.principal.userId ?? ctx.principal.ownerId;
  return ctx.principal.userId;
}
