import type { RequestHandler } from 'express';
import type { AccessTokens } from '../security/access-tokens.ts';

/** The public keys access tokens are signed with (RFC 7517), for anyone verifying them offline. */
export function jwks(tokens: AccessTokens): RequestHandler {
  return async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json({ keys: await tokens.publicKeys() });
  };
}
