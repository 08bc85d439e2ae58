import { useSyncExternalStore } from 'react';
import { rateLimits } from '../api.ts';
import { useNow } from './use-now.ts';

/**
 * The budget the last call drew from, in the footer: how much is left and when it refills. Said
 * politely only when it runs low, so it is not announced after every call.
 */
export function RateLimitStatus() {
  const budgets = useSyncExternalStore(rateLimits.subscribe, rateLimits.current);
  const now = useNow(budgets.length > 0);
  // The tightest budget is the one that will refuse first.
  const tightest = [...budgets].sort((a, b) => a.remaining / a.limit - b.remaining / b.limit)[0];
  if (!tightest) return null;
  const low = tightest.remaining <= tightest.limit * 0.1;
  // The reset was reported with the last response; count it down from then.
  const resetIn = Math.max(0, Math.ceil(tightest.resetSeconds - (now - rateLimits.since()) / 1000));
  return (
    <p className={low ? 'rate-limit low' : 'rate-limit'} role={low ? 'status' : undefined}>
      API budget “{tightest.name}”: {tightest.remaining} of {tightest.limit} left
      {resetIn > 0 ? `, refills in ${resetIn} s.` : '; refilled since.'}
    </p>
  );
}
