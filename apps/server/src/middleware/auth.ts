import { ContractError } from '@charter/rpc/server';
import { apiError, tooManyRequests } from '../calls/api-error.ts';
import { allScopes, type Principal } from '../calls/principal.ts';
import type { RequestContext } from '../calls/request-context.ts';
import type { Plan } from '../db/schema.ts';
import { lookUpOAuthToken } from '../oauth/token-lookup.ts';
import { lowerPlan } from '../rate-limit/plans.ts';
import { checkApiKey, touchApiKey } from '../security/api-keys.ts';
import { checkPassword } from '../security/password-login.ts';
import { sha256Hex } from '../security/secrets.ts';
import { readCredential } from './credentials.ts';

type Caller = Exclude<Principal, { kind: 'anonymous' }>;

// RFC 6750 and RFC 7617 challenges, sent with every 401 and scope 403.
const realm = 'realm="charter"';
export const challenges = {
  any: `Bearer ${realm}, Basic ${realm}, charset="UTF-8"`,
  invalidToken: (description: string) =>
    `Bearer ${realm}, error="invalid_token", error_description="${description}"`,
  basic: `Basic ${realm}, charset="UTF-8"`,
  insufficientScope: (scopes: readonly string[]) =>
    `Bearer ${realm}, error="insufficient_scope", scope="${scopes.join(' ')}"`,
};

const refuse = (message: string, challenge: string) =>
  apiError('UNAUTHORIZED', message, { headers: { 'WWW-Authenticate': challenge } });

/** Whether the request's credential would still be let in with these scopes (for long-lived streams). */
export async function stillAuthorized(ctx: RequestContext, scopes: readonly string[]): Promise<boolean> {
  try {
    const caller = await identify(ctx);
    return scopes.every((scope) => caller.scopes.includes(scope));
  } catch (error) {
    // A refusal ends the stream; an outage (503: the database out of reach) only fails this check.
    if (error instanceof ContractError && error.code !== 'SERVICE_UNAVAILABLE') return false;
    throw error;
  }
}

/**
 * Who the request's credential is, or a refusal: 401 with its challenge, or 429 while password
 * guessing is throttled. Scopes are checked by the toolkit's policy runner against each
 * procedure's metadata (./policy.ts).
 */
export async function identify(ctx: RequestContext): Promise<Caller> {
  const credential = readCredential({ authorization: ctx.authorization, apiKey: ctx.apiKey });
  switch (credential.kind) {
    case 'none':
      throw refuse(
        'Authentication is required: send Authorization: Bearer <access token or API key>, or Basic <email:password>.',
        challenges.any,
      );
    case 'malformed':
      throw refuse(credential.problem, challenges.any);
    case 'bearer':
      // Log-in sessions hand out JWTs; OAuth access tokens are opaque.
      return credential.token.split('.').length === 3
        ? sessionCaller(ctx, credential.token)
        : oauthCaller(ctx, credential.token);
    case 'apiKey':
      return apiKeyCaller(ctx, credential.key);
    case 'basic':
      return basicCaller(ctx, credential);
  }
}

async function sessionCaller(ctx: RequestContext, token: string): Promise<Caller> {
  const { tokens, sessions } = ctx.services;
  const check = await tokens.verify(token);
  if (!check.ok) {
    const message =
      check.reason === 'expired'
        ? 'The access token has expired; log in again.'
        : 'The access token is invalid.';
    throw refuse(message, challenges.invalidToken(message));
  }
  const cacheKey = `session:${check.sessionId}`;
  let plan = ctx.services.credentialCache.get<Plan>(cacheKey);
  if (!plan) {
    plan = await sessions.activePlan(check.sessionId);
    if (plan) {
      ctx.services.credentialCache.set(cacheKey, plan, {
        tags: [`session:${check.sessionId}`, `user:${check.userId}`],
      });
    }
  }
  if (!plan) {
    const message = 'The session has ended; log in again.';
    throw refuse(message, challenges.invalidToken(message));
  }
  const { userId, scopes, sessionId, expiresAt } = check;
  return { kind: 'user', userId, plan, scopes, sessionId, expiresAt };
}

