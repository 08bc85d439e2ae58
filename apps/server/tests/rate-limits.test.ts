import { createClient, type RateLimitBudget } from '@charter/client';
import { contract } from '@charter/contract';
import { parseRateLimitHeaders } from '@charter/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from './support/api-error.ts';
import { budgets, type SignedUp, startTestServer, type TestServer } from './support/test-server.ts';

const { meta } = contract.procedures.projects.create;

interface ErrorPayload {
  error: { json: { message: string; data: Record<string, unknown> } };
}

/** A tRPC call over plain HTTP, to read the status and headers the typed client hides. */
async function call(server: TestServer, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(`${server.url}/trpc/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify({ json: body }) }),
  });
  const payload = (await response.json()) as ErrorPayload;
  return { response, budgets: parseRateLimitHeaders(response.headers), payload };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const budgetNamed = (all: RateLimitBudget[], name: string) => all.find((budget) => budget.name === name);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limits per principal and procedure cost', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer('pglite', {
      env: { RATE_LIMITS: budgets({ default: '20/60s', anonymous: '30/60s' }), TRUST_PROXY_HOPS: '1' },
    });
  });
  afterAll(() => server.close());

  it('charges each call its procedure cost and counts the RateLimit header down', async () => {
    const me = await server.signUp('Counter');
    const first = await call(server, 'auth.me', bearer(me.accessToken));
    expect(first.response.headers.get('RateLimit-Policy')).toBe('"default";q=20;w=60');
    expect(first.budgets).toEqual([
      { name: 'default', limit: 20, windowSeconds: 60, remaining: 19, resetSeconds: expect.any(Number) },
    ]);
    expect(first.budgets[0]?.resetSeconds).toBeGreaterThan(55);

    const created = await call(server, 'projects.create', bearer(me.accessToken), { name: 'Costly' });
    expect(created.response.status).toBe(200);
    expect(meta.cost).toBeGreaterThan(1);
    expect(created.budgets[0]?.remaining).toBe(19 - meta.cost);

    const again = await call(server, 'auth.me', bearer(me.accessToken));
    expect(again.budgets[0]?.remaining).toBe(18 - meta.cost);
  });

  it('refuses a call past the budget with 429, Retry-After and the retry time in the error data', async () => {
    const me = await server.signUp('Spender');
    for (let spent = 0; spent < 20; spent += 1) await me.client.auth.me.query();

    const refused = await call(server, 'auth.me', bearer(me.accessToken));
    expect(refused.response.status).toBe(429);
    const retryAfter = Number(refused.response.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.budgets).toEqual([
      { name: 'default', limit: 20, windowSeconds: 60, remaining: 0, resetSeconds: retryAfter },
    ]);
    expect(refused.payload.error.json).toMatchObject({
      message: `Rate limit reached (default); retry in ${retryAfter} s.`,
      data: { appCode: 'TOO_MANY_REQUESTS', httpStatus: 429, retryAfterSeconds: retryAfter },
    });

    // The typed client sees the same, once its retries are off; its call comes later, so on a slow
    // machine the window may have moved on by a second.
    const noRetry = createClient({ url: server.url, auth: { accessToken: me.accessToken }, retry: false });
    const again = await expectApiError(noRetry.auth.me.query(), { appCode: 'TOO_MANY_REQUESTS' });
    expect(again.data?.retryAfterSeconds).toBeOneOf([retryAfter, retryAfter - 1]);
  });

  it('keeps budgets apart: each user, each API key, each client address', async () => {
    const spender = await server.signUp('Exhausted');
    const bystander = await server.signUp('Bystander');
    const { key } = await spender.client.apiKeys.create.mutate({
      name: 'own budget',
      scopes: ['account:read'],
    });
    for (let spent = 0; spent < 20 - contract.procedures.apiKeys.create.meta.cost; spent += 1) {
      await spender.client.auth.me.query();
    }
    expect((await call(server, 'auth.me', bearer(spender.accessToken))).response.status).toBe(429);

    expect((await call(server, 'auth.me', bearer(bystander.accessToken))).budgets[0]?.remaining).toBe(19);
    expect((await call(server, 'auth.me', { 'x-api-key': key })).budgets[0]?.remaining).toBe(19);

    // Anonymous callers are counted per address (here through a trusted proxy's X-Forwarded-For).
    const fromA = { 'x-forwarded-for': '203.0.113.10' };
    const fromB = { 'x-forwarded-for': '203.0.113.11' };
    for (let spent = 0; spent < 30; spent += 1) await call(server, 'auth.me', fromA);
    const anonymousRefused = await call(server, 'auth.me', fromA);
    expect(anonymousRefused.response.status).toBe(429);
    expect(anonymousRefused.budgets[0]).toMatchObject({ name: 'anonymous', limit: 30, remaining: 0 });
    const elsewhere = await call(server, 'auth.me', fromB);
    expect(elsewhere.response.status).toBe(401); // charged, then refused for having no credential
    expect(elsewhere.budgets[0]).toMatchObject({ name: 'anonymous', remaining: 29 });
  });

  it('charges every call of a batch, and refuses only the calls past the budget', async () => {
    const me = await server.signUp('Batcher');
    for (let spent = 0; spent < 17; spent += 1) await me.client.auth.me.query();
    const batch = await call(
      server,
      `${Array(5).fill('auth.me').join(',')}?batch=1&input=%7B%7D`,
      bearer(me.accessToken),
    );
    const outcomes = (
      batch.payload as unknown as { result?: unknown; error?: { json: { data: { appCode: string } } } }[]
    ).map((item) => (item.result ? 'ok' : item.error?.json.data.appCode));
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
    expect(batch.response.status).toBe(207);
    expect(batch.budgets[0]).toMatchObject({ name: 'default', remaining: 0 });

    // The typed client batches the same way and gets one answer per call.
    const other = await server.signUp('Batcher 2');
    for (let spent = 0; spent < 18; spent += 1) await other.client.auth.me.query();
    const noRetry = createClient({ url: server.url, auth: { accessToken: other.accessToken }, retry: false });
    const settled = await Promise.allSettled([
      noRetry.auth.me.query(),
      noRetry.auth.me.query(),
      noRetry.auth.me.query(),
    ]);
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  });

  it('sizes a budget by the caller plan, and an API key may carry a smaller plan than its owner', async () => {
    const me = await server.signUp('Planner');
    await server.running.services.db
      .updateTable('users')
      .set({ plan: 'elevated' })
      .where('id', '=', me.user.id)
      .execute();
    // The plan is read when the credential is checked, so the next call already has the larger budget.
    const elevated = await call(server, 'auth.me', bearer(me.accessToken));
    expect(elevated.budgets[0]).toMatchObject({ name: 'elevated', limit: 1_000_000 });

    const { key, apiKey } = await me.client.apiKeys.create.mutate({
      name: 'capped',
      scopes: ['account:read'],
      plan: 'default',
    });
    expect(apiKey.plan).toBe('default');
    expect((await call(server, 'auth.me', { 'x-api-key': key })).budgets[0]).toMatchObject({
      name: 'default',
      limit: 20,
    });

    const plain = await server.signUp('Ordinary');
    await expectApiError(
      plain.client.apiKeys.create.mutate({ name: 'greedy', scopes: ['account:read'], plan: 'elevated' }),
      { appCode: 'FORBIDDEN', message: "A key's plan cannot be larger than yours (default)." },
    );
    expect(await plain.client.apiKeys.list.query()).toEqual([]);
  });

  // Starts a server of its own inside the test: as long as a beforeAll may take, under CI's load.
  it('starts a fresh budget when the window ends', { timeout: 60_000 }, async () => {
    const quick = await startTestServer('pglite', { env: { RATE_LIMITS: budgets({ default: '3/1s' }) } });
    try {
      const me = await quick.signUp('Patient');
      const batch = await call(
        quick,
        `${Array(4).fill('auth.me').join(',')}?batch=1&input=%7B%7D`,
        bearer(me.accessToken),
      );
      expect(batch.response.status).toBe(207);
      expect(batch.budgets[0]).toMatchObject({ limit: 3, windowSeconds: 1, remaining: 0, resetSeconds: 1 });
      await sleep(1_100);
      const fresh = await call(quick, 'auth.me', bearer(me.accessToken));
      expect(fresh.response.status).toBe(200);
      expect(fresh.budgets[0]).toMatchObject({ limit: 3, remaining: 2 });
    } finally {
      await quick.close();
    }
  });
});

describe('the strict budget of log-in, sign-up and token endpoints', () => {
  let server: TestServer;
  let member: SignedUp;

  beforeAll(async () => {
    server = await startTestServer('pglite', {
      env: { RATE_LIMITS: budgets({ auth: '4/60s' }), TRUST_PROXY_HOPS: '1' },
    });
    member = await server.signUp('Member'); // one auth point from 127.0.0.1
  });
  afterAll(() => server.close());

  it('counts log-ins per address on top of the caller budget, and refuses past it', async () => {
    const from = { 'x-forwarded-for': '198.51.100.7' };
    const logIn = () => call(server, 'auth.logIn', from, { email: member.email, password: member.password });
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const { response, budgets: reported } = await logIn();
      expect(response.status).toBe(200);
      expect(budgetNamed(reported, 'auth')).toMatchObject({ limit: 4, remaining: 4 - attempt });
      expect(budgetNamed(reported, 'anonymous')).toMatchObject({ limit: 1_000_000 });
    }
    const refused = await logIn();
    expect(refused.response.status).toBe(429);
    expect(refused.payload.error.json.data).toMatchObject({ appCode: 'TOO_MANY_REQUESTS' });
    expect(refused.response.headers.get('Retry-After')).toMatch(/^\d+$/);

    // Another address still gets in; sign-up draws from the same budget.
    const elsewhere = await call(
      server,
      'auth.signUp',
      { 'x-forwarded-for': '198.51.100.8' },
      {
        email: 'elsewhere@example.com',
        password: 'long enough password',
        name: 'Elsewhere',
      },
    );
    expect(elsewhere.response.status).toBe(200);
    expect(budgetNamed(elsewhere.budgets, 'auth')).toMatchObject({ remaining: 3 });
  });

  it('holds the OAuth token, revocation and introspection endpoints to the same budget', async () => {
    const from = { 'x-forwarded-for': '198.51.100.9' };
    const post = (endpoint: string) =>
      fetch(`${server.url}/oauth/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...from },
        body: 'grant_type=client_credentials&client_id=cha_nobody&client_secret=guess',
      });
    for (const endpoint of ['token', 'revoke', 'introspect', 'token']) {
      const response = await post(endpoint);
      expect(response.status).toBe(401); // an unknown client, counted all the same
      expect(response.headers.get('RateLimit-Policy')).toBe('"auth";q=4;w=60');
    }
    const refused = await post('token');
    expect(refused.status).toBe(429);
    // An OAuth error (RFC 6749 §5.2), which is what OAuth clients read there (tests/oauth-throttle.test.ts).
    expect(refused.headers.get('content-type')).toContain('application/json');
    expect(refused.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ error: 'temporarily_unavailable' });
  });
});

