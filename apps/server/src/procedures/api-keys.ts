import { randomUUID } from 'node:crypto';
import { type ApiKey, type contract, limits } from '@charter/contract';
import type { Handlers } from '@charter/rpc/server';
import { sql } from 'kysely';
import { currentUserId, type ProcedureContext } from '../calls/procedure-context.ts';
import type { ApiKeyRow } from '../db/schema.ts';
import { isAtMost } from '../rate-limit/plans.ts';
import { displayPrefix, generateApiKey } from '../security/api-keys.ts';

export const apiKeys = {
  create: async ({ input, ctx, errors }) => {
    const userId = currentUserId(ctx);
    const ownPlan = ctx.principal.kind === 'anonymous' ? 'anonymous' : ctx.principal.plan;
    if (input.plan && !isAtMost(input.plan, ownPlan)) {
      throw errors.FORBIDDEN({ message: `A key's plan cannot be larger than yours (${ownPlan}).` });
    }
    const generated = generateApiKey();
    const row = await ctx.services.db.transaction().execute(async (trx) => {
      // Locking the owner serialises concurrent creates, so the limit holds.
      await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
      const { count } = await trx
        .selectFrom('api_keys')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
        .executeTakeFirstOrThrow();
      if (Number(count) >= limits.activeApiKeysPerUserMax) throw errors.API_KEY_LIMIT_REACHED();
      return trx
        .insertInto('api_keys')
        .values({
          id: randomUUID(),
          user_id: userId,
          name: input.name,
          lookup: generated.lookup,
          secret_hash: generated.secretHash,
          scopes: [...new Set(input.scopes)],
          expires_at: input.expiresAt ?? null,
          plan: input.plan ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return { key: generated.key, apiKey: toApiKey(row) };
  },

  list: async ({ ctx }) => {
    const rows = await ctx.services.db
      .selectFrom('api_keys')
      .selectAll()
      .where('user_id', '=', currentUserId(ctx))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toApiKey);
  },

  revoke: async ({ input, ctx, errors }) => {
    const revoked = await ctx.services.db
      .updateTable('api_keys')
      .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
      .where('id', '=', input.id)
      .where('user_id', '=', currentUserId(ctx))
      .returning('id')
      .executeTakeFirst();
    if (!revoked) throw errors.NOT_FOUND();
    ctx.services.revocations.announce(`apiKey:${revoked.id}`);
    return { id: revoked.id, revoked: true as const };
  },
} satisfies Handlers<typeof contract.procedures.apiKeys, ProcedureContext>;

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: displayPrefix(row.lookup),
    scopes: row.scopes as ApiKey['scopes'],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    plan: row.plan,
  };
}
