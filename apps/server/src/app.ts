import type { RpcPlugin } from '@charter/rpc/node';
import express, { type Express, type RequestHandler } from 'express';
import type Provider from 'oidc-provider';
import { docsRoutes } from './docs/docs-routes.ts';
import type { Env } from './env.ts';
import { errorHandler, notFound } from './http/fallbacks.ts';
import { health } from './http/health.ts';
import { jwks } from './http/jwks.ts';
import { webApp } from './http/web-app.ts';
import { oauthEndpointBudget } from './oauth/endpoint-budget.ts';
import { interactionRoutes } from './oauth/interactions.ts';
import { pinToIssuer } from './oauth/pin-to-issuer.ts';
import { protectedResourceMetadata } from './oauth/protected-resource.ts';
import type { LoadShedder } from './overload/load-shedder.ts';
import type { Services } from './services.ts';

export interface AppOptions {
  env: Env;
  services: Services;
  /** The edge duties (src/http/edge.ts), which the API handler runs as its plugins too. */
  edge: RpcPlugin[];
  /** Whether the API sheds load now, which /healthz tells. */
  load?: LoadShedder;
}

/**
 * Everything but the API (src/api.ts serves /trpc and REST in front of it): health, keys, the OpenAPI
 * description and docs, OAuth, the web app. First the edge, in order: request id and logging,
 * security headers, CORS.
 */
export function createApp({ env, services, edge, load }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Problem details link their code's entry in the docs, at the origin clients know (not the Host header).
  app.locals.publicUrl = services.oauth.issuer;
  app.set('trust proxy', env.TRUST_PROXY_HOPS);

  for (const { onRequest } of edge) if (onRequest) app.use(onRequest as RequestHandler);

  app.get('/healthz', health(services.db, load));
  app.get('/.well-known/jwks.json', jwks(services.tokens));
  // RFC 9728 allows the metadata both at the root and suffixed with the resource's path.
  app.get(
    ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp'],
    protectedResourceMetadata(services.oauth.issuer),
  );
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
