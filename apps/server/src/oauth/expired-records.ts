import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { deleteUnusedClients } from './registered-clients.ts';

/**
 * Drops what has expired, and the apps that registered themselves and went unused: the provider
 * never deletes on its own what it no longer finds.
 */
export async function deleteExpiredOAuthRecords(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('oauth_records')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows) + (await deleteUnusedClients(db));
}
