import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { ApiKeyRow, Database, Plan } from '../db/schema.ts';
import type { Clock } from './access-tokens.ts';
import type { CredentialCache } from './credential-cache.ts';
import { randomSecret, sameDigest, sha256Hex } from './secrets.ts';

/**
 * `chk_<lookup>_<secret>`: the prefix makes a leaked key recognisable to secret scanners, the lookup
 * half finds the row, and the secret half is compared (hashed) in constant time.
 */
const keyPattern = /^chk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  key: string;
  lookup: string;
  secretHash: string;
}

export function generateApiKey(): NewApiKey {
  const lookup = randomBytes(8).toString('hex');
  const secret = randomSecret();
  return { key: `chk_${lookup}_${secret}`, lookup, secretHash: sha256Hex(secret) };
}

/** What users see of a key: enough to recognise it, useless to call with. */
export function displayPrefix(lookup: string): string {
  return `chk_${lookup}`;
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith('chk_');
}

export type ApiKeyCheck =
  | { ok: true; key: ApiKeyRow; ownerPlan: Plan }
  | { ok: false; reason: 'invalid' | 'revoked' | 'expired' };

type StoredKey = ApiKeyRow & { owner_plan: Plan };

/**
 * Finds and checks a presented key: its row comes from the cache when a recent call found it
 * (evicted at once when the key is revoked), the secret is compared on every call.
 */
export async function checkApiKey(
  db: Kysely<Database>,
  presented: string,
  { now, cache }: { now: Clock; cache?: CredentialCache },
): Promise<ApiKeyCheck> {
  const match = keyPattern.exec(presented);
  if (!match) return { ok: false, reason: 'invalid' };
  const [, lookup, secret] = match as unknown as [string, string, string];
  const cacheKey = `key-lookup:${lookup}`;
  let found = cache?.get<StoredKey>(cacheKey);
  if (!found) {
    found = await db
      .selectFrom('api_keys')
      .innerJoin('users', 'users.id', 'api_keys.user_id')
      .selectAll('api_keys')
      .select('users.plan as owner_plan')
      .where('api_keys.lookup', '=', lookup)
      .executeTakeFirst();
    if (found)
      cache?.set(cacheKey, found, {
        tags: [`apiKey:${found.id}`, `user:${found.user_id}`],
        expiresAt: found.expires_at,
      });
  }
  if (!found || !sameDigest(sha256Hex(secret), found.secret_hash)) return { ok: false, reason: 'invalid' };
  // The cached row itself, so touchApiKey's note of the last use sticks for the next calls.
  const key: ApiKeyRow = found;
  const ownerPlan = found.owner_plan;
  if (key.revoked_at) return { ok: false, reason: 'revoked' };
  if (key.expires_at && key.expires_at <= now()) return { ok: false, reason: 'expired' };
  return { ok: true, key, ownerPlan };
}

/**
 * Records that a key was used, at most once a minute per key and off the request path: a failed
 * write costs an approximate timestamp, never a request.
 */
export function touchApiKey(
  db: Kysely<Database>,
  key: ApiKeyRow,
  now: Date,
  onError: (error: unknown) => void,
): void {
  if (key.last_used_at && now.getTime() - key.last_used_at.getTime() < 60_000) return;
  key.last_used_at = now; // the cached row too, so the next minute's calls skip the write
  db.updateTable('api_keys')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', key.id)
    .execute()
    .catch(onError);
}
