import { formatRateLimitHeaders } from '@charter/rpc';
import type { RequestHandler } from 'express';
import { clientIpOf } from '../http/client-ip.ts';
import type { Budgets } from '../rate-limit/budgets.ts';

/**
 * The endpoints where an OAuth client proves itself with a secret, code or token (worth guessing
 * at), and where an app registers itself (worth flooding).
 */
const guardedEndpoints = ['/oauth/token', '/oauth/revoke', '/oauth/introspect', '/oauth/register'].map(
  (path) => path.toUpperCase(),
);

/**
 * Whether the authorization server's router would serve `path` as a guarded endpoint. It matches
 * paths in any letter case and tries once more without one trailing slash (oidc-provider's
 * lib/helpers/router.js), so the budget must too: a spelling it serves is a spelling we charge.
 * Folding every character, not ASCII alone as the router does, can only charge a path it refuses.
 */
export function isGuardedOAuthEndpoint(path: string): boolean {
  const folded = path.toUpperCase();
  if (guardedEndpoints.includes(folded)) return true;
  return folded.length > 1 && folded.endsWith('/') && guardedEndpoints.includes(folded.slice(0, -1));
}

/**
 * The OAuth token endpoints draw from the strict per-address `auth` budget, as log-in and sign-up
 * do, so a client secret or a code cannot be guessed at the general budget's pace. A refusal is an
 * OAuth error (RFC 6749 §5.2), which is what clients of these endpoints read, with `Retry-After`.
 */
export function oauthEndpointBudget(budgets: Budgets): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'POST' || !isGuardedOAuthEndpoint(req.path)) return next();
    const charge = await budgets.charge('auth', `ip:${clientIpOf(req)}`, 1);
    res.set(formatRateLimitHeaders([charge.state]));
    if (charge.ok) return next();
    const retryAfter = charge.state.resetSeconds;
    res
      .status(429)
      .set({ 'Retry-After': String(retryAfter), 'Cache-Control': 'no-store' })
      // RFC 6749 has no code for a rate limit; temporarily_unavailable is its registered "try later".
      .json({
        error: 'temporarily_unavailable',
        error_description: `Rate limit reached (auth); retry in ${retryAfter} s.`,
      });
  };
}
