import { describe, expect, it } from 'vitest';
import { defaultRetryPolicy, retryDelayMs } from './backoff.ts';

describe('retryDelayMs', () => {
  it('doubles the wait after each failed attempt', () => {
    const top = (attempts: number) => retryDelayMs(defaultRetryPolicy, attempts, () => 1);
    expect([1, 2, 3, 4].map(top)).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it('jitters over the upper half of the wait', () => {
    expect(retryDelayMs(defaultRetryPolicy, 1, () => 0)).toBe(15_000);
    expect(retryDelayMs(defaultRetryPolicy, 1, () => 0.5)).toBe(22_500);
  });

  it('never waits longer than the cap', () => {
    expect(retryDelayMs(defaultRetryPolicy, 40, () => 1)).toBe(defaultRetryPolicy.maxDelayMs);
  });
});
