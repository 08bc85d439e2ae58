import type { RpcPlugin } from '@charter/rpc/node';
import type { Logger } from 'pino';
import type { Env } from '../env.ts';
import type { PoolCounts } from './service-gauges.ts';

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
  // Loaded only when metrics are on: a server without them never loads prom-client (~20 ms at start).
  const { servePrometheusMetrics } = await import('./prometheus-metrics.ts');
  return servePrometheusMetrics(
    { host: env.METRICS_HOST, port: env.METRICS_PORT, token: env.METRICS_TOKEN },
    sources,
  );
}
