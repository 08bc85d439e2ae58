import type { RateLimitBudget } from '@charter/client';
import { Plan } from '@charter/contract';

/**
 * The signed-in user's plan, read from the budgets their own calls report: a call draws from a
 * budget named after the caller's plan. Undefined until a signed-in call has reported one.
 */
export function ownPlanOf(budgets: readonly RateLimitBudget[]): Plan | undefined {
  const names = budgets.map((budget) => budget.name);
  return Plan.options.find((plan) => names.includes(plan));
}

/** The plans a key may carry: at most its owner's (the server refuses a bigger one), smallest first. */
export function grantablePlans(own: Plan | undefined): Plan[] {
  return own ? Plan.options.slice(0, Plan.options.indexOf(own) + 1) : [];
}
