import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A Redis connection, for budgets, task events and revocations shared between processes. Commands
 * fail at once while it is disconnected (no offline queue), so the limiters fall back to their
 * local insurance instead of waiting. An outage is logged once, saying what goes without Redis.
 */
export async function connectRedis(
  url: string,
  log: Logger,
  /** What the caller does without Redis, for the warning an outage logs: "…: <whileAway>". */
  whileAway: string,
): Promise<Redis> {
  // Loaded only when Redis is configured: a server without it never holds the client's code.
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
  let warned = false;
  redis.on('error', (error) => {
    // One warning per outage, not one per reconnection attempt.
    if (!warned) log.warn({ err: error }, `Redis unreachable: ${whileAway}`);
    warned = true;
  });
  redis.on('ready', () => {
    if (warned) log.info('Redis is back');
    warned = false;
  });
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    redis.once('ready', done);
    setTimeout(done, 3_000).unref(); // go on anyway: the caller works without it until it connects
  });
  return redis;
}
