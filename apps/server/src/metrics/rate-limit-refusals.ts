import { Counter, type Registry } from 'prom-client';
import type { RequestContext } from '../calls/request-context.ts';
import type { Plan } from '../db/schema.ts';
import type { RefusalObserver } from './call-metrics.ts';
import { outcomeOf } from './call-metrics.ts';

// The budgets named after a plan are the caller's own; the others (auth) are drawn from besides.
const plans: Record<Plan, true> = { anonymous: true, default: true, elevated: true };
const isPlan = (name: string): name is Plan => Object.hasOwn(plans, name);

/**
 * Counts calls refused 429 by a rate-limit budget, by budget and by the caller's plan. It reads
 * what the policy left on the request's context (the budgets it drew from, an empty one at 0)
 * rather than hooking into the policy: the policy stays unaware of metrics. A 429 with no empty
 * budget (too many live streams, log-in throttling) is not a budget's refusal and is not counted.
 */
export function rateLimitRefusals(registry: Registry): RefusalObserver {
  const refusals = new Counter({
    name: 'charter_rate_limit_refusals_total',
    help: 'Calls refused 429 by a rate-limit budget, by budget and by the plan of the caller.',
    labelNames: ['budget', 'plan'] as const,
    registers: [registry],
  });
  return (call, error) => {
    if (outcomeOf(error) !== 'TOO_MANY_REQUESTS') return;
    const { budgetStates } = call.ctx as Partial<RequestContext>;
    if (!budgetStates) return;
    const plan = budgetStates.find((state) => isPlan(state.name))?.name ?? 'unknown';
    for (const state of budgetStates) {
      if (state.remaining === 0) refusals.inc({ budget: state.name, plan });
    }
  };
}
