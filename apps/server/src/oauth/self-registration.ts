import { delegableScopeNames } from '@charter/contract';
import { type Configuration, errors, type KoaContextWithOIDC } from 'oidc-provider';

type Validator = NonNullable<NonNullable<Configuration['extraClientMetadata']>['validator']>;

const userGrants = new Set(['authorization_code', 'refresh_token']);

/**
 * What an app that registers itself (RFC 7591, as MCP clients do) may be: a public client that acts
 * for a user — PKCE, no secret, no client credentials — offered the scopes a user can delegate, of
 * which the user's consent grants what it asks. What it sends for `allowed_scopes` or `scope` is
 * ignored, and it is marked `self_registered` so the consent page can say so.
 */
export const selfRegistration: Validator = (ctx, key, _value, metadata) => {
  if ((ctx as KoaContextWithOIDC | undefined)?.oidc?.route !== 'registration') return;
  if (key === 'allowed_scopes') {
    metadata.allowed_scopes = delegableScopeNames.join(' ');
    // RFC 7591's `scope` names what the app would like; the user's consent decides (the standard
    // field takes only the server's own scopes, and MCP clients send the API's).
    delete metadata.scope;
  }
  if (key === 'self_registered') metadata.self_registered = true;
  if (metadata.token_endpoint_auth_method !== 'none')
    throw new errors.InvalidClientMetadata(
      'an app that registers itself is a public client: token_endpoint_auth_method must be none',
    );
  if ((metadata.grant_types ?? []).some((grant: string) => !userGrants.has(grant)))
    throw new errors.InvalidClientMetadata(
      'an app that registers itself may use authorization_code and refresh_token only',
    );
};
