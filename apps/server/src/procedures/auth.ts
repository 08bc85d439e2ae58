import { randomUUID } from 'node:crypto';
import type { contract, Session } from '@charter/contract';
import type { Handlers } from '@charter/rpc/server';
import { apiError, tooManyRequests } from '../calls/api-error.ts';
import { currentUserId, type ProcedureContext } from '../calls/procedure-context.ts';
import { challenges } from '../middleware/auth.ts';
import { checkPassword } from '../security/password-login.ts';
import { hashPassword } from '../security/passwords.ts';
import type { SessionTokens } from '../security/sessions.ts';
import type { Services } from '../services.ts';
import { isUniqueViolation } from './postgres-errors.ts';
import { toUser } from './rows.ts';

// RFC 9110 §15.5.2: a 401 names how to authenticate, here as much as where a credential is missing.
const challenged = { headers: { 'WWW-Authenticate': challenges.any } };

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
      const { id } = await db
        .insertInto('users')
        .values({ id: randomUUID(), email: input.email, name: input.name, password_hash: passwordHash })
        .returning('id')
        .executeTakeFirstOrThrow();
      return sessionOf(ctx.services, await ctx.services.sessions.start(id));
    } catch (error) {
      if (isUniqueViolation(error)) throw errors.EMAIL_TAKEN();
      throw error;
    }
  },

  logIn: async ({ input, ctx, errors }) => {
    const check = await checkPassword(ctx.services, { ...input, clientIp: ctx.clientIp });
    if (!check.ok && check.reason === 'throttled') {
      throw tooManyRequests('Too many failed log-ins; retry later.', check.retryAfterSeconds);
    }
    if (!check.ok) throw errors.INVALID_CREDENTIALS(challenged);
    return sessionOf(ctx.services, await ctx.services.sessions.start(check.userId));
  },

  refresh: async ({ input, ctx, errors }) => {
    const tokens = await ctx.services.sessions.refresh(input.refreshToken);
    if (tokens === 'invalid') throw errors.INVALID_REFRESH_TOKEN(challenged);
    return sessionOf(ctx.services, tokens);
  },

  logOut: async ({ input, ctx }) => {
    await ctx.services.sessions.end(input.refreshToken);
    return { loggedOut: true as const };
  },

  me: async ({ ctx }) => {
    const user = await ctx.services.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'plan', 'created_at'])
      .where('id', '=', currentUserId(ctx))
      .executeTakeFirst();
    if (!user) throw apiError('UNAUTHORIZED', 'The account of this credential no longer exists.', challenged);
    return toUser(user);
  },
} satisfies Handlers<typeof contract.procedures.auth, ProcedureContext>;

async function sessionOf(services: Services, tokens: SessionTokens): Promise<Session> {
  const user = await services.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'plan', 'created_at'])
    .where('id', '=', tokens.userId)
    .executeTakeFirstOrThrow();
  const { accessToken, expiresAt, refreshToken, refreshTokenExpiresAt } = tokens;
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresAt,
    refreshToken,
    refreshTokenExpiresAt,
    user: toUser(user),
  };
}
