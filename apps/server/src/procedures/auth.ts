import { randomUUID } from 'node:crypto';
import { type contract, type Session, scopes } from '@charter/contract';
import type { Handlers } from '@charter/rpc/server';
import { hashPassword, verifyDecoy, verifyPassword } from '../security/passwords.ts';
import type { Services } from '../services.ts';
import { apiError } from '../trpc/api-error.ts';
import { currentUserId, type ProcedureContext } from '../trpc/procedure.ts';
import { isUniqueViolation } from './postgres-errors.ts';
import { toUser } from './rows.ts';

/** A password session acts as its user, with every scope. */
const sessionScopes = Object.keys(scopes);

export const auth = {
  signUp: async ({ input, ctx, errors }) => {
    const { db } = ctx.services;
    const taken = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', input.email)
      .executeTakeFirst();
    if (taken) throw errors.EMAIL_TAKEN();
    const passwordHash = await hashPassword(input.password);
    try {
      const user = await db
        .insertInto('users')
        .values({ id: randomUUID(), email: input.email, name: input.name, password_hash: passwordHash })
        .returning(['id', 'email', 'name', 'created_at'])
        .executeTakeFirstOrThrow();
      return sessionFor(ctx.services, user);
    } catch (error) {
      if (isUniqueViolation(error)) throw errors.EMAIL_TAKEN(); // a concurrent sign-up won
      throw error;
    }
  },

  logIn: async ({ input, ctx, errors }) => {
    const user = await ctx.services.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'created_at', 'password_hash'])
      .where('email', '=', input.email)
      .executeTakeFirst();
    const valid = user
      ? await verifyPassword(user.password_hash, input.password)
      : await verifyDecoy(input.password);
    if (!user || !valid) throw errors.INVALID_CREDENTIALS();
    return sessionFor(ctx.services, user);
  },

  me: async ({ ctx }) => {
    const user = await ctx.services.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'created_at'])
      .where('id', '=', currentUserId(ctx))
      .executeTakeFirst();
    if (!user) throw apiError('UNAUTHORIZED', 'The account of this access token no longer exists.');
    return toUser(user);
  },
} satisfies Handlers<typeof contract.procedures.auth, ProcedureContext>;

async function sessionFor(services: Services, user: Parameters<typeof toUser>[0]): Promise<Session> {
  const { token, expiresAt } = await services.tokens.issue(user.id, sessionScopes);
  return { accessToken: token, tokenType: 'Bearer', expiresAt, user: toUser(user) };
}
