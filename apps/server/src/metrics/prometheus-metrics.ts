import { collectDefaultMetrics, Registry } from 'prom-client';
import { authenticationFailures } from './authentication-failures.ts';
import { callMetrics } from './call-metrics.ts';
import { listenForScrapes, type MetricsEndpointOptions } from './metrics-endpoint.ts';
import { rateLimitRefusals } from './rate-limit-refusals.ts';
import type { MetricSources, ServerMetrics } from './server-metrics.ts';
import { databaseGauges, redisConnectedGauge, streamsOpenGauge } from './service-gauges.ts';

/** Every metric of the server in one registry, served for scraping where `endpoint` says. */
export async function servePrometheusMetrics(
  endpoint: MetricsEndpointOptions,
  sources: MetricSources,
): Promise<ServerMetrics> {
  const registry = new Registry();
  // Process and Node.js metrics, event-loop delay among them (nodejs_eventloop_lag_*_seconds).
  collectDefaultMetrics({ register: registry });
  const plugin = callMetrics(registry, [rateLimitRefusals(registry), authenticationFailures(registry)]);
  streamsOpenGauge(registry, () => sources.streams.openStreams());
  databaseGauges(registry, sources.database);
  if (sources.redis) redisConnectedGauge(registry, sources.redis);
  const listener = await listenForScrapes(registry, endpoint);
  sources.log.info({ url: listener.url }, `metrics at ${listener.url}`);
  return { plugins: [plugin], url: listener.url, close: listener.close };
}
