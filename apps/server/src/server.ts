import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import type { Env } from './env.ts';
import { createLocalTaskEvents } from './events/task-events.ts';
import { AccessTokens, type Clock } from './security/access-tokens.ts';
import { BasicCredentialCache } from './security/basic-credentials.ts';
import { LoginThrottle } from './security/login-throttle.ts';
import { prepareDecoy } from './security/passwords.ts';
import { Sessions } from './security/sessions.ts';
import type { Services } from './services.ts';

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
}

/** Opens the database, builds the services and the app, and listens. */
export async function startServer(env: Env, options: StartOptions): Promise<RunningServer> {
  const { log } = options;
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, log });
  let server: Server;
  let services: Services;
  try {
    await prepareDecoy();
    const now = options.now ?? (() => new Date());
    const tokens = await AccessTokens.load(database.db, { ttlSeconds: env.ACCESS_TOKEN_TTL_SECONDS, now });
    services = {
      db: database.db,
      tokens,
      sessions: new Sessions(database.db, tokens, { ttlSeconds: env.SESSION_TTL_SECONDS, now }),
      loginThrottle: new LoginThrottle(),
      basicCredentials: new BasicCredentialCache({ ttlSeconds: 300, maxEntries: 10_000, now }),
      taskEvents: createLocalTaskEvents(),
      now,
    };
    server = createServer(createApp({ env, services, log }));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.PORT, env.HOST, () => resolve());
    });
  } catch (error) {
    await database.close();
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  const host = env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  const url = `http://${host}:${port}`;
  log.info({ url, database: database.kind }, `Charter API listening on ${url}`);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      services.taskEvents.close(); // live streams end; their clients reconnect elsewhere
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Connections go idle as their last response ends (ended streams too); close each as soon as it
      // does, rather than after the keep-alive timeout.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const deadline = setTimeout(() => server.closeAllConnections(), env.SHUTDOWN_GRACE_SECONDS * 1000);
      await closed;
      clearInterval(sweep);
      clearTimeout(deadline);
      await database.close();
      log.info('Charter API stopped');
    })();
    return closing;
  };
  return { url, services, database, close };
}
