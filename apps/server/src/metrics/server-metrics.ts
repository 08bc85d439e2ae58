import type { RpcPlugin } from '@charter/rpc/node';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Env } from '../env.ts';
import { authenticationFailures } from './authentication-failures.ts';
import { callMetrics } from './call-metrics.ts';
import { listenForScrapes } from './metrics-endpoint.ts';
import { rateLimitRefusals } from './rate-limit-refusals.ts';
import { databaseGauges, type PoolCounts, redisConnectedGauge, streamsOpenGauge } from './service-gauges.ts';

export interface MetricSources {
  streams: { openStreams(): number };
  database: { kind: string; pool?: PoolCounts | undefined };
  redis?: { readonly status: string } | undefined;
  log: Logger;
}

export interface ServerMetrics {
  /** The API handler's plugin that counts and times every call. */
  plugins: RpcPlugin[];
  /** Where Prometheus scrapes. */
  url: string;
  close(): Promise<void>;
}

/**
 * The server's Prometheus metrics, on a listener of their own at METRICS_HOST:METRICS_PORT; off
 * (`undefined`, no plugin, no cost) when METRICS_PORT is unset. See docs/operating.md, Metrics.
 */
export async function startMetrics(
  env: Pick<Env, 'METRICS_PORT' | 'METRICS_HOST' | 'METRICS_TOKEN'>,
  sources: MetricSources,
): Promise<ServerMetrics | undefined> {
  if (env.METRICS_PORT === undefined) return undefined;
  const registry = new Registry();
  // Process and Node.js metrics, event-loop delay among them (nodejs_eventloop_lag_*_seconds).
  collectDefaultMetrics({ register: registry });
  const plugin = callMetrics(registry, [rateLimitRefusals(registry), authenticationFailures(registry)]);
  streamsOpenGauge(registry, () => sources.streams.openStreams());
  databaseGauges(registry, sources.database);
  if (sources.redis) redisConnectedGauge(registry, sources.redis);
  const endpoint = await listenForScrapes(registry, {
    host: env.METRICS_HOST,
    port: env.METRICS_PORT,
    token: env.METRICS_TOKEN,
  });
  sources.log.info({ url: endpoint.url }, `metrics at ${endpoint.url}`);
  return { plugins: [plugin], url: endpoint.url, close: endpoint.close };
}
