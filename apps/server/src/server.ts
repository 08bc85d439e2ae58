import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import type { JWKS } from 'oidc-provider';
import type { Logger } from 'pino';
import { createApi } from './api.ts';
import { createApp } from './app.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import type { Env } from './env.ts';
import { createRedisTaskEvents } from './events/redis-task-events.ts';
import { createLocalTaskEvents } from './events/task-events.ts';
import { answerUnparsableRequests } from './http/client-error.ts';
import { clientAddress } from './http/client-ip.ts';
import { edgePlugins } from './http/edge.ts';
import { gracefulShutdown } from './http/graceful-shutdown.ts';
import { type ServerMetrics, startMetrics } from './metrics/server-metrics.ts';
import { StreamSlots } from './middleware/stream-slots.ts';
import { apiResourceOf } from './oauth/api-resource.ts';
import { deleteExpiredOAuthRecords } from './oauth/expired-records.ts';
import { lazyOAuthProvider } from './oauth/lazy-provider.ts';
import { overloadProtection } from './overload/overload-protection.ts';
import { Budgets } from './rate-limit/budgets.ts';
import { assertBudgetsExist } from './rate-limit/budgets-config.ts';
import { connectRedis } from './redis.ts';
import { AccessTokens, type Clock } from './security/access-tokens.ts';
import { basicCredentialFingerprints } from './security/basic-credentials.ts';
import { CredentialCache } from './security/credential-cache.ts';
import { defaultLoginThrottle, LoginThrottle } from './security/login-throttle.ts';
import { preparePasswordChecks } from './security/passwords.ts';
import { createLocalRevocations, createRedisRevocations } from './security/revocations.ts';
import { sharedSecret } from './security/server-secrets.ts';
import { Sessions } from './security/sessions.ts';
import type { Services } from './services.ts';
import { UsageRecorder } from './usage/usage-recorder.ts';
import { webhookPolicy } from './webhooks/policy.ts';
import { startWebhookWorker } from './webhooks/worker.ts';

export interface RunningServer {
  /** Where it listens, e.g. `http://127.0.0.1:3000`. */
  url: string;
  services: Services;
  database: DatabaseHandle;
  /** Stops accepting, lets requests in flight finish (up to the grace period), then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  /** Tests move time with it; the server itself uses the system clock. */
  now?: Clock;
  /** How often open streams re-check their credential. @default 10000 */
  credentialRecheckMs?: number;
  /**
   * Serve /trpc queries and mutations on the toolkit's fast path; off, every tRPC request goes
   * through tRPC's official adapter. Tests turn it off to compare. @default true
   */
  fastPath?: boolean;
}

