import { Gauge, type Registry } from 'prom-client';

/** What a node-postgres Pool counts of its connections. */
export interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/** Live streams (subscriptions) open in this process, read when scraped. */
export function streamsOpenGauge(registry: Registry, openStreams: () => number): void {
  new Gauge({
    name: 'charter_streams_open',
    help: 'Live streams (subscriptions) open in this process.',
    registers: [registry],
    collect() {
      this.set(openStreams());
    },
  });
}

/**
 * The PostgreSQL pool's connections in use and idle, and the calls waiting for one. PGlite has no
 * pool (one embedded connection, queries in turn), so there it exports only the database's kind.
 */
export function databaseGauges(registry: Registry, database: { kind: string; pool?: PoolCounts }): void {
  new Gauge({
    name: 'charter_database_info',
    help: 'The database this process uses: pglite (embedded, no pool) or postgres.',
    labelNames: ['kind'] as const,
    registers: [registry],
  }).set({ kind: database.kind }, 1);
  const { pool } = database;
  if (!pool) return;
  new Gauge({
    name: 'charter_database_connections',
    help: 'PostgreSQL pool connections, by state: in_use or idle.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
    },
  });
  new Gauge({
    name: 'charter_database_waiting_calls',
    help: 'Queries waiting for a PostgreSQL pool connection.',
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
}

/** 1 while the Redis connection is ready, 0 while it is not; absent when no Redis is configured. */
export function redisConnectedGauge(registry: Registry, redis: { readonly status: string }): void {
  new Gauge({
    name: 'charter_redis_connected',
    help: 'Whether the Redis connection is ready (1) or not (0).',
    registers: [registry],
    collect() {
      this.set(redis.status === 'ready' ? 1 : 0);
    },
  });
}
