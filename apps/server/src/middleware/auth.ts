import { apiError } from '../trpc/api-error.ts';
import { rpc } from '../trpc/init.ts';

/** Who is calling. Password sessions are users; API keys and OAuth apps join in a later step. */
export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: string;
      scopes: readonly string[] /** When the credential stops working. */;
      expiresAt: Date;
    };

const anonymous: Principal = { kind: 'anonymous' };
// Typed as Principal, not as the narrowed variant, so handlers see the whole union.
const withPrincipal = (principal: Principal) => ({ principal });

/**
 * Enforces each procedure's `auth` and `scopes` metadata before its input is even parsed, so a
 * caller who may not call a procedure learns nothing about it. Public procedures ignore any
 * credential sent, so a stale token never blocks signing up or logging in.
 */
export const authenticate = rpc.middleware(async ({ ctx, meta, next }) => {
  // Without metadata nothing says the procedure is public, so it is not.
  if (meta?.auth === 'public') return next({ ctx: withPrincipal(anonymous) });

  const token = bearerToken(ctx.authorization);
  if (token === undefined) {
    throw apiError('UNAUTHORIZED', 'Authentication is required: send Authorization: Bearer <access token>.');
  }
  const check = await ctx.services.tokens.verify(token);
  if (!check.ok) {
    throw apiError(
      'UNAUTHORIZED',
      check.reason === 'expired'
        ? 'The access token has expired; log in again.'
        : 'The access token is invalid.',
    );
  }
  const missing = (meta?.scopes ?? []).filter((scope) => !check.scopes.includes(scope));
  if (missing.length > 0) {
    throw apiError(
      'FORBIDDEN',
      `This credential lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
    );
  }
  const { userId, scopes, expiresAt } = check;
  return next({ ctx: withPrincipal({ kind: 'user', userId, scopes, expiresAt }) });
});

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header ?? '');
  return match?.[1];
}
