import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { StreamSlots } from '../middleware/stream-slots.ts';
import { startMetrics } from './server-metrics.ts';

const sources = () => ({
  streams: new StreamSlots({ perCaller: 1, perAddress: 1 }),
  database: { kind: 'pglite' },
  log: createLogger({ level: 'silent' }),
});

describe('startMetrics', () => {
  it('is off, with no plugin and no listener, unless METRICS_PORT is set', async () => {
    expect(await startMetrics({ METRICS_HOST: '127.0.0.1' }, sources())).toBeUndefined();
  });

  it('serves the call, policy and service series and Node.js’s own, event-loop delay among them', async () => {
    const metrics = await startMetrics({ METRICS_PORT: 0, METRICS_HOST: '127.0.0.1' }, sources());
    if (!metrics) throw new Error('metrics did not start');
    try {
      expect(metrics.plugins.map((plugin) => plugin.name)).toEqual(['metrics']);
      const text = await (await fetch(metrics.url)).text();
      for (const name of [
        'charter_calls_total',
        'charter_call_duration_seconds',
        'charter_rate_limit_refusals_total',
        'charter_authentication_failures_total',
        'charter_streams_open 0',
        'charter_database_info{kind="pglite"} 1',
        'nodejs_eventloop_lag_p99_seconds',
        'process_cpu_seconds_total',
      ]) {
        expect(text).toContain(name);
      }
      // No Redis configured: no series pretending it is down.
      expect(text).not.toContain('charter_redis_connected');
    } finally {
      await metrics.close();
    }
    await expect(fetch(metrics.url)).rejects.toThrow();
  });
});