async function oauthCaller(ctx: RequestContext, token: string): Promise<Caller> {
  const { oauth, credentialCache } = ctx.services;
  const tokenHash = sha256Hex(token);
  // A token is good only where it was issued for (the API or the MCP endpoint): cached per audience.
  const cacheKey = `oauth:${ctx.resource}:${tokenHash}`;
  const cached = credentialCache.get<Caller>(cacheKey);
  if (cached) return cached;
  const info = await lookUpOAuthToken(await oauth.provider(), ctx.resource, token);
  if (!info) {
    const message = 'The access token is invalid, expired or revoked.';
    throw refuse(message, challenges.invalidToken(message));
  }
  const { grantId, ...rest } = info;
  const account = await accountOfOAuthCaller(ctx.services.db, info);
  const caller: Caller = { kind: 'oauth', ...rest, ...account };
  credentialCache.set(cacheKey, caller, {
    tags: [
      `oauthToken:${tokenHash}`,
      `client:${info.clientId}`,
      ...(grantId ? [`grant:${grantId}`] : []),
      // The account whose plan the call draws on: set-plan evicts by it.
      `user:${info.userId ?? account.ownerId}`,
    ],
    expiresAt: info.expiresAt,
  });
  return caller;
}

/** The app's owner, and the plan a call draws on: the user's when the app acts for one, else the owner's. */
async function accountOfOAuthCaller(
  db: RequestContext['services']['db'],
  info: { userId: string | null; clientId: string },
): Promise<{ ownerId: string; plan: Plan }> {
  const app = await db
    .selectFrom('oauth_apps')
    .innerJoin('users', 'users.id', 'oauth_apps.user_id')
    .select(['oauth_apps.user_id as ownerId', 'users.plan'])
    .where('oauth_apps.client_id', '=', info.clientId)
    .executeTakeFirst();
  if (!app) {
    // An app that registered itself has no owner, and only ever acts for the user who let it in.
    if (!info.userId)
      throw new Error(`client ${info.clientId} is neither a registered app nor acting for a user`);
    const user = await db
      .selectFrom('users')
      .select('plan')
      .where('id', '=', info.userId)
      .executeTakeFirstOrThrow();
    return { ownerId: info.userId, plan: user.plan };
  }
  if (!info.userId) return app;
  const user = await db
    .selectFrom('users')
    .select('plan')
    .where('id', '=', info.userId)
    .executeTakeFirstOrThrow();
  return { ownerId: app.ownerId, plan: user.plan };
}

const apiKeyRefusals = {
  invalid: 'The API key is invalid.',
  revoked: 'The API key has been revoked.',
  expired: 'The API key has expired.',
} as const;

async function apiKeyCaller(ctx: RequestContext, presented: string): Promise<Caller> {
  const { db, now } = ctx.services;
  const check = await checkApiKey(db, presented, { now, cache: ctx.services.credentialCache });
  if (!check.ok) {
    const message = apiKeyRefusals[check.reason];
    throw refuse(message, challenges.invalidToken(message));
  }
  const { key, ownerPlan } = check;
  touchApiKey(db, key, now(), (error) => ctx.log.warn({ err: error }, 'could not record API key use'));
  return {
    kind: 'apiKey',
    userId: key.user_id,
    plan: lowerPlan(ownerPlan, key.plan),
    apiKeyId: key.id,
    scopes: key.scopes,
    expiresAt: key.expires_at,
  };
}

async function basicCaller(
  ctx: RequestContext,
  credential: { email: string; password: string },
): Promise<Caller> {
  const { basicFingerprint, credentialCache } = ctx.services;
  const cacheKey = basicFingerprint(credential.email, credential.password);
  let user = credentialCache.get<{ userId: string; plan: Plan }>(cacheKey);
  if (user === undefined) {
    const check = await checkPassword(ctx.services, { ...credential, clientIp: ctx.clientIp });
    if (!check.ok && check.reason === 'throttled') {
      throw tooManyRequests('Too many failed log-ins; retry later.', check.retryAfterSeconds);
    }
    if (!check.ok) throw refuse('The email or password is incorrect.', challenges.basic);
    user = { userId: check.userId, plan: check.plan };
    credentialCache.set(cacheKey, user, { tags: [`user:${user.userId}`] });
  }
  return { kind: 'user', ...user, scopes: allScopes, sessionId: null, expiresAt: null };
}
