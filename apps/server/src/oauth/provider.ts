import { delegableScopeNames, scopeNames } from '@charter/contract';
import type { Kysely } from 'kysely';
import Provider, { type Configuration, errors, type JWKS, type KoaContextWithOIDC } from 'oidc-provider';
import { DatabaseUnavailable, databaseRetryAfterSeconds } from '../db/database-unavailable.ts';
import type { Database } from '../db/schema.ts';
import type { Revocations } from '../security/revocations.ts';
import { databaseAdapter } from './adapter.ts';
import { apiResourceOf, mcpResourceOf } from './api-resource.ts';
import { newClientId, verifyClientSecret } from './clients.ts';
import { errorPage } from './pages.ts';
import { selfRegistration } from './self-registration.ts';

export interface OAuthServerOptions {
  /** The public origin of this server, as clients reach it: the `iss` of every response. */
  issuer: string;
  db: Kysely<Database>;
  /** Keys for the provider's signed cookies, newest first; shared by every process. */
  cookieKeys: string[];
  jwks: JWKS;
  accessTokenTtlSeconds: number;
  /** How long a grant, and the refresh tokens rotating within it, may live. */
  grantTtlSeconds: number;
  /** Told of every token or grant revoked, so caches of it are dropped at once. */
  revocations: Revocations;
}

const refreshIdleSeconds = 14 * 86_400;

/**
 * A plain OAuth 2.0 authorization server (oidc-provider, no OpenID) on the OAuth 2.0 Security BCP
 * (RFC 9700): authorization code with PKCE S256 only, exact redirect URIs, one-time codes that live
 * a minute, rotating refresh tokens whose reuse revokes the grant, client credentials,
 * revocation (RFC 7009), introspection (RFC 7662) and metadata (RFC 8414). No implicit or password
 * grant exists. Access tokens are opaque, so revoking one takes effect at once.
 */
export function createOAuthProvider(options: OAuthServerOptions): Provider {
  const apiResource = apiResourceOf(options.issuer);
  // A token is for the REST and tRPC API or for the MCP endpoint, never both (RFC 8707).
  const resources = new Set([apiResource, mcpResourceOf(options.issuer)]);
  const configuration: Configuration = {
    adapter: databaseAdapter(options.db, options.revocations),
    async findAccount(_ctx, id) {
      const user = await options.db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
      return user ? { accountId: user.id, claims: async () => ({ sub: user.id }) } : undefined;
    },
    jwks: options.jwks,
    // The provider signs with our ES256 key; no ID token is issued, but clients must name an alg it has.
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    cookies: {
      keys: options.cookieKeys,
      // Not `secure: true`: the provider adds it by itself over https, and refuses it over http.
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    // No client_secret_jwt: the stored secret is a hash, useless as an HMAC key.
    clientAuthMethods: ['client_secret_basic', 'none'],
    scopes: [],
    issueRefreshToken: async (_ctx, client, code) =>
      code.kind === 'AuthorizationCode' && client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    expiresWithSession: async () => false,
    ttl: {
      AuthorizationCode: 60,
      AccessToken: options.accessTokenTtlSeconds,
      ClientCredentials: options.accessTokenTtlSeconds,
      // Each rotation lives up to 14 days, never past the grant's lifetime.
      RefreshToken: (_ctx, token) => {
        const now = Math.floor(Date.now() / 1000);
        const elapsed = now - (token.iiat ?? now);
        return Math.max(1, Math.min(refreshIdleSeconds, options.grantTtlSeconds - elapsed));
      },
      Grant: options.grantTtlSeconds,
      Interaction: 600,
      Session: 86_400,
    },
    interactions: { url: (_ctx, interaction) => `/oauth/interaction/${interaction.uid}` },
    routes: {
      authorization: '/oauth/authorize',
      token: '/oauth/token',
      revocation: '/oauth/revoke',
      introspection: '/oauth/introspect',
      registration: '/oauth/register',
      jwks: '/oauth/jwks',
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // A confidential app may introspect and revoke its own tokens only.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) =>
          client.clientAuthMethod !== 'none' && token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => apiResource,
        useGrantedResource: async () => true,
        async getResourceServerInfo(ctx, resourceIndicator, client) {
          if (!resources.has(resourceIndicator)) throw new errors.InvalidTarget();
          const allowed = new Set(
            String(client.allowed_scopes ?? '')
              .split(' ')
              .filter(Boolean),
          );
          // Refuse, rather than silently drop, a scope the app may not have (openid included).
          for (const scope of String(ctx.oidc.params?.scope ?? '')
            .split(' ')
            .filter(Boolean)) {
            if (!allowed.has(scope)) throw new errors.InvalidScope('requested scope is not allowed', scope);
          }
          return {
            scope: scopeNames.filter((scope) => allowed.has(scope)).join(' '),
            audience: resourceIndicator,
            accessTokenFormat: 'opaque',
            accessTokenTTL: options.accessTokenTtlSeconds,
          };
        },
      },
      userinfo: { enabled: false },
      // Apps may register themselves (RFC 7591), as MCP clients do: public clients only (./self-registration.ts).
      registration: {
        enabled: true,
        initialAccessToken: false,
        issueRegistrationAccessToken: false,
        idFactory: () => newClientId(),
      },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
    },
    extraClientMetadata: { properties: ['allowed_scopes', 'self_registered'], validator: selfRegistration },
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(String(out.error), String(out.error_description ?? ''));
    },
  };

  const provider = new Provider(options.issuer, configuration);
  // X-Forwarded-Proto is always ours (see pin-to-issuer.ts): https issuers get https URLs and Secure cookies.
  provider.proxy = true;
  // Client secrets are stored hashed: compare against the hash (oidc-provider issue #631).
  provider.Client.prototype.compareClientSecret = function compareClientSecret(presented: string) {
    return Promise.resolve(verifyClientSecret(presented, this.clientSecret));
  };
  provider.use(rfc8414Metadata);
  provider.on('server_error', whenDatabaseUnavailable);
  return provider;
}

