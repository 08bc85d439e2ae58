import type { RateLimitBudget } from '@charter/rpc';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { BudgetName, BudgetSize, BudgetSizes } from './budgets-config.ts';
import { createLimiter } from './limiter.ts';

/** Where a budget stands after a call: what the RateLimit headers say. */
export interface BudgetState extends RateLimitBudget {
  name: BudgetName;
}

export type Charge = { ok: true; state: BudgetState } | { ok: false; state: BudgetState };

/** The rate-limit budgets, in memory or shared through Redis (see `createLimiter`). */
export class Budgets {
  private readonly limiters = new Map<BudgetName, RateLimiterAbstract>();

  constructor(
    private readonly sizes: BudgetSizes,
    redis?: Redis,
  ) {
    for (const [name, { points, windowSeconds }] of Object.entries(sizes) as [BudgetName, BudgetSize][]) {
      this.limiters.set(
        name,
        createLimiter({ keyPrefix: `charter:rl:${name}`, points, windowSeconds }, redis),
      );
    }
  }

  /** Takes `cost` points from `key`'s budget, or says why not. */
  async charge(name: BudgetName, key: string, cost: number): Promise<Charge> {
    const limiter = this.limiters.get(name);
    if (!limiter) throw new Error(`No budget named ${name}`);
    try {
      return { ok: true, state: this.stateOf(name, await limiter.consume(key, cost)) };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { ok: false, state: this.stateOf(name, error) };
      throw error;
    }
  }

  private stateOf(name: BudgetName, result: RateLimiterRes): BudgetState {
    const { points, windowSeconds } = this.sizes[name];
    return {
      name,
      limit: points,
      windowSeconds,
      remaining: Math.max(0, result.remainingPoints),
      resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
    };
  }
}
