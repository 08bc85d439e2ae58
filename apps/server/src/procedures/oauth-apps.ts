import { type contract, limits, type OAuthApp } from '@charter/contract';
import type { Handlers } from '@charter/rpc/server';
import { currentUserId, type ProcedureContext } from '../calls/procedure-context.ts';
import type { OAuthAppRow } from '../db/schema.ts';
import { newClientId, newClientSecret } from '../oauth/clients.ts';

export const oauthApps = {
  create: async ({ input, ctx, errors }) => {
    const userId = currentUserId(ctx);
    const clientId = newClientId();
    const secret = input.confidential ? newClientSecret() : undefined;
    const row = await ctx.services.db.transaction().execute(async (trx) => {
      // Locking the owner serialises concurrent registrations, so the limit holds.
      await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
      const { count } = await trx
        .selectFrom('oauth_apps')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      if (Number(count) >= limits.oauthAppsPerUserMax) throw errors.OAUTH_APP_LIMIT_REACHED();
      return trx
        .insertInto('oauth_apps')
        .values({
          client_id: clientId,
          user_id: userId,
          name: input.name,
          redirect_uris: [...new Set(input.redirectUris)],
          confidential: input.confidential,
          scopes: [...new Set(input.scopes)],
          secret_hash: secret?.hash ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return { clientId, ...(secret ? { clientSecret: secret.secret } : {}), app: toOAuthApp(row) };
  },

  list: async ({ ctx }) => {
    const rows = await ctx.services.db
      .selectFrom('oauth_apps')
      .selectAll()
      .where('user_id', '=', currentUserId(ctx))
      .orderBy('created_at', 'desc')
      .orderBy('client_id')
      .execute();
    return rows.map(toOAuthApp);
  },

  delete: async ({ input, ctx, errors }) => {
    const userId = currentUserId(ctx);
    const deleted = await ctx.services.db.transaction().execute(async (trx) => {
      const app = await trx
        .deleteFrom('oauth_apps')
        .where('client_id', '=', input.clientId)
        .where('user_id', '=', userId)
        .returning('client_id')
        .executeTakeFirst();
      // Every grant, code and token of the app goes with it: they stop working at once.
      if (app) await trx.deleteFrom('oauth_records').where('client_id', '=', app.client_id).execute();
      return app;
    });
    if (!deleted) throw errors.NOT_FOUND();
    ctx.services.revocations.announce(`client:${deleted.client_id}`);
    return { clientId: deleted.client_id, deleted: true as const };
  },
} satisfies Handlers<typeof contract.procedures.oauthApps, ProcedureContext>;

function toOAuthApp(row: OAuthAppRow): OAuthApp {
  return {
    clientId: row.client_id,
    name: row.name,
    redirectUris: row.redirect_uris,
    confidential: row.confidential,
    scopes: row.scopes as OAuthApp['scopes'],
    createdAt: row.created_at,
  };
}
