import type { ConnectedApp, contract } from '@charter/contract';
import type { Handlers } from '@charter/rpc/server';
import { sql } from 'kysely';
import { currentUserId, type ProcedureContext } from '../calls/procedure-context.ts';
import { apiResourceOf, mcpResourceOf } from '../oauth/api-resource.ts';

/** What oidc-provider keeps of a grant: whose, to which app, and the scopes per resource. */
interface GrantPayload {
  accountId?: string;
  clientId?: string;
  iat?: number;
  resources?: Record<string, string>;
}

export const connectedApps = {
  list: async ({ ctx }) => {
    const { db, oauth } = ctx.services;
    const grants = await db
      .selectFrom('oauth_records')
      .select(['client_id', 'payload'])
      .where('model', '=', 'Grant')
      .where(sql<string>`payload->>'accountId'`, '=', currentUserId(ctx))
      .execute();
    const clientIds = [
      ...new Set(grants.map((grant) => grant.client_id).filter((id): id is string => id !== null)),
    ];
    if (clientIds.length === 0) return [];
    const [apps, registered] = await Promise.all([
      db.selectFrom('oauth_apps').select(['client_id', 'name']).where('client_id', 'in', clientIds).execute(),
      db
        .selectFrom('registered_clients')
        .select(['client_id', 'metadata'])
        .where('client_id', 'in', clientIds)
        .execute(),
    ]);
    const names = new Map<string, { name: string; selfRegistered: boolean }>([
      ...apps.map((app) => [app.client_id, { name: app.name, selfRegistered: false }] as const),
      ...registered.map(
        (client) =>
          [
            client.client_id,
            { name: String(client.metadata.client_name ?? client.client_id), selfRegistered: true },
          ] as const,
      ),
    ]);
    const resourceNames = new Map([
      [apiResourceOf(oauth.issuer), 'api' as const],
      [mcpResourceOf(oauth.issuer), 'mcp' as const],
    ]);
    const byClient = new Map<string, ConnectedApp>();
    for (const grant of grants) {
      const known = grant.client_id && names.get(grant.client_id);
      if (!grant.client_id || !known) continue; // an app since deleted: nothing left to disconnect
      const payload = grant.payload as GrantPayload;
      const app = byClient.get(grant.client_id) ?? {
        clientId: grant.client_id,
        ...known,
        scopes: [],
        resources: [],
        connectedAt: new Date((payload.iat ?? 0) * 1000),
      };
      for (const [resource, scopes] of Object.entries(payload.resources ?? {})) {
        const name = resourceNames.get(resource);
        if (name && !app.resources.includes(name)) app.resources.push(name);
        for (const scope of scopes.split(' ').filter(Boolean))
          if (!app.scopes.includes(scope as never)) app.scopes.push(scope as never);
      }
      byClient.set(grant.client_id, app);
    }
    return [...byClient.values()].sort((a, b) => b.connectedAt.getTime() - a.connectedAt.getTime());
  },

  revoke: async ({ input, ctx }) => {
    const userId = currentUserId(ctx);
    const { db, revocations } = ctx.services;
    const grantIds = await db.transaction().execute(async (trx) => {
      const grants = await trx
        .deleteFrom('oauth_records')
        .where('model', '=', 'Grant')
        .where('client_id', '=', input.clientId)
        .where(sql<string>`payload->>'accountId'`, '=', userId)
        .returning('payload')
        .execute();
      const ids = grants.map((grant) => String((grant.payload as { jti?: string }).jti ?? ''));
      // Every code and token issued under those grants goes with them.
      if (ids.length > 0) await trx.deleteFrom('oauth_records').where('grant_id', 'in', ids).execute();
      return ids;
    });
    for (const grantId of grantIds) revocations.announce(`grant:${grantId}`);
    return { clientId: input.clientId, revoked: true as const };
  },
} satisfies Handlers<typeof contract.procedures.connectedApps, ProcedureContext>;
