import type Provider from 'oidc-provider';

export interface OAuthTokenInfo {
  /** The user the app acts for; null for a client-credentials token (the app alone). */
  userId: string | null;
  clientId: string;
  /** The grant a user token was issued under; null for client credentials. */
  grantId: string | null;
  scopes: string[];
  expiresAt: Date;
}

/**
 * Reads an opaque access token as the authorization server stored it: unknown, expired or revoked
 * tokens (and tokens of a revoked grant or meant for another audience) are refused.
 */
export async function lookUpOAuthToken(
  provider: Provider,
  apiResource: string,
  token: string,
): Promise<OAuthTokenInfo | undefined> {
  const found = (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));
  if (!found?.isValid || found.aud !== apiResource || found.isSenderConstrained()) return undefined;
  // Client-credentials tokens have no grant; user tokens die with theirs.
  const grantId = 'grantId' in found ? found.grantId : undefined;
  if (grantId && !(await provider.Grant.find(grantId))) return undefined;
  const userId = 'accountId' in found && typeof found.accountId === 'string' ? found.accountId : null;
  return {
    userId,
    clientId: String(found.clientId),
    grantId: grantId ?? null,
    scopes: [...(found.scopes ?? [])],
    expiresAt: new Date(Number(found.exp) * 1000),
  };
}
