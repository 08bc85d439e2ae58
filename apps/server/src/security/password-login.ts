import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { verifyDecoy, verifyPassword } from './passwords.ts';

export type PasswordCheck =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Checks an email and password for log-in and HTTP Basic alike: refused outright while throttled,
 * otherwise one argon2id verification whether or not the account exists, so neither the answer nor
 * its timing says which emails have accounts.
 */
export async function checkPassword(
  services: { db: Kysely<Database>; loginThrottle: LoginThrottle },
  attempt: { email: string; password: string; clientIp: string },
): Promise<PasswordCheck> {
  const { email, password, clientIp } = attempt;
  const retryAfterSeconds = await services.loginThrottle.retryAfterSeconds(email, clientIp);
  if (retryAfterSeconds > 0) return { ok: false, reason: 'throttled', retryAfterSeconds };

  const user = await services.db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
  const valid = user ? await verifyPassword(user.password_hash, password) : await verifyDecoy(password);
  if (!user || !valid) {
    await services.loginThrottle.failed(email, clientIp);
    return { ok: false, reason: 'invalid' };
  }
  await services.loginThrottle.succeeded(email);
  return { ok: true, userId: user.id };
}