/**
 * The database out of reach: oidc-provider answers with the error's 503, and this adds what the API
 * says too, `Retry-After`, and RFC 6749's `temporarily_unavailable` rather than `server_error`.
 */
function whenDatabaseUnavailable(ctx: KoaContextWithOIDC, error: Error): void {
  if (!(error instanceof DatabaseUnavailable)) return;
  ctx.set('Retry-After', String(databaseRetryAfterSeconds));
  const body = ctx.body as { error?: unknown } | undefined;
  if (body?.error === 'server_error') {
    ctx.body = {
      error: 'temporarily_unavailable',
      error_description: 'The service is unavailable; retry later.',
    };
  }
}

/** The discovery document trimmed to RFC 8414: this server speaks OAuth, not OpenID Connect. */
const rfc8414Metadata: Parameters<Provider['use']>[0] = async (ctx, next) => {
  await next();
  if (ctx.oidc?.route !== 'discovery' || ctx.status !== 200 || !ctx.body) return;
  const document = ctx.body as Record<string, unknown>;
  ctx.body = {
    issuer: document.issuer,
    authorization_endpoint: document.authorization_endpoint,
    token_endpoint: document.token_endpoint,
    revocation_endpoint: document.revocation_endpoint,
    introspection_endpoint: document.introspection_endpoint,
    registration_endpoint: document.registration_endpoint,
    response_types_supported: document.response_types_supported,
    response_modes_supported: document.response_modes_supported,
    grant_types_supported: document.grant_types_supported,
    code_challenge_methods_supported: document.code_challenge_methods_supported,
    // What an app can be registered with (oauthApps.create), so no client asks for one it cannot get.
    scopes_supported: delegableScopeNames,
    token_endpoint_auth_methods_supported: document.token_endpoint_auth_methods_supported,
    revocation_endpoint_auth_methods_supported: document.token_endpoint_auth_methods_supported,
    introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
    authorization_response_iss_parameter_supported: document.authorization_response_iss_parameter_supported,
  };
};
