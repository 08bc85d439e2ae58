import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AdapterPayload } from 'oidc-provider';
import type { OAuthAppRow } from '../db/schema.ts';

/** `cha_<24 hex>`: recognisable, and unguessable enough that ids never collide. */
export function newClientId(): string {
  return `cha_${randomBytes(12).toString('hex')}`;
}

/** 256 random bits, shown once; only `sha256$<base64url>` of it is stored. */
export function newClientSecret(): { secret: string; hash: string } {
  const secret = `chs_${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashClientSecret(secret) };
}

export function hashClientSecret(secret: string): string {
  return `sha256$${createHash('sha256').update(secret).digest('base64url')}`;
}

/** Checks a presented secret against the stored hash in constant time; an unknown hash format refuses. */
export function verifyClientSecret(presented: unknown, stored: unknown): boolean {
  if (typeof presented !== 'string' || typeof stored !== 'string' || !stored.startsWith('sha256$'))
    return false;
  const expected = Buffer.from(stored.slice('sha256$'.length), 'base64url');
  const actual = createHash('sha256').update(presented).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * How the authorization server sees an app. Confidential apps authenticate with their secret
 * (HTTP Basic) and may also use client credentials; public apps rely on PKCE alone. The API scopes
 * an app may receive live in `allowed_scopes`: the standard `scope` field only takes OpenID ones.
 */
export function clientMetadataOf(app: OAuthAppRow): AdapterPayload {
  return {
    client_id: app.client_id,
    client_name: app.name,
    redirect_uris: app.redirect_uris,
    response_types: ['code'],
    grant_types: app.confidential
      ? ['authorization_code', 'refresh_token', 'client_credentials']
      : ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: app.confidential ? 'client_secret_basic' : 'none',
    ...(app.confidential && app.secret_hash ? { client_secret: app.secret_hash } : {}),
    allowed_scopes: app.scopes.join(' '),
  };
}
