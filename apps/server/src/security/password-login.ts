import type { Kysely } from 'kysely';
import type { Database, Plan } from '../db/schema.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { verifyDecoy, verifyPassword } from './passwords.ts';

export type PasswordCheck =
  | { ok: true; userId: string; plan: Plan }
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
  const gate = await services.loginThrottle.attempt(email, clientIp);
  if (!gate.ok) return { ok: false, reason: 'throttled', retryAfterSeconds: gate.retryAfterSeconds };

  // PostgreSQL refuses U+0000 in text: no account has such an email, and it is refused the same way.
  const user = email.includes('\0')
    ? undefined
    : await services.db
        .selectFrom('users')
        .select(['id', 'password_hash', 'plan'])
        .where('email', '=', email)
        .executeTakeFirst();
  const valid = user ? await verifyPassword(user.password_hash, password) : await verifyDecoy(password);
  if (!user || !valid) return { ok: false, reason: 'invalid' };
  await services.loginThrottle.succeeded(email, clientIp);
  return { ok: true, userId: user.id, plan: user.plan };
}
