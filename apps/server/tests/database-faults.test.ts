import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, findPostgresBin, type PostgresServer, startPostgres } from './support/postgres.ts';
import { startServerProcess } from './support/server-process.ts';
import { type SignedUp, startTestServer, type TestServer } from './support/test-server.ts';

// Its own cluster: stopping the one every test file shares would fail the others.
const bin = inject('postgresUrl') ? findPostgresBin() : undefined;
const retryAfter = '5';

/** A database of its own on the fault suite's cluster. */
const freshDatabase = (postgres: PostgresServer) =>
  createDatabase(postgres.url, `charter_${randomUUID().replaceAll('-', '')}`);

/** A test server on a database this file controls (the backend name only says none is made for it). */
const serverOn = (databaseUrl: string, fastPath = true) =>
  startTestServer('pglite', { env: { DATABASE_URL: databaseUrl }, fastPath });

const trpcInput = (input: unknown) => `input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

async function expectUnavailable(response: Response, contentType: string): Promise<string> {
  const body = await response.text();
  expect({ status: response.status, body }).toMatchObject({ status: 503 });
  expect(response.headers.get('retry-after')).toBe(retryAfter);
  expect(response.headers.get('content-type')).toContain(contentType);
  return body;
}

async function expectTrpcUnavailable(response: Response): Promise<void> {
  const body = JSON.parse(await expectUnavailable(response, 'application/json'));
  expect(body.error.json.data).toMatchObject({
    code: 'SERVICE_UNAVAILABLE',
    httpStatus: 503,
    appCode: 'SERVICE_UNAVAILABLE',
    retryAfterSeconds: 5,
  });
}

async function expectProblemUnavailable(response: Response): Promise<void> {
  const body = JSON.parse(await expectUnavailable(response, 'application/problem+json'));
  expect(body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
}

// An outage is no bug: nothing is logged as an unexpected failure...
const failures =
  /"statusCode":500|"msg":"(procedure failed|REST call failed|unhandled error|fast path failed)"/;
// ...nor with the driver's client, which holds the connection's parameters and cancel key.
const secrets = /secretKey|connectionParameters|processID/;

/** What a stream answers: its status, and what it sent until its first error (or 5 s). */
async function streamOutcome(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5_000);
  const response = await fetch(url, { headers, signal: controller.signal });
  let text = '';
  try {
    const decoder = new TextDecoder();
    for await (const chunk of response.body as ReadableStream<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      if (/event: (serialized-)?error/.test(text) && text.endsWith('\n\n')) break;
    }
  } catch {
    // aborted after 5 s: what arrived is the answer
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { status: response.status, retryAfterHeader: response.headers.get('retry-after'), text };
}

/** Polls until the call answers `status`, for a server that must recover by itself. */
async function eventually(call: () => Promise<Response>, status: number): Promise<void> {
  await expect.poll(async () => (await call()).status, { timeout: 20_000, interval: 200 }).toBe(status);
}

describe.skipIf(!bin)('PostgreSQL stopped while the server runs', () => {
  let postgres: PostgresServer;
  let server: TestServer;
  let adapterServer: TestServer;
  let owner: SignedUp;
  let projectId: string;
  let auth: { authorization: string };
  let databaseUrl: string;

  beforeAll(async () => {
    postgres = await startPostgres(bin as string);
    databaseUrl = await freshDatabase(postgres);
    server = await serverOn(databaseUrl);
    adapterServer = await serverOn(databaseUrl, false);
    owner = await server.signUp('Owner');
    auth = { authorization: `Bearer ${owner.accessToken}` };
    projectId = (await owner.client.projects.create.mutate({ name: 'Outage' })).id;
  }, 60_000);
  afterAll(async () => {
    await postgres?.start(); // closing flushes usage counts into it
    await server?.close();
    await adapterServer?.close();
    await postgres?.stop();
  });

  it('answers 503 with Retry-After on every surface, and serves again by itself once it is back', async () => {
    // Credentials never used yet, so checking them needs the database.
    const { key } = await owner.client.apiKeys.create.mutate({ name: 'fresh', scopes: ['projects:read'] });
    const basic = `Basic ${Buffer.from(`${owner.email}:${owner.password}`).toString('base64')}`;
    const app = await owner.client.oauthApps.create.mutate({
      name: 'Outage app',
      redirectUris: ['https://app.example/callback'],
      confidential: true,
      scopes: ['projects:read'],
    });
    const clientCredentials = () =>
      fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=projects:read',
      });
    const { access_token: oauthToken } = (await (await clientCredentials()).json()) as {
      access_token: string;
    };
    // A sign-in started in a browser, whose page the outage then meets.
    const authorize = new URL(`${server.url}/oauth/authorize`);
    authorize.search = new URLSearchParams({
      client_id: app.clientId,
      redirect_uri: 'https://app.example/callback',
      response_type: 'code',
      scope: 'projects:read',
      code_challenge: createHash('sha256')
        .update('a verifier of forty-three characters or more')
        .digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const started = await fetch(authorize, { redirect: 'manual' });
    const interaction = new URL(started.headers.get('location') as string, server.url);
    expect(interaction.pathname).toMatch(/^\/oauth\/interaction\//);
    const cookie = started.headers
      .getSetCookie()
      .map((header) => header.split(';')[0])
      .join('; ');
    const listOverTrpc = (url: string) =>
      fetch(`${url}/trpc/projects.list?${trpcInput({ limit: 10 })}`, { headers: auth });
    await postgres.halt();

    // tRPC: the fast path and the official adapter, a query and a mutation.
    await expectTrpcUnavailable(await listOverTrpc(server.url));
    await expectTrpcUnavailable(await listOverTrpc(adapterServer.url));
    for (const url of [server.url, adapterServer.url]) {
      await expectTrpcUnavailable(
        await fetch(`${url}/trpc/tasks.create`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ json: { projectId, title: 'In the outage' } }),
        }),
      );
    }
    // REST in JSON and XML, reads and writes.
    await expectProblemUnavailable(await fetch(`${server.url}/api/v1/projects`, { headers: auth }));
    await expectProblemUnavailable(
      await fetch(`${server.url}/api/v1/projects/${projectId}/tasks`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'In the outage' }),
      }),
    );
    const xml = await expectUnavailable(
      await fetch(`${server.url}/api/v1/projects`, { headers: { ...auth, accept: 'application/xml' } }),
      'application/problem+xml',
    );
    expect(xml).toContain('<code>SERVICE_UNAVAILABLE</code>');
    // Credential lookups: a new API key, HTTP Basic.
    await expectProblemUnavailable(
      await fetch(`${server.url}/api/v1/projects`, { headers: { 'x-api-key': key } }),
    );
    await expectProblemUnavailable(
      await fetch(`${server.url}/api/v1/projects`, { headers: { authorization: basic } }),
    );
    // OAuth: a token the API has not seen yet, and the authorization server's own endpoints.
    await expectProblemUnavailable(
      await fetch(`${server.url}/api/v1/projects`, { headers: { authorization: `Bearer ${oauthToken}` } }),
    );
    const refused = await clientCredentials();
    expect({ status: refused.status, body: await refused.json() }).toMatchObject({
      status: 503,
      body: { error: 'temporarily_unavailable' },
    });
    expect(refused.headers.get('retry-after')).toBe(retryAfter);
    await expectProblemUnavailable(await fetch(interaction, { headers: { cookie } }));
    // The health check says so too.
    const health = await fetch(`${server.url}/healthz`);
    expect({ status: health.status, retryAfter: health.headers.get('retry-after') }).toEqual({
      status: 503,
      retryAfter,
    });

    await postgres.start();
    await eventually(() => listOverTrpc(server.url), 200);
    await eventually(() => listOverTrpc(adapterServer.url), 200);
    await eventually(() => fetch(`${server.url}/api/v1/projects`, { headers: { 'x-api-key': key } }), 200);
    const created = await owner.client.tasks.create.mutate({ projectId, title: 'After the outage' });
    expect(created.title).toBe('After the outage');
  });

  it('lets the typed client wait out a short outage on a query and on a keyed mutation, never on a keyless one', async () => {
    await postgres.halt();
    let restarted: Promise<void> | undefined;
    try {
      // auth.logIn takes no Idempotency-Key (its answer is a secret): refused at once, not retried.
      await expect(
        server.client().auth.logIn.mutate({ email: 'nobody@example.com', password: 'not the password' }),
      ).rejects.toMatchObject({ data: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 } });
      const created = owner.client.projects.create.mutate({ name: 'Waited out' });
      const listed = owner.client.projects.list.query({});
      // Back within the 5 s the refusal asked the client to wait.
      restarted = new Promise((resolve) => setTimeout(resolve, 1_000)).then(() => postgres.start());
      const [project, { items }] = await Promise.all([created, listed]);
      expect(items.map((item) => item.id)).toContain(projectId);
      const after = await owner.client.projects.list.query({});
      expect(after.items.filter((item) => item.name === 'Waited out').map((item) => item.id)).toEqual([
        project.id,
      ]);
    } finally {
      await (restarted ?? postgres.start());
    }
  });

  it('ends a stream the outage meets with SERVICE_UNAVAILABLE and its retry time, over REST and tRPC', async () => {
    await postgres.halt();
    try {
      const trpcInputOf = trpcInput({ projectId });
      for (const target of [
        `${server.url}/api/v1/projects/${projectId}/tasks/events`,
        `${server.url}/trpc/tasks.onChange?${trpcInputOf}`,
      ]) {
        const { status, retryAfterHeader, text } = await streamOutcome(target, {
          ...auth,
          accept: 'text/event-stream',
        });
        // Refused before it opens (503), or told in the stream's error event once open.
        if (status !== 200)
          expect({ status, retryAfterHeader }).toEqual({ status: 503, retryAfterHeader: '5' });
        expect(text).toMatch(/"(app)?[cC]ode":"SERVICE_UNAVAILABLE"/);
        expect(text).toContain('"retryAfterSeconds":5');
      }
    } finally {
      await postgres.start();
    }
  });

  it('keeps a stream open through the outage: a credential it cannot recheck is not a revoked one', async () => {
    let clockAheadMs = 0;
    const watching = await startTestServer('pglite', {
      env: { DATABASE_URL: databaseUrl },
      now: () => new Date(Date.now() + clockAheadMs),
      credentialRecheckMs: 100,
    });
    const controller = new AbortController();
    try {
      const user = await watching.signUp('Watcher');
      const watched = await user.client.projects.create.mutate({ name: 'Watched' });
      const stream = await fetch(`${watching.url}/api/v1/projects/${watched.id}/tasks/events`, {
        headers: { authorization: `Bearer ${user.accessToken}` },
        signal: controller.signal,
      });
      expect(stream.status).toBe(200);
      let received = '';
      const reading = (async () => {
        const decoder = new TextDecoder();
        for await (const chunk of stream.body as ReadableStream<Uint8Array>) {
          received += decoder.decode(chunk, { stream: true });
        }
      })().catch(() => undefined);
      await postgres.halt();
      // Past the credential cache's 30 s: the next recheck needs the database.
      clockAheadMs = 60_000;
      await expect
        .poll(() => watching.logs.some((line) => line.includes('could not recheck a stream credential')))
        .toBe(true);
      await postgres.start();
      await user.client.tasks.create.mutate({ projectId: watched.id, title: 'Seen after the outage' });
      await expect.poll(() => received, { timeout: 10_000 }).toContain('Seen after the outage');
      expect(received).not.toContain('event: error');
      controller.abort();
      await reading;
    } finally {
      controller.abort();
      await postgres.start();
      await watching.close();
    }
  });

  it('keeps the usage it counted while PostgreSQL was down, and records it once it is back', async () => {
    const counting = await serverOn(databaseUrl);
    let closed = false;
    try {
      const user = await counting.signUp('Counted');
      for (let call = 0; call < 3; call++) await user.client.projects.list.query({ limit: 1 });
      await postgres.halt();
      // Counts go to the database every 5 s: at least one flush meets the outage.
      await expect
        .poll(() => counting.logs.some((line) => line.includes('could not record usage')), {
          timeout: 10_000,
        })
        .toBe(true);
      await postgres.start();
      await counting.close(); // flushes what is pending
      closed = true;
      expect(await callsCounted(databaseUrl, user.user.id, 'projects.list')).toBe(3);
    } finally {
      await postgres.start();
      if (!closed) await counting.close();
    }
  });

  it('logs the outage in a few lines, never the driver client with its connection secrets', () => {
    const logs = [...server.logs, ...adapterServer.logs];
    expect(logs.filter((line) => failures.test(line) || secrets.test(line))).toEqual([]);
    expect(logs.filter((line) => line.length > 4_000)).toEqual([]);
  });
});

describe.skipIf(!bin)('PostgreSQL restarted and stopped under write load', () => {
  let postgres: PostgresServer;

  beforeAll(async () => {
    postgres = await startPostgres(bin as string);
  });
  afterAll(async () => {
    await postgres?.stop();
  });

  it('keeps the process up, answers 503 with Retry-After meanwhile, and loses no acknowledged write', async () => {
    const databaseUrl = await freshDatabase(postgres);
    const server = await startServerProcess({
      DATABASE_URL: databaseUrl,
      RATE_LIMITS: 'default=1000000/60s',
    });
    try {
      const session = await signUp(server.url);
      const headers = { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' };
      const project = (await (
        await fetch(`${server.url}/api/v1/projects`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ name: 'Under load' }),
        })
      ).json()) as { id: string };

      const acknowledged: string[] = [];
      const answers: string[] = [];
      let writing = true;
      // Half the writers over REST, half over tRPC: an acknowledged write is a 201, or a 200 with the task.
      const write = (id: number, n: number) =>
        id % 2
          ? fetch(`${server.url}/api/v1/projects/${project.id}/tasks`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ title: `writer ${id} #${n}` }),
            })
          : fetch(`${server.url}/trpc/tasks.create`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ json: { projectId: project.id, title: `writer ${id} #${n}` } }),
            });
      const writer = async (id: number) => {
        for (let n = 0; writing; n++) {
          let response: Response;
          try {
            response = await write(id, n);
          } catch (error) {
            answers.push(`no answer: ${String((error as Error).cause ?? error)}`);
            return; // the server is gone (it must not be)
          }
          const body = await response.text();
          const retry = response.headers.get('retry-after');
          if (response.status === 201) acknowledged.push(JSON.parse(body).id);
          else if (response.status === 200) acknowledged.push(JSON.parse(body).result.data.json.id);
          answers.push(
            response.status === 503
              ? `503 retry-after=${retry}`
              : response.status < 300
                ? 'written'
                : `${response.status}: ${body}`,
          );
          if (response.status === 503) await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      const writers = Promise.all([1, 2, 3, 4].map(writer));
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

      for (let round = 0; round < 3; round++) {
        await pause(700);
        await postgres.restart();
      }
      await pause(700);
      await postgres.halt();
      await pause(1_500);
      await postgres.start();
      await pause(1_500);
      writing = false;
      await writers;

      expect(server.child.exitCode, 'the server process exited').toBeNull();
      expect(new Set(answers)).toEqual(new Set(['written', `503 retry-after=${retryAfter}`]));
      const after = acknowledged.length;
      await eventually(
        () =>
          fetch(`${server.url}/api/v1/projects/${project.id}/tasks`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ title: 'after the load' }),
          }),
        201,
      );
      expect(after).toBeGreaterThan(0);

      const stored = new Set(await taskIdsOf(databaseUrl, project.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      const lines = server.output().split('\n');
      expect(lines.filter((line) => failures.test(line) || secrets.test(line))).toEqual([]);
    } finally {
      await server.stop();
    }
  }, 90_000);
});

async function signUp(url: string): Promise<{ accessToken: string }> {
  const response = await fetch(`${url}/api/v1/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `load-${randomUUID()}@example.com`,
      password: `pw-${randomUUID()}`,
      name: 'Load',
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { accessToken: string };
}

/** What PostgreSQL holds, read without the server. */
async function taskIdsOf(databaseUrl: string, projectId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('select id from tasks where project_id = $1', [
      projectId,
    ]);
    return rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

/** The calls of `procedure` the usage counters hold for a user, read without the server. */
async function callsCounted(databaseUrl: string, userId: string, procedure: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ calls: string | null }>(
      'select sum(calls) as calls from usage_counters where user_id = $1 and procedure = $2',
      [userId, procedure],
    );
    return Number(rows[0]?.calls ?? 0);
  } finally {
    await client.end();
  }
}
