import { formatRateLimitHeaders, type ProcedureMeta } from '@charter/rpc';
import { tooManyRequests } from '../calls/api-error.ts';
import type { Principal } from '../calls/principal.ts';
import type { BudgetState, Charge } from '../rate-limit/budgets.ts';
import type { BudgetName } from '../rate-limit/budgets-config.ts';
import type { Services } from '../services.ts';
import type { UsageEvent } from '../usage/usage-recorder.ts';
import { holdStreamSlot } from './stream-slots.ts';

interface ChargeContext {
  clientIp: string;
  services: Services;
  /** Set for calls over HTTP: a stream holds its slot until the response closes. */
  whenClosed?: ((release: () => void) => void) | undefined;
  /** The budgets this request drew from so far, for its RateLimit headers. */
  budgetStates: BudgetState[];
}

/**
 * Charges a call its procedure's cost against the caller's budget (per user, API key or OAuth app,
 * or per address for anonymous callers, sized by their plan) and against the named budget the
 * procedure also draws from, if any; a live stream also holds one of the caller's and the address's
 * stream slots while it lasts (./stream-slots.ts). Every call of a batch is charged. A refusal is
 * a 429 with `Retry-After` and the retry time in the error data.
 */
export async function chargeBudgets(
  ctx: ChargeContext,
  principal: Principal,
  meta: ProcedureMeta | undefined,
  path: string,
): Promise<void> {
  const { budgets, usage } = ctx.services;
  const own = budgetOf(principal, ctx.clientIp);
  const charge = budgets.charge(own.name, own.key, meta?.cost ?? 1);
  const results: Charge[] = meta?.budget
    ? await Promise.all([charge, budgets.charge(meta.budget as BudgetName, `ip:${ctx.clientIp}`, 1)])
    : [await charge];

  // The calls of a batch charge concurrently and finish in any order: the headers report the
  // lowest budget any of them saw, which is the budget after them all (or, across a window's end,
  // an underestimate, never an overestimate).
  for (const { state } of results) {
    const index = ctx.budgetStates.findIndex((known) => known.name === state.name);
    if (index === -1) ctx.budgetStates.push(state);
    else if (state.remaining <= (ctx.budgetStates[index] as BudgetState).remaining)
      ctx.budgetStates[index] = state;
  }
  const refused = results.filter((result) => !result.ok);
  const event = usageEventOf(principal, path, refused.length > 0);
  if (event) usage.record(event);
  if (refused.length > 0) {
    const retryAfterSeconds = Math.max(...refused.map((result) => result.state.resetSeconds));
    throw tooManyRequests(
      `Rate limit reached (${refused.map((result) => result.state.name).join(', ')}); retry in ${retryAfterSeconds} s.`,
      retryAfterSeconds,
      formatRateLimitHeaders(ctx.budgetStates),
    );
  }
  holdStreamSlot(ctx, principal, path);
}

/** Whose budget a call draws from, and which plan sizes it. */
export function budgetOf(principal: Principal, clientIp: string): { name: BudgetName; key: string } {
  switch (principal.kind) {
    case 'anonymous':
      return { name: 'anonymous', key: `ip:${clientIp}` };
    case 'user':
      return { name: principal.plan, key: `user:${principal.userId}` };
    case 'apiKey':
      return { name: principal.plan, key: `key:${principal.apiKeyId}` };
    case 'oauth':
      return { name: principal.plan, key: `app:${principal.clientId}:${principal.userId ?? 'app'}` };
  }
}

function usageEventOf(principal: Principal, procedure: string, refused: boolean): UsageEvent | undefined {
  switch (principal.kind) {
    case 'anonymous':
      return undefined; // no account to report it to
    case 'user':
      return { userId: principal.userId, callerKind: 'user', callerId: '', procedure, refused };
    case 'apiKey':
      return {
        userId: principal.userId,
        callerKind: 'apiKey',
        callerId: principal.apiKeyId,
        procedure,
        refused,
      };
    case 'oauth':
      return {
        userId: principal.userId ?? principal.ownerId,
        callerKind: 'oauthApp',
        callerId: principal.clientId,
        procedure,
        refused,
      };
  }
}
