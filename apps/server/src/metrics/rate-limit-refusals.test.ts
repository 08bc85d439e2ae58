import type { CallInfo } from '@charter/rpc/server';
import { builtInError } from '@charter/rpc/server';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { tooManyRequests } from '../calls/api-error.ts';
import { streamsFull } from '../middleware/stream-slots.ts';
import { type BudgetState, Budgets } from '../rate-limit/budgets.ts';
import { defaultBudgets } from '../rate-limit/budgets-config.ts';
import { rateLimitRefusals } from './rate-limit-refusals.ts';

const callWith = (budgetStates: BudgetState[]): CallInfo => ({
  path: 'auth.logIn',
  type: 'mutation',
  meta: undefined,
  surface: 'rest',
  ctx: { budgetStates },
});

/** The budgets' states after charging `key` once per cost given, as the policy leaves them on a request. */
async function statesAfter(charges: [name: keyof typeof defaultBudgets, cost: number][]) {
  const budgets = new Budgets({
    ...defaultBudgets,
    default: { points: 5, windowSeconds: 60 },
    auth: { points: 1, windowSeconds: 60 },
  });
  const latest = new Map<string, BudgetState>();
  for (const [name, cost] of charges)
    latest.set(name, (await budgets.charge(name, 'ip:192.0.2.1', cost)).state);
  return [...latest.values()];
}

async function refusalsOf(registry: Registry) {
  return (await registry.getSingleMetric('charter_rate_limit_refusals_total')?.get())?.values;
}

describe('rateLimitRefusals', () => {
  it('counts a 429 under the budget that ran out and the plan of the caller', async () => {
    const registry = new Registry();
    const observe = rateLimitRefusals(registry);
    // The named budget ran out; the caller's own (plan default) did not.
    const states = await statesAfter([
      ['default', 1],
      ['auth', 1],
      ['default', 1],
      ['auth', 1],
    ]);
    observe(callWith(states), tooManyRequests('Rate limit reached (auth); retry in 60 s.', 60));
    expect(await refusalsOf(registry)).toEqual([{ labels: { budget: 'auth', plan: 'default' }, value: 1 }]);
  });

  it('counts the caller’s own budget running out under its plan', async () => {
    const registry = new Registry();
    const observe = rateLimitRefusals(registry);
    const states = await statesAfter([
      ['default', 5],
      ['default', 1],
    ]);
    observe(callWith(states), tooManyRequests('Rate limit reached (default); retry in 60 s.', 60));
    observe(callWith(states), tooManyRequests('Rate limit reached (default); retry in 60 s.', 60));
    expect(await refusalsOf(registry)).toEqual([
      { labels: { budget: 'default', plan: 'default' }, value: 2 },
    ]);
  });

  it('does not count a 429 no budget gave (too many live streams), nor any other refusal', async () => {
    const registry = new Registry();
    const observe = rateLimitRefusals(registry);
    const states = await statesAfter([['anonymous', 1]]);
    observe(callWith(states), streamsFull('caller'));
    observe(callWith(await statesAfter([['default', 5]])), builtInError('FORBIDDEN'));
    expect(await refusalsOf(registry)).toEqual([]);
  });
});
