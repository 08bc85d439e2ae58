import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@charter/client';
import type { TaskChange } from '@charter/contract';
import { parseRateLimitHeaders } from '@charter/rpc';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from './support/postgres.ts';
import { findRedisServer, type RedisServer, startRedis } from './support/redis.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';
import { budgets } from './support/test-server.ts';

const redisProgram = findRedisServer();
const postgresUrl = inject('postgresUrl');
if (!redisProgram && process.env.CI) {
  throw new Error(
    'redis-server is not installed (Debian: apt-get install redis-server); CI must run these tests.',
  );
}

/** Two server processes behind one imagined load balancer: one PostgreSQL, one Redis. */
describe.skipIf(!redisProgram || !postgresUrl)('server processes sharing one Redis', () => {
  let redis: RedisServer;
  let servers: ServerProcess[] = [];
  let dataDir: string;
  let databaseUrl: string;

  beforeAll(async () => {
    redis = await startRedis(redisProgram as string);
    databaseUrl = await createDatabase(postgresUrl as string, `charter_${randomUUID().replaceAll('-', '')}`);
    dataDir = mkdtempSync(join(tmpdir(), 'charter-shared-'));
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      DATA_DIR: dataDir,
      RATE_LIMITS: budgets({ default: '10/60s' }),
    };
    // One after the other, so the second finds the migrations done.
    servers.push(await startServerProcess(env));
    servers.push(await startServerProcess(env));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    servers = [];
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function newUser(plan: 'default' | 'elevated' = 'default') {
    const [first] = servers as [ServerProcess];
    const session = await createClient({ url: first.url }).auth.signUp.mutate({
      email: `shared-${randomUUID()}@example.com`,
      password: 'long enough password',
      name: 'Shared',
    });
    if (plan !== 'default') {
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      await db.query('update users set plan = $1 where id = $2', [plan, session.user.id]);
      await db.end();
    }
    return session.accessToken;
  }

  /** auth.me on one server: its status and what its RateLimit header says is left. */
  async function me(server: ServerProcess, token: string) {
    const response = await fetch(`${server.url}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, remaining: parseRateLimitHeaders(response.headers)[0]?.remaining };
  }

  async function waitForLog(server: ServerProcess, message: string) {
    const deadline = Date.now() + 20_000;
    while (!server.output().includes(message)) {
      if (Date.now() > deadline) throw new Error(`the server never logged "${message}":\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('streams a task change made through one process to a subscriber on the other', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const token = await newUser('elevated');
    const onA = createClient({ url: a.url, auth: { accessToken: token } });
    const onB = createClient({ url: b.url, auth: { accessToken: token } });
    const project = await onA.projects.create.mutate({ name: 'Everywhere' });
    const received: TaskChange[] = [];
    const subscription = onB.tasks.onChange.subscribe(
      { projectId: project.id },
      { onData: (change) => received.push(change) },
    );
    try {
      // B cannot be asked when its stream starts listening, so probe until a change gets through.
      const deadline = Date.now() + 10_000;
      while (received.length === 0 && Date.now() < deadline) {
        await onA.tasks.create.mutate({ projectId: project.id, title: 'Probe' });
        await expect
          .poll(() => received.length, { timeout: 300 })
          .toBeGreaterThan(0)
          .catch(() => undefined);
      }
      const [probe] = received;
      if (probe?.type !== 'created')
        throw new Error(`no created event reached the other process: ${JSON.stringify(received)}`);
      const dueDate = new Date('2031-03-03T03:03:03.003Z');
      await onA.tasks.update.mutate({ id: probe.task.id, title: 'Renamed on A', dueDate });
      await expect
        .poll(() => received.at(-1), { timeout: 5_000 })
        .toMatchObject({
          type: 'updated',
          task: { id: probe.task.id, title: 'Renamed on A', dueDate },
        });
    } finally {
      subscription.unsubscribe();
    }
  });

  it('revokes an API key on every process at once, though each had it cached', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const token = await newUser('elevated');
    const owner = createClient({ url: a.url, auth: { accessToken: token } });
    const { key, apiKey } = await owner.apiKeys.create.mutate({
      name: 'everywhere',
      scopes: ['account:read'],
    });
    const echo = (server: ServerProcess) =>
      fetch(`${server.url}/api/v1/system/echo?message=hi`, { headers: { 'x-api-key': key } }).then(
        (response) => response.status,
      );
    // Both processes have now verified the key and keep it in their credential caches.
    expect([await echo(a), await echo(b), await echo(a), await echo(b)]).toEqual([200, 200, 200, 200]);
    await owner.apiKeys.revoke.mutate({ id: apiKey.id });
    await expect.poll(() => echo(b), { timeout: 2_000, interval: 50 }).toBe(401);
    expect(await echo(a)).toBe(401);
  });

  it('counts a caller calls on both processes against one budget', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const token = await newUser();
    const seen = [];
    for (let call = 0; call < 10; call += 1) seen.push(await me(call % 2 === 0 ? a : b, token));
    expect(seen).toEqual(Array.from({ length: 10 }, (_, call) => ({ status: 200, remaining: 9 - call })));
    expect(await me(a, token)).toEqual({ status: 429, remaining: 0 });
    expect(await me(b, token)).toEqual({ status: 429, remaining: 0 });
  });

  it('limits each process on its own while Redis is away, and shares again once it is back', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    await redis.stop();
    await Promise.all([a, b].map((server) => waitForLog(server, 'Redis unreachable')));

    // Fail open to a local limit, never to no limit: each process grants the budget once.
    const token = await newUser();
    for (const server of [a, b]) {
      const seen = [];
      for (let call = 0; call < 11; call += 1) seen.push((await me(server, token)).status);
      expect(seen).toEqual([...Array(10).fill(200), 429]);
    }

    await redis.restart();
    await Promise.all([a, b].map((server) => waitForLog(server, 'Redis is back')));
    const fresh = await newUser();
    const statuses = [];
    for (let call = 0; call < 12; call += 1) statuses.push((await me(call % 2 === 0 ? a : b, fresh)).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
  });
});
