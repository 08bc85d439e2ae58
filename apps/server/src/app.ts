import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type Express, type RequestHandler } from 'express';
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import { docsRoutes } from './docs/docs-routes.ts';
import type { Env } from './env.ts';
import { errorHandler, notFound } from './http/fallbacks.ts';
import { health } from './http/health.ts';
import { jwks } from './http/jwks.ts';
import { webApp } from './http/web-app.ts';
import { oauthEndpointBudget } from './oauth/endpoint-budget.ts';
import { interactionRoutes } from './oauth/interactions.ts';
import { pinToIssuer } from './oauth/pin-to-issuer.ts';
import type { RestApi } from './rest/rest-api.ts';
import type { Services } from './services.ts';
import { createContextFactory } from './trpc/context.ts';
import { logFailure, responseHeaders, trpcLimits } from './trpc/handler-options.ts';
import { appRouter } from './trpc/router.ts';
import { streamAdmission } from './trpc/stream-admission.ts';
import { strictTrpcInput } from './trpc/strict-input.ts';

export interface AppOptions {
  env: Env;
  services: Services;
  log: Logger;
  /** The REST surface (src/rest/rest-api.ts), which the server may also serve in front of the app. */
  restApi: RestApi;
  /** The edge middleware (src/http/edge.ts), shared with the front door. */
  edge: RequestHandler[];
}

/**
 * The HTTP edge, in order: request id and logging, security headers, CORS, then the routes. Kept
 * free of per-route body parsing so a faster path can take over /trpc without changing its duties.
 */
export function createApp({ env, services, log, restApi, edge }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Problem details link their code's entry in the docs, at the origin clients know (not the Host header).
  app.locals.publicUrl = services.oauth.issuer;
  app.set('trust proxy', env.TRUST_PROXY_HOPS);

  for (const duty of edge) app.use(duty);

  app.get('/healthz', health(services.db));
  app.get('/.well-known/jwks.json', jwks(services.tokens));
  app.use(
    '/trpc',
    strictTrpcInput,
    streamAdmission(services),
    createExpressMiddleware({
      router: appRouter,
      createContext: createContextFactory(services),
      ...trpcLimits,
      responseMeta: ({ ctx, errors }) => ({ headers: responseHeaders(ctx, errors) }),
      onError: logFailure(log),
    }),
  );

  app.use(restApi.middleware);
  app.use(
    docsRoutes({
      origin: services.oauth.issuer,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      budgets: env.RATE_LIMITS,
    }),
  );

  // OAuth 2.0: our log-in and consent pages, then the authorization server itself. Its routes
  // already carry /oauth, so it gets the request path unstripped, and the raw body.
  const { provider, issuer } = services.oauth;
  const isOAuth = (path: string) =>
    path.startsWith('/oauth/') || path === '/.well-known/oauth-authorization-server';
  app.use((req, _res, next) => {
    if (isOAuth(req.path)) pinToIssuer(req, issuer);
    next();
  });
  app.use(oauthEndpointBudget(services.budgets));
  app.use(interactionRoutes(provider, services));
  let authorizationServer: ReturnType<Provider['callback']> | undefined;
  app.use((req, res, next) => {
    if (!isOAuth(req.path)) return next();
    provider().then((server) => {
      authorizationServer ??= server.callback();
      return authorizationServer(req, res);
    }, next);
  });

  app.use(webApp());
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
