import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Drops what has expired; the provider never deletes on its own what it no longer finds. */
export async function deleteExpiredOAuthRecords(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('oauth_records')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