describe('the client and rate limits', () => {
  let server: TestServer;
  let me: SignedUp;

  beforeAll(async () => {
    server = await startTestServer('pglite', { env: { RATE_LIMITS: budgets({ default: '2/1s' }) } });
    me = await server.signUp('Client');
  });
  afterAll(() => server.close());

  const spendBudget = async () => {
    const noRetry = createClient({ url: server.url, auth: { accessToken: me.accessToken }, retry: false });
    for (;;) {
      const refused = await noRetry.auth.me.query().then(
        () => false,
        () => true,
      );
      if (refused) return;
    }
  };

  it('waits out Retry-After and retries a refused query', async () => {
    const seen: RateLimitBudget[][] = [];
    const client = createClient({
      url: server.url,
      auth: { accessToken: me.accessToken },
      onRateLimit: (reported) => seen.push(reported),
    });
    await spendBudget();
    const started = Date.now();
    expect((await client.auth.me.query()).id).toBe(me.user.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    // It saw the refusal's budget (nothing left), then the fresh window's.
    expect(seen.at(-2)?.[0]).toMatchObject({ name: 'default', remaining: 0 });
    expect(seen.at(-1)?.[0]).toMatchObject({ name: 'default', limit: 2, remaining: 1 });
  });

  it('retries a refused mutation only if it takes an Idempotency-Key, so it happens once', async () => {
    await spendBudget();
    // projects.create takes a key: the client waits out the refusal and retries with the same key.
    const project = await me.client.projects.create.mutate({ name: 'Once' });
    const { items } = await me.client.projects.list.query({});
    expect(items.filter((item) => item.name === 'Once').map((item) => item.id)).toEqual([project.id]);
    // apiKeys.create takes none (its answer is a secret): refused at once, never retried.
    await spendBudget();
    const started = Date.now();
    await expectApiError(me.client.apiKeys.create.mutate({ name: 'Never', scopes: ['projects:read'] }), {
      appCode: 'TOO_MANY_REQUESTS',
    });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('gives up after its retries, or at once when the wait is longer than it will wait', async () => {
    const client = createClient({
      url: server.url,
      auth: { accessToken: me.accessToken },
      retry: { maxRetries: 2, maxWaitSeconds: 0 },
    });
    await spendBudget();
    const started = Date.now();
    await expectApiError(client.auth.me.query(), { appCode: 'TOO_MANY_REQUESTS' });
    expect(Date.now() - started).toBeLessThan(500);
  });
});
