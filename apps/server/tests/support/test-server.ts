import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@charter/client';
import type { User } from '@charter/contract';
import { inject } from 'vitest';
import { type Env, parseEnv } from '../../src/env.ts';
import { createLogger } from '../../src/logger.ts';
import type { Clock } from '../../src/security/access-tokens.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { createDatabase } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL cluster; null when PostgreSQL is not installed. */
    postgresUrl: string | null;
  }
}

export type Backend = 'pglite' | 'postgres';

export interface SignedUp {
  client: Client;
  user: User;
  accessToken: string;
  email: string;
  password: string;
}

export interface TestServer {
  backend: Backend;
  url: string;
  /** The configuration it runs with: its database, budgets and so on. */
  env: Env;
  running: RunningServer;
  /** Every log line the server wrote, for tests that check what is (not) logged. */
  logs: string[];
  /** A client with this access token, or an anonymous one. */
  client(accessToken?: string): Client;
  /** Signs up a new user through the API and returns a client acting as them. */
  signUp(name?: string): Promise<SignedUp>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  now?: Clock;
  env?: Record<string, string>;
  credentialRecheckMs?: number;
  /** @default true; false serves everything through Express (/trpc through tRPC's official adapter). */
  fastPath?: boolean;
}

/** Budgets out of the way, but for those a test sizes itself: `budgets({ default: '10/60s' })`. */
export function budgets(sizes: Partial<Record<'anonymous' | 'default' | 'elevated' | 'auth', string>> = {}) {
  const all = {
    anonymous: '1000000/60s',
    default: '1000000/60s',
    elevated: '1000000/60s',
    auth: '1000000/60s',
    ...sizes,
  };
  return Object.entries(all)
    .map(([name, size]) => `${name}=${size}`)
    .join(',');
}

/** A real server on 127.0.0.1 with a fresh database: a PGlite directory, or a new PostgreSQL database. */
export async function startTestServer(
  backend: Backend,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'charter-test-'));
  const databaseUrl =
    backend === 'postgres'
      ? await createDatabase(adminUrl(), `charter_${randomUUID().replaceAll('-', '')}`)
      : undefined;
  const env = parseEnv({
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_SECONDS: '1',
    RATE_LIMITS: budgets(),
    // Tests share two cores: a loop slowed by the others must not shed the calls a test makes.
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  });
  const logs: string[] = [];
  const log = createLogger({
    level: env.LOG_LEVEL,
    destination: { write: (line: string) => logs.push(line) },
  });
  const running = await startServer(env, {
    log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.credentialRecheckMs ? { credentialRecheckMs: options.credentialRecheckMs } : {}),
    ...(options.fastPath === undefined ? {} : { fastPath: options.fastPath }),
  });

  const client = (accessToken?: string) =>
    createClient({ url: running.url, ...(accessToken ? { auth: { accessToken } } : {}) });
  return {
    backend,
    url: running.url,
    env,
    running,
    logs,
    client,
    async signUp(name = 'Tester') {
      const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}@example.com`;
      const password = `pw-${randomUUID()}`;
      const session = await client().auth.signUp.mutate({ email, password, name });
      return {
        client: client(session.accessToken),
        user: session.user,
        accessToken: session.accessToken,
        email,
        password,
      };
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function adminUrl(): string {
  const url = inject('postgresUrl');
  if (!url) throw new Error('PostgreSQL is not available for this run');
  return url;
}
