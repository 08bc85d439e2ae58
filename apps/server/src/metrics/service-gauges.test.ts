import { Redis } from 'ioredis';
import pg from 'pg';
import { Registry } from 'prom-client';
import { describe, expect, inject, it, vi } from 'vitest';
import { findRedisServer, startRedis } from '../../tests/support/redis.ts';
import { StreamSlots } from '../middleware/stream-slots.ts';
import { databaseGauges, redisConnectedGauge, streamsOpenGauge } from './service-gauges.ts';

async function valuesOf(registry: Registry, name: string) {
  return (await registry.getSingleMetric(name)?.get())?.values.map(({ labels, value }) => ({
    labels,
    value,
  }));
}

describe('streamsOpenGauge', () => {
  it('reads the streams open in this process when scraped, each stream once', async () => {
    const registry = new Registry();
    const slots = new StreamSlots({ perCaller: 5, perAddress: 5 });
    streamsOpenGauge(registry, () => slots.openStreams());
    const first = slots.take({ caller: 'user:1', address: '192.0.2.1' });
    slots.take({ caller: 'user:2', address: '192.0.2.1' });
    expect(await valuesOf(registry, 'charter_streams_open')).toEqual([{ labels: {}, value: 2 }]);
    if (typeof first === 'function') first();
    expect(await valuesOf(registry, 'charter_streams_open')).toEqual([{ labels: {}, value: 1 }]);
  });
});

describe('databaseGauges', () => {
  it('says PGlite has no pool, and exports no pool counts for it', async () => {
    const registry = new Registry();
    databaseGauges(registry, { kind: 'pglite' });
    expect(await valuesOf(registry, 'charter_database_info')).toEqual([
      { labels: { kind: 'pglite' }, value: 1 },
    ]);
    expect(registry.getSingleMetric('charter_database_connections')).toBeUndefined();
    expect(registry.getSingleMetric('charter_database_waiting_calls')).toBeUndefined();
  });

  const postgresUrl = inject('postgresUrl');
  it.skipIf(!postgresUrl)(
    'reads a PostgreSQL pool’s connections in use, idle, and the queries waiting',
    async () => {
      const registry = new Registry();
      const pool = new pg.Pool({ connectionString: postgresUrl ?? '', max: 1 });
      databaseGauges(registry, { kind: 'postgres', pool });
      try {
        const held = await pool.connect();
        const waiting = pool.query('select 1');
        expect(await valuesOf(registry, 'charter_database_connections')).toEqual([
          { labels: { state: 'in_use' }, value: 1 },
          { labels: { state: 'idle' }, value: 0 },
        ]);
        expect(await valuesOf(registry, 'charter_database_waiting_calls')).toEqual([
          { labels: {}, value: 1 },
        ]);
        held.release();
        await waiting;
        expect(await valuesOf(registry, 'charter_database_connections')).toEqual([
          { labels: { state: 'in_use' }, value: 0 },
          { labels: { state: 'idle' }, value: 1 },
        ]);
        expect(await valuesOf(registry, 'charter_database_waiting_calls')).toEqual([
          { labels: {}, value: 0 },
        ]);
      } finally {
        await pool.end();
      }
    },
  );
});

const redisServer = findRedisServer();
describe.skipIf(!redisServer)('redisConnectedGauge', () => {
  it('is 1 while the connection is ready and 0 once Redis is gone', async () => {
    const server = await startRedis(redisServer ?? '');
    const redis = new Redis(server.url, { enableOfflineQueue: false, retryStrategy: () => 50 });
    redis.on('error', () => undefined);
    let stopped = false;
    try {
      const registry = new Registry();
      redisConnectedGauge(registry, redis);
      await vi.waitFor(() => expect(redis.status).toBe('ready'));
      expect(await valuesOf(registry, 'charter_redis_connected')).toEqual([{ labels: {}, value: 1 }]);
      await server.stop();
      stopped = true;
      await vi.waitFor(() => expect(redis.status).not.toBe('ready'));
      expect(await valuesOf(registry, 'charter_redis_connected')).toEqual([{ labels: {}, value: 0 }]);
    } finally {
      redis.disconnect();
      if (!stopped) await server.stop();
    }
  });
});
