import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../tests/support/postgres.ts';
import { createLogger } from '../logger.ts';
import { type DatabaseHandle, openDatabase } from './database.ts';
import { DatabaseUnavailable } from './database-unavailable.ts';

const adminUrl = inject('postgresUrl');

/** Ends a server process's connection from outside, as a restart or an operator does (57P01). */
async function terminateBackend(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl as string });
  await admin.connect();
  try {
    await admin.query('select pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!adminUrl)('a database on PostgreSQL whose connections fail', () => {
  let database: DatabaseHandle;
  const logs: string[] = [];

  beforeAll(async () => {
    const databaseUrl = await createDatabase(
      adminUrl as string,
      `charter_${randomUUID().replaceAll('-', '')}`,
    );
    const log = createLogger({ level: 'warn', destination: { write: (line: string) => logs.push(line) } });
    database = await openDatabase({ databaseUrl, dataDir: '/nonexistent', log });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('survives a connection lost while checked out between two queries, and says 503 for it', async () => {
    // Inside a transaction the connection stays checked out of the pool, with no query running:
    // an 'error' it emits then had no listener, and Node exited.
    const outcome = database.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      await terminateBackend(rows[0]?.pid as number);
      await pause(100);
      await sql`select 1`.execute(trx);
    });
    await expect(outcome).rejects.toBeInstanceOf(DatabaseUnavailable);
    // The pool let the broken connection go: the next call gets a new one.
    expect((await sql<{ one: number }>`select 1 as one`.execute(database.db)).rows).toEqual([{ one: 1 }]);
  });

  it('logs an idle connection lost in one short line, without the client and its cancel key', async () => {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
    await terminateBackend(rows[0]?.pid as number);
    await expect
      .poll(() => logs.some((line) => line.includes('idle PostgreSQL connection failed')))
      .toBe(true);
    const line = logs.find((entry) => entry.includes('idle PostgreSQL connection failed')) as string;
    expect(line).toContain('"level":40');
    expect(line).not.toMatch(/secretKey|connectionParameters|processID/);
    expect(line.length).toBeLessThan(2_000);
  });

  it('takes a write refused as read-only (a standby, after a failover) for an outage', async () => {
    const outcome = database.db
      .transaction()
      .setAccessMode('read only')
      .execute((trx) => sql`create table written_after_failover (id int)`.execute(trx));
    await expect(outcome).rejects.toBeInstanceOf(DatabaseUnavailable);
    await expect(outcome).rejects.toMatchObject({ cause: { code: '25006' } });
  });

  it('tells a wrong query apart from an outage', async () => {
    const outcome = sql`select * from no_such_table`.execute(database.db);
    await expect(outcome).rejects.toMatchObject({ code: '42P01' });
    await expect(outcome).rejects.not.toBeInstanceOf(DatabaseUnavailable);
  });
});

describe('a database out of reach', () => {
  const log = createLogger({ level: 'silent' });

  it('refuses to open with DatabaseUnavailable when nothing listens', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const opening = openDatabase({
      databaseUrl: `postgres://nobody@127.0.0.1:${port}/none`,
      dataDir: '',
      log,
    });
    await expect(opening).rejects.toBeInstanceOf(DatabaseUnavailable);
  });

  it('gives up waiting for a connection after 5 s with DatabaseUnavailable, rather than hang', async () => {
    // A host that takes the connection and never answers: a network partition.
    const silent = createServer(() => undefined);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      const opening = openDatabase({
        databaseUrl: `postgres://nobody@127.0.0.1:${port}/none`,
        dataDir: '',
        log,
      });
      await expect(opening).rejects.toBeInstanceOf(DatabaseUnavailable);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      silent.close();
    }
  }, 15_000);
});
