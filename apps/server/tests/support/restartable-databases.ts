import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { createDatabase } from './postgres.ts';

/** What makes a fresh database: the environment a server process is started with to use it. */
export type FreshDatabase = () => Promise<Record<string, string>>;

/**
 * Databases a server process can be stopped and started again on, made fresh for each use: PGlite
 * data directories (removed after the file) and, when the run has PostgreSQL, databases on it.
 * `backends` is for `describe.each`. Call it at the top of a test file.
 */
export function restartableDatabases() {
  const dataDirs: string[] = [];
  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });
  const freshDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'charter-data-'));
    dataDirs.push(dir);
    return dir;
  };
  const postgresUrl = inject('postgresUrl');
  const pglite: FreshDatabase = async () => ({ DATA_DIR: freshDataDir() });
  const postgres: FreshDatabase = async () => ({
    DATABASE_URL: await createDatabase(postgresUrl as string, `charter_${randomUUID().replaceAll('-', '')}`),
  });
  const backends = [['pglite', pglite] as const, ...(postgresUrl ? [['postgres', postgres] as const] : [])];
  return { freshDataDir, backends };
}
