/** What a request presents to prove who it is, read from its headers and nothing else. */
export type Credential =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'apiKey'; key: string }
  | { kind: 'basic'; email: string; password: string }
  | { kind: 'malformed'; problem: string };

const bearer = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;
const basic = /^Basic +([A-Za-z0-9+/]+=*) *$/i;
// RFC 7617 §2: the user-id holds no control character, and the pair is UTF-8 (our challenge says so).
const controlCharacter = /\p{Cc}/u;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * `Authorization: Bearer <access token or API key>`, `Authorization: Basic <email:password>` or
 * `X-API-Key: <key>`; exactly one of them.
 */
export function readCredential(headers: {
  authorization?: string | undefined;
  apiKey?: string | undefined;
}): Credential {
  const { authorization, apiKey } = headers;
  if (authorization !== undefined && apiKey !== undefined) {
    return { kind: 'malformed', problem: 'Send one credential: Authorization or X-API-Key, not both.' };
  }
  if (apiKey !== undefined) return { kind: 'apiKey', key: apiKey.trim() };
  if (authorization === undefined || authorization.trim() === '') return { kind: 'none' };

  const token = bearer.exec(authorization)?.[1];
  if (token !== undefined)
    return token.startsWith('chk_') ? { kind: 'apiKey', key: token } : { kind: 'bearer', token };

  const encoded = basic.exec(authorization)?.[1];
  if (encoded !== undefined) {
    const decoded = utf8(Buffer.from(encoded, 'base64'));
    const colon = decoded?.indexOf(':') ?? -1;
    if (decoded === undefined || colon < 1)
      return { kind: 'malformed', problem: 'Basic credentials must be base64 of email:password.' };
    const email = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    // PostgreSQL refuses NUL in text: a NUL reaching the user lookup would be a 500, not a 401.
    if (controlCharacter.test(email) || password.includes('\0'))
      return {
        kind: 'malformed',
        problem: 'Basic credentials must not hold control characters in the email, nor NUL in the password.',
      };
    return { kind: 'basic', email: email.trim().toLowerCase(), password };
  }
  return {
    kind: 'malformed',
    problem: 'Use Authorization: Bearer <token>, Authorization: Basic <email:password> or X-API-Key.',
  };
}

function utf8(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
