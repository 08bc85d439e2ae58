import type { Kysely } from 'kysely';
import type { AdapterPayload } from 'oidc-provider';
import type { Database } from '../db/schema.ts';

/** How long an app that registered itself lives without being used: then it is gone, and its tokens with it. */
export const unusedClientDays = 30;

const dayMs = 86_400_000;

/** An app that registered itself, as the authorization server stored it; its use is noted at most daily. */
export async function findRegisteredClient(
  db: Kysely<Database>,
  clientId: string,
  now: Date = new Date(),
): Promise<AdapterPayload | undefined> {
  const found = await db
    .selectFrom('registered_clients')
    .select(['metadata', 'last_used_at'])
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!found) return undefined;
  if (now.getTime() - found.last_used_at.getTime() > dayMs) {
    await db
      .updateTable('registered_clients')
      .set({ last_used_at: now })
      .where('client_id', '=', clientId)
      .execute();
  }
  return found.metadata as AdapterPayload;
}

export async function saveRegisteredClient(db: Kysely<Database>, clientId: string, payload: AdapterPayload) {
  await db
    .insertInto('registered_clients')
    .values({ client_id: clientId, metadata: JSON.stringify(payload) })
    .onConflict((conflict) => conflict.column('client_id').doUpdateSet({ metadata: JSON.stringify(payload) }))
    .execute();
}

export async function deleteRegisteredClient(db: Kysely<Database>, clientId: string) {
  await db.deleteFrom('registered_clients').where('client_id', '=', clientId).execute();
}

/** Drops the apps that registered themselves and went unused for `unusedClientDays`. */
export async function deleteUnusedClients(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('registered_clients')
    .where('last_used_at', '<=', new Date(now.getTime() - unusedClientDays * dayMs))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
