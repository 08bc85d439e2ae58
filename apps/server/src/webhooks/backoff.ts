/** How long deliveries are retried, and how far apart. */
export interface RetryPolicy {
  /** The wait after the first failed attempt; each later one doubles it. @default 30 s */
  firstDelayMs: number;
  /** @default 1 h */
  maxDelayMs: number;
  /** Past this age a delivery is given up and its endpoint marked failing. @default 24 h */
  windowMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  firstDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  windowMs: 24 * 3_600_000,
};

/**
 * The wait before attempt `attempts + 1`: exponential, capped, with "full jitter" over its upper
 * half so that endpoints failing together do not retry in lockstep.
 */
export function retryDelayMs(policy: RetryPolicy, attempts: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
