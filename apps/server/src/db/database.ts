import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import type { Logger } from 'pino';
import { lockDataDir } from './data-dir-lock.ts';
import { migrateToLatest } from './migrate.ts';
import { outageAware } from './outage-aware-dialect.ts';
import type { Database } from './schema.ts';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** PostgreSQL's connection pool, for its counts (metrics); PGlite has none. */
  pool?: { readonly totalCount: number; readonly idleCount: number; readonly waitingCount: number };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** When set, PostgreSQL at this URL; otherwise the embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  log: Logger;
  /** How long PostgreSQL lets one statement run before cancelling it (answered 503); 0 or unset: no limit. */
  statementTimeoutMs?: number | undefined;
}

/**
 * Opens the database and brings its schema up to date. Each driver is loaded only when it is the
 * one used: a server on PostgreSQL never holds PGlite's code in memory, nor one on PGlite pg's.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.log, options.statementTimeoutMs ?? 0)
    : await openPglite(options.dataDir);
  try {
    const applied = await migrateToLatest(handle.db as Kysely<unknown>);
    if (applied.length > 0) options.log.info({ migrations: applied }, 'database migrated');
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** How long a call waits for a pooled connection before it is told 503: never a hang. */
export const connectionTimeoutMillis = 5_000;

async function openPostgres(
  connectionString: string,
  log: Logger,
  statementTimeoutMs: number,
): Promise<DatabaseHandle> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    connectionTimeoutMillis,
    keepAlive: true,
    // Connections are renewed now and then, so after a failover none stays on the old primary.
    maxLifetimeSeconds: 300,
    // A statement that runs away (a lock held elsewhere, a bad plan) is cancelled, not waited on.
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
  });
  // A client that loses its connection emits 'error'; with no listener Node would exit. The pool
  // listens while a client is idle (below); this one covers a client checked out for a query, whose
  // failure also rejects that query, so the caller hears of it and the log needs no second line.
  pool.on('connect', (client) => client.on('error', () => undefined));
  pool.on('error', (error) => log.warn({ err: error }, 'idle PostgreSQL connection failed'));
  const db = new Kysely<Database>({ dialect: outageAware(new PostgresDialect({ pool })) });
  return { db, kind: 'postgres', pool, close: () => db.destroy() };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const unlock = lockDataDir(dataDir);
  try {
    const [{ PGlite }, { PGliteDialect }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('kysely-pglite-dialect'),
    ]);
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await createPgliteDatabase(dataDir);
    const pglite = await PGlite.create(dataDir);
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await db.destroy();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * Creates a new PGlite database in `dataDir`, in a process of its own. Creating one (initdb, inside
 * PGlite's WebAssembly) grows its memory to ~700 MB, which neither closing the instance nor ending
 * a worker thread gives back: a server that created its database itself would hold ~790 MB (in a
 * thread, ~440 MB) for as long as it runs, against ~330 MB on every later start.
 */
async function createPgliteDatabase(dataDir: string): Promise<void> {
  const script = `const { PGlite } = await import(process.argv[1]);
    await (await PGlite.create(process.argv[2])).close();`;
  const pglite = import.meta.resolve('@electric-sql/pglite');
  try {
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, pglite, dataDir]);
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`Creating the database in ${dataDir} failed: ${stderr?.trim() || String(error)}`);
  }
}
