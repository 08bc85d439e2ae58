import { createHmac, randomBytes } from 'node:crypto';

/**
 * HTTP Basic for scripts without an argon2 hash per request, and without keeping the password: a
 * verified pair is remembered in the credential cache (tagged with its user, so whatever evicts
 * the user evicts it) under this fingerprint, an HMAC under a key that exists only in this
 * process's memory, so the entry can neither be reversed nor shared.
 */
export function basicCredentialFingerprints(): (email: string, password: string) => string {
  const key = randomBytes(32);
  return (email, password) =>
    `basic:${createHmac('sha256', key).update(email).update('\0').update(password).digest('base64url')}`;
}
