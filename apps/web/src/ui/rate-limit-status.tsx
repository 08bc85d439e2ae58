import { useSyncExternalStore } from 'react';
import type { RateLimitStore } from './rate-limit-store.ts';
import { useNow } from './use-now.ts';

/** A tenth or less left: worth telling someone who is not reading developer settings. */
const lowShare = 0.1;

interface RateLimitStatusProps {
  budgets: RateLimitStore;
  /** Say nothing until the budget runs low: a budget with plenty left is developer detail. */
  onlyWhenLow?: boolean;
}

/**
 * The budget the last call drew from: how much is left and when it refills. Said politely only
 * when it runs low, so it is not announced after every call.
 */
export function RateLimitStatus({ budgets: store, onlyWhenLow = false }: RateLimitStatusProps) {
  const budgets = useSyncExternalStore(store.subscribe, store.current);
  // The tightest budget is the one that will refuse first.
  const tightest = [...budgets].sort((a, b) => a.remaining / a.limit - b.remaining / b.limit)[0];
  const low = tightest !== undefined && tightest.remaining <= tightest.limit * lowShare;
  const shown = tightest !== undefined && (low || !onlyWhenLow);
  const now = useNow(shown);
  if (!shown) return null;
  // The reset was reported with the last response; count it down from then.
  const resetIn = Math.max(0, Math.ceil(tightest.resetSeconds - (now - store.since()) / 1000));
  return (
    <p className={low ? 'rate-limit low' : 'rate-limit'} role={low ? 'status' : undefined}>
      API budget “{tightest.name}”: {tightest.remaining} of {tightest.limit} left
      {resetIn > 0 ? `, refills in ${resetIn} s.` : '; refilled since.'}
    </p>
  );
}
