import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseRateLimitHeaders } from '@charter/rpc';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from './support/postgres.ts';
import { findRedisServer, type RedisServer, startRedis } from './support/redis.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs `set-plan` as an operator would, with the environment given. */
async function setPlan(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/set-plan.ts', ...args],
      {
        cwd: serverRoot,
        env: { PATH: process.env.PATH ?? '', ...env },
      },
    );
    // What it logged (warnings) beside what it printed, when it logged anything.
    return { code: 0, output: stdout.trim(), ...(stderr.trim() ? { log: stderr.trim() } : {}) };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, output: failed.stderr.trim() };
  }
}

/** The plan a call by this user is charged to, as its RateLimit header names it. */
async function planSeenBy(server: TestServer, accessToken: string) {
  const response = await fetch(`${server.url}/trpc/auth.me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return parseRateLimitHeaders(response.headers)[0]?.name;
}

describe.skipIf(!inject('postgresUrl'))('set-plan, the operator command', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('postgres');
  });
  afterAll(() => server.close());

  it("changes a user's plan, and the next call draws from the new budget", async () => {
    const me = await server.signUp('Upgraded');
    const env = { DATABASE_URL: server.env.DATABASE_URL as string };
    expect(await setPlan([me.email.toUpperCase(), 'elevated'], env)).toEqual({
      code: 0,
      output: `${me.email} is now on the elevated plan`,
    });
    expect(await planSeenBy(server, me.accessToken)).toBe('elevated');
  });

  it('with Redis unreachable, changes the plan and says running servers will see it within 30 s', async () => {
    const me = await server.signUp('Unreachable');
    const env = {
      DATABASE_URL: server.env.DATABASE_URL as string,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
    };
    const result = await setPlan([me.email, 'elevated'], env);
    expect(result).toMatchObject({
      code: 0,
      output: `${me.email} is now on the elevated plan\nRedis did not take the message: running servers use it within 30 s`,
    });
    expect(result.log).toContain('Redis unreachable: running servers cannot be told of the new plan');
  });

  it('refuses an unknown plan, a malformed email or an unknown user, and changes nothing', async () => {
    const me = await server.signUp('Unchanged');
    const env = { DATABASE_URL: server.env.DATABASE_URL as string };
    expect(await setPlan([me.email, 'platinum'], env)).toEqual({
      code: 2,
      output: 'usage: set-plan <email> <anonymous|default|elevated>',
    });
    expect((await setPlan(['not-an-email', 'elevated'], env)).code).toBe(2);
    expect(await setPlan(['nobody@example.com', 'elevated'], env)).toEqual({
      code: 1,
      output: 'no user has the email nobody@example.com',
    });
    const { plan } = await server.running.services.db
      .selectFrom('users')
      .select('plan')
      .where('id', '=', me.user.id)
      .executeTakeFirstOrThrow();
    expect(plan).toBe('default');
  });
});

const redisProgram = findRedisServer();

describe.skipIf(!inject('postgresUrl') || !redisProgram)('set-plan with running servers', () => {
  let redis: RedisServer;
  let shared: TestServer;
  let alone: TestServer;
  beforeAll(async () => {
    redis = await startRedis(redisProgram as string);
    shared = await startTestServer('postgres', { env: { REDIS_URL: redis.url } });
    alone = await startTestServer('postgres');
  });
  afterAll(async () => {
    await Promise.all([shared?.close(), alone?.close()]);
    await redis?.stop();
  });

  it('tells servers sharing its Redis, which use the new plan from the next call', async () => {
    const me = await shared.signUp('Told');
    expect(await planSeenBy(shared, me.accessToken)).toBe('default'); // now cached
    const env = { DATABASE_URL: shared.env.DATABASE_URL as string, REDIS_URL: redis.url };
    expect(await setPlan([me.email, 'elevated'], env)).toEqual({
      code: 0,
      output: `${me.email} is now on the elevated plan\nrunning servers sharing this Redis use it from the next call`,
    });
    expect(await planSeenBy(shared, me.accessToken)).toBe('elevated');
  });

  it("tells them of an app's own token too, which draws on its owner's plan", async () => {
    const owner = await shared.signUp('App owner');
    const app = await owner.client.oauthApps.create.mutate({
      name: 'Worker',
      redirectUris: ['https://worker.example/callback'],
      confidential: true,
      scopes: ['account:read'],
    });
    const granted = await fetch(`${shared.url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&scope=account:read',
    });
    const { access_token: appToken } = (await granted.json()) as { access_token: string };
    expect(await planSeenBy(shared, appToken)).toBe('default'); // now cached
    const env = { DATABASE_URL: shared.env.DATABASE_URL as string, REDIS_URL: redis.url };
    expect((await setPlan([owner.email, 'elevated'], env)).code).toBe(0);
    expect(await planSeenBy(shared, appToken)).toBe('elevated');
  });

  it('without Redis, leaves a running server on the cached plan until its entry expires', async () => {
    const me = await alone.signUp('Untold');
    expect(await planSeenBy(alone, me.accessToken)).toBe('default');
    expect(
      (await setPlan([me.email, 'elevated'], { DATABASE_URL: alone.env.DATABASE_URL as string })).code,
    ).toBe(0);
    expect(await planSeenBy(alone, me.accessToken)).toBe('default');
  });
});

describe('set-plan on the embedded database', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());

  it('refuses to open a data directory a running server holds', async () => {
    const result = await setPlan(['someone@example.com', 'elevated'], { DATA_DIR: server.env.DATA_DIR });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^cannot open the database: .*in use/);
  });
});
