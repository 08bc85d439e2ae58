import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

export interface LimiterOptions {
  /** Namespaces the counters, in memory and in Redis. */
  keyPrefix: string;
  points: number;
  windowSeconds: number;
}

/**
 * A fixed-window limiter: in this process, or shared by every process through Redis. A shared one
 * keeps a local limiter of the same size as insurance: while Redis is unreachable each process
 * enforces the limit on its own (fail open to a local limit, never to no limit), and goes back to
 * the shared count when Redis returns. See docs/decisions/008-rate-limits.md.
 */
export function createLimiter(
  { keyPrefix, points, windowSeconds }: LimiterOptions,
  redis?: Redis,
): RateLimiterAbstract {
  const options = { keyPrefix, points, duration: windowSeconds };
  const local = new RateLimiterMemory(options);
  return redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: local }) : local;
}
