import { type Kysely, type MigrationProvider, Migrator } from 'kysely';
import { DatabaseUnavailable } from './database-unavailable.ts';
import { migrations } from './migrations/index.ts';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the database to the latest schema. Kysely holds a lock, so concurrent servers migrate once. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    // Out of reach is not a failed migration: none ran.
    if (error instanceof DatabaseUnavailable) throw error;
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration "${failed}" failed`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}
