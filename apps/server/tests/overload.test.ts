import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { overloadRetryAfterSeconds } from '../src/overload/server-overloaded.ts';
import { type SignedUp, startTestServer, type TestServer } from './support/test-server.ts';

/**
 * Past capacity the server refuses new calls at once with 503 and Retry-After, in each surface's
 * shape, instead of queueing them; a call past its deadline, or a statement past its timeout, is
 * a 503 too. Slow calls are real: a transaction of the test's holds the tasks table, so every call
 * that reads tasks waits on PostgreSQL until the test lets go.
 */

/** Locks the tasks table until `release()`. */
async function holdTasks(server: TestServer): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: server.env.DATABASE_URL });
  await client.connect();
  await client.query('begin');
  await client.query('lock table tasks in access exclusive mode');
  return {
    async release() {
      await client.query('rollback');
      await client.end();
    },
  };
}

interface Setup {
  server: TestServer;
  owner: SignedUp;
  projectId: string;
}

async function setUp(env: Record<string, string>): Promise<Setup> {
  // Event-loop delay off: a busy test machine must not shed the calls these tests count.
  const server = await startTestServer('postgres', {
    env: { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', ...env },
  });
  const owner = await server.signUp('Loaded');
  const projectId = (await owner.client.projects.create.mutate({ name: 'Busy' })).id;
  return { server, owner, projectId };
}

function calls({ server, owner, projectId }: Setup) {
  const headers = { authorization: `Bearer ${owner.accessToken}` };
  const input = (value: object) => encodeURIComponent(JSON.stringify({ json: value }));
  return {
    restTasks: () => fetch(`${server.url}/api/v1/projects/${projectId}/tasks`, { headers }),
    trpcTasks: () => fetch(`${server.url}/trpc/tasks.list?input=${input({ projectId })}`, { headers }),
    restProject: () => fetch(`${server.url}/api/v1/projects/${projectId}`, { headers }),
    trpcProject: () =>
      fetch(`${server.url}/trpc/projects.get?input=${input({ id: projectId })}`, { headers }),
  };
}

async function expectRestRefusal(response: Response, retryAfter: number) {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe(String(retryAfter));
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(await response.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
}

async function expectTrpcRefusal(response: Response, retryAfter: number) {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe(String(retryAfter));
  expect(await response.json()).toMatchObject({
    error: { json: { data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 } } },
  });
}

const postgres = inject('postgresUrl');

/** Keeps this process's event loop (the test server's too) busy in 100 ms slices for `ms`. */
async function saturate(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const slice = Date.now() + 100;
    while (Date.now() < slice) {
      // busy, as a server past its CPU is
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('overload: past the event-loop delay limit [pglite]', () => {
  let server: TestServer;
  let owner: SignedUp;
  let projectId: string;
  beforeAll(async () => {
    server = await startTestServer('pglite', { env: { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '50' } });
    owner = await server.signUp('Lagging');
    projectId = (await owner.client.projects.create.mutate({ name: 'Lagging' })).id;
  }, 60_000);
  afterAll(() => server?.close());

  it('refuses new calls with 503 and Retry-After while the loop lags, and serves once it keeps up', async () => {
    const call = calls({ server, owner, projectId });
    await saturate(1_200);
    const [rest, trpc, health] = await Promise.all([
      call.restProject(),
      call.trpcProject(),
      fetch(`${server.url}/healthz`),
    ]);
    await expectRestRefusal(rest, overloadRetryAfterSeconds);
    await expectTrpcRefusal(trpc, overloadRetryAfterSeconds);
    expect(await health.json()).toEqual({ status: 'ok', shedding: 'event-loop-delay' });
    await expect
      .poll(async () => (await call.restProject()).status, { timeout: 5_000, interval: 250 })
      .toBe(200);
    expect((await call.trpcProject()).status).toBe(200);
  });
});

describe.skipIf(!postgres)('overload [postgres]', () => {
  describe('past the calls-in-flight limit', () => {
    let setup: Setup;
    beforeAll(async () => {
      setup = await setUp({ OVERLOAD_MAX_CALLS_IN_FLIGHT: '2', DATABASE_STATEMENT_TIMEOUT_MS: '0' });
    }, 60_000);
    afterAll(() => setup?.server.close());

    it('refuses new calls at once with 503 and Retry-After on REST and tRPC, then serves again', async () => {
      const { server } = setup;
      const call = calls(setup);
      const held = await holdTasks(server);
      let slow: Promise<Response>[] = [];
      try {
        slow = [call.restTasks(), call.trpcTasks()];
        await expect
          .poll(async () => (await (await fetch(`${server.url}/healthz`)).json()) as object, {
            timeout: 5_000,
          })
          .toEqual({ status: 'ok', shedding: 'calls-in-flight' });

        const started = Date.now();
        await expectRestRefusal(await call.restProject(), overloadRetryAfterSeconds);
        await expectTrpcRefusal(await call.trpcProject(), overloadRetryAfterSeconds);
        expect(Date.now() - started).toBeLessThan(1_000);
      } finally {
        await held.release();
      }
      // The calls admitted before were never dropped.
      expect((await Promise.all(slow)).map((response) => response.status)).toEqual([200, 200]);
      expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect((await call.restProject()).status).toBe(200);
      expect((await call.trpcProject()).status).toBe(200);
    });

    it('counts each call of a batch, refusing those past the limit', async () => {
      const { server, owner, projectId } = setup;
      const held = await holdTasks(server);
      let slow: Promise<Response> | undefined;
      try {
        slow = calls(setup).trpcTasks();
        await new Promise((resolve) => setTimeout(resolve, 500)); // it reaches PostgreSQL's lock
        // One slot of two is taken: of a batch of two reads, one is answered and one refused.
        const input = encodeURIComponent(
          JSON.stringify({ 0: { json: { id: projectId } }, 1: { json: { id: projectId } } }),
        );
        const batch = await fetch(`${server.url}/trpc/projects.get,projects.get?batch=1&input=${input}`, {
          headers: { authorization: `Bearer ${owner.accessToken}` },
        });
        const answers = (await batch.json()) as {
          result?: unknown;
          error?: { json: { data: { code: string } } };
        }[];
        expect(answers.filter((answer) => answer.result)).toHaveLength(1);
        expect(answers.map((answer) => answer.error?.json.data.code).filter(Boolean)).toEqual([
          'SERVICE_UNAVAILABLE',
        ]);
        expect(batch.headers.get('retry-after')).toBe(String(overloadRetryAfterSeconds));
      } finally {
        await held.release();
      }
      expect((await slow)?.status).toBe(200);
    });
  });

  describe('past the pool-waiters limit', () => {
    let setup: Setup;
    beforeAll(async () => {
      setup = await setUp({ OVERLOAD_MAX_POOL_WAITERS: '1', DATABASE_STATEMENT_TIMEOUT_MS: '0' });
    }, 60_000);
    afterAll(() => setup?.server.close());

    it('refuses new calls with 503 while a call waits for a database connection, then serves again', async () => {
      const { server } = setup;
      const call = calls(setup);
      const held = await holdTasks(server);
      let slow: Promise<Response>[] = [];
      try {
        // The pool's 10 connections each wait on the lock; the eleventh call waits for a connection.
        slow = Array.from({ length: 11 }, () => call.restTasks());
        await expect
          .poll(async () => (await (await fetch(`${server.url}/healthz`)).json()) as object, {
            timeout: 5_000,
          })
          .toEqual({ status: 'ok', shedding: 'pool-waiters' });
        await expectRestRefusal(await call.restProject(), overloadRetryAfterSeconds);
        await expectTrpcRefusal(await call.trpcProject(), overloadRetryAfterSeconds);
      } finally {
        await held.release();
      }
      expect(new Set((await Promise.all(slow)).map((response) => response.status))).toEqual(new Set([200]));
      expect((await call.restProject()).status).toBe(200);
    });
  });

  describe('past a call deadline', () => {
    let setup: Setup;
    beforeAll(async () => {
      setup = await setUp({ OVERLOAD_CALL_DEADLINE_MS: '500', DATABASE_STATEMENT_TIMEOUT_MS: '0' });
    }, 60_000);
    afterAll(() => setup?.server.close());

    it('answers a call that outlives its deadline 503 with Retry-After, on REST and tRPC', async () => {
      const call = calls(setup);
      const held = await holdTasks(setup.server);
      try {
        const started = Date.now();
        const [rest, trpc] = await Promise.all([call.restTasks(), call.trpcTasks()]);
        expect(Date.now() - started).toBeLessThan(3_000);
        await expectRestRefusal(rest, overloadRetryAfterSeconds);
        await expectTrpcRefusal(trpc, overloadRetryAfterSeconds);
        expect((await call.restProject()).status).toBe(200);
      } finally {
        await held.release();
      }
      expect((await call.restTasks()).status).toBe(200);
    });
  });

  describe('past the statement timeout', () => {
    let setup: Setup;
    beforeAll(async () => {
      setup = await setUp({ DATABASE_STATEMENT_TIMEOUT_MS: '300' });
    }, 60_000);
    afterAll(() => setup?.server.close());

    it('answers a statement PostgreSQL cancelled with 503 and Retry-After, never 500', async () => {
      const call = calls(setup);
      const held = await holdTasks(setup.server);
      try {
        const [rest, trpc] = await Promise.all([call.restTasks(), call.trpcTasks()]);
        expect(rest.status).toBe(503);
        expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await rest.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
        expect(trpc.status).toBe(503);
        expect(Number(trpc.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await held.release();
      }
      expect((await call.restTasks()).status).toBe(200);
      expect(setup.server.logs.some((line) => line.includes('"level":50'))).toBe(false);
    });
  });
});
