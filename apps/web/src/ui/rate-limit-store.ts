import type { RateLimitBudget } from '@charter/client';

type Listener = () => void;

/** The caller's rate-limit budgets as the last response reported them (the `RateLimit` headers). */
export class RateLimitStore {
  private budgets: readonly RateLimitBudget[] = [];
  private reportedAt = 0;
  private readonly listeners = new Set<Listener>();

  readonly report = (budgets: RateLimitBudget[]): void => {
    this.budgets = budgets;
    this.reportedAt = Date.now();
    for (const listener of this.listeners) listener();
  };

  readonly current = (): readonly RateLimitBudget[] => this.budgets;

  /** When the budgets were last reported (ms), to count their reset down from. */
  readonly since = (): number => this.reportedAt;

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