/** Opens the database, listens, then builds the services and the app (the OAuth issuer needs the port). */
export async function startServer(env: Env, options: StartOptions): Promise<RunningServer> {
  const { log } = options;
  // argon2 hashes the decoy on a libuv thread, and the common-password list loads, while this one opens the database.
  const passwordChecksReady = preparePasswordChecks();
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    log,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
  });
  const overload = overloadProtection(env, database);
  type Handler = (req: IncomingMessage, res: ServerResponse) => void;
  // Requests that arrive before the app exists wait for it.
  let handler: Handler | undefined;
  let serve: (ready: Handler) => void = () => undefined;
  const appReady = new Promise<Handler>((resolve) => {
    serve = (ready) => {
      handler = ready;
      resolve(ready);
    };
  });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!shutdown.admit(req, res)) return;
    if (handler) handler(req, res);
    else appReady.then((ready) => ready(req, res));
  });
  const shutdown = gracefulShutdown(server);
  let services: Services;
  let url: string;
  answerUnparsableRequests(server, () => env.PUBLIC_URL ?? url);
  let redis: Redis | undefined;
  let metrics: ServerMetrics | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.PORT, env.HOST, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    url = `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${port}`;
    const issuer = env.PUBLIC_URL ?? url;

    await passwordChecksReady;
    const now = options.now ?? (() => new Date());
    const tokens = await AccessTokens.load(database.db, { ttlSeconds: env.ACCESS_TOKEN_TTL_SECONDS, now });
    assertBudgetsExist(env.RATE_LIMITS);
    redis = env.REDIS_URL
      ? await connectRedis(
          env.REDIS_URL,
          log,
          'until it returns, each process enforces rate limits alone, and task changes and revocations reach only the process that made them',
        )
      : undefined;
    const revocations = redis ? createRedisRevocations(redis, log) : createLocalRevocations();
    const credentialCache = new CredentialCache({ ttlMs: 30_000, maxEntries: 50_000, now });
    revocations.onRevoked((tag) => credentialCache.evict(tag));
    const loadProvider = lazyOAuthProvider({
      issuer,
      db: database.db,
      cookieKeys: [await sharedSecret(database.db, 'oauth-cookie-key')],
      jwks: tokens.signingKeySet() as JWKS,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      grantTtlSeconds: env.SESSION_TTL_SECONDS,
      revocations,
    });
    services = {
      db: database.db,
      tokens,
      sessions: new Sessions(database.db, tokens, {
        ttlSeconds: env.SESSION_TTL_SECONDS,
        now,
        onRevoked: (sessionId) => revocations.announce(`session:${sessionId}`),
      }),
      loginThrottle: new LoginThrottle(defaultLoginThrottle, redis),
      basicFingerprint: basicCredentialFingerprints(),
      taskEvents: redis ? createRedisTaskEvents(redis, log) : createLocalTaskEvents(),
      oauth: { provider: loadProvider, issuer, apiResource: apiResourceOf(issuer) },
      credentialRecheckMs: options.credentialRecheckMs ?? 10_000,
      budgets: new Budgets(env.RATE_LIMITS, redis),
      streams: new StreamSlots({ perCaller: env.STREAMS_PER_CALLER, perAddress: env.STREAMS_PER_ADDRESS }),
      credentialCache,
      revocations,
      usage: new UsageRecorder(database.db, {
        flushEveryMs: 5_000,
        now,
        onError: (error) => log.warn({ err: error }, 'could not record usage'),
      }),
      now,
    };
    const edge = edgePlugins(env, log);
    metrics = await startMetrics(env, { streams: services.streams, database, redis, log });
    const api = createApi(services, {
      plugins: [
        ...edge,
        clientAddress(env.TRUST_PROXY_HOPS),
        ...(metrics?.plugins ?? []),
        overload.plugin, // inside metrics, which so counts its refusals
      ],
      fastPath: options.fastPath !== false,
      idempotencyKeyTtlSeconds: env.IDEMPOTENCY_KEY_TTL_SECONDS,
    });
    const app = createApp({ env, services, edge, load: overload.shedder });
    // The API serves its own paths (/trpc, REST operations) in front of Express, which costs them
    // more than their work (docs/decisions/013); Express serves the rest.
    serve((req, res) => api.handle(req, res) || app(req, res));
  } catch (error) {
    server.close();
    overload.stop();
    await metrics?.close();
    redis?.disconnect();
    await database.close();
    throw error;
  }
  log.info({ url, database: database.kind }, `Charter API listening on ${url}`);

  // Webhook deliveries: each process claims its share of what is due (src/webhooks/worker.ts).
  const webhooks = startWebhookWorker(services, log, { policy: webhookPolicy(env) });

  // The authorization server never deletes what expired; sweep it now and then.
  const sweep = setInterval(() => {
    deleteExpiredOAuthRecords(database.db).catch((error: unknown) =>
      log.warn({ err: error }, 'OAuth sweep failed'),
    );
  }, 10 * 60_000);
  sweep.unref();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      clearInterval(sweep);
      overload.stop();
      services.taskEvents.close(); // live streams end; their clients reconnect elsewhere
      // Every request already received is answered (ended streams too), then its connection closes.
      await shutdown.close(env.SHUTDOWN_GRACE_SECONDS * 1000);
      await webhooks.stop();
      await services.usage.close();
      services.revocations.close();
      await metrics?.close();
      await redis?.quit().catch(() => undefined);
      await database.close();
      log.info('Charter API stopped');
    })();
    return closing;
  };
  return { url, services, database, close };
}
