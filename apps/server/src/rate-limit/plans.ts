import type { Plan } from '../db/schema.ts';

const order: Record<Plan, number> = { anonymous: 0, default: 1, elevated: 2 };

/** The smaller of two plans: an API key never gets a bigger budget than its owner has. */
export function lowerPlan(a: Plan, b: Plan | null): Plan {
  return b !== null && order[b] < order[a] ? b : a;
}

export function isAtMost(plan: Plan, ceiling: Plan): boolean {
  return order[plan] <= order[ceiling];
}
