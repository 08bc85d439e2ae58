import { formatRateLimitHeaders } from '@charter/rpc';
import type { RequestHandler } from 'express';
import { clientIpOf } from '../http/client-ip.ts';
import { sendProblem } from '../http/problem.ts';
import type { Budgets } from '../rate-limit/budgets.ts';

/** The endpoints where an OAuth client proves itself with a secret, code or token: worth guessing at. */
const guardedEndpoints = new Set(['/oauth/token', '/oauth/revoke', '/oauth/introspect']);

/**
 * The OAuth token endpoints draw from the strict per-address `auth` budget, as log-in and sign-up
 * do, so a client secret or a code cannot be guessed at the general budget's pace.
 */
export function oauthEndpointBudget(budgets: Budgets): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'POST' || !guardedEndpoints.has(req.path)) return next();
    const charge = await budgets.charge('auth', `ip:${clientIpOf(req)}`, 1);
    res.set(formatRateLimitHeaders([charge.state]));
    if (charge.ok) return next();
    res.set('Retry-After', String(charge.state.resetSeconds));
    sendProblem(
      req,
      res,
      'TOO_MANY_REQUESTS',
      `Rate limit reached (auth); retry in ${charge.state.resetSeconds} s.`,
    );
  };
}
