import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { randomSecret } from './secrets.ts';

/**
 * A secret every process of a deployment must share (cookie signing keys, say): created by the
 * first process to need it, read by all the others.
 */
export async function sharedSecret(db: Kysely<Database>, name: string): Promise<string> {
  await db
    .insertInto('server_secrets')
    .values({ name, value: randomSecret() })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const { value } = await db
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return value;
}
