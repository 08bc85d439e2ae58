import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passwordVerifications } from '../src/security/passwords.ts';
import { expectApiError } from './support/api-error.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const basic = (email: string, password: string) =>
  `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

// A fresh server per test: the log-in throttle counts failures per process.
let server: TestServer;
beforeEach(async () => {
  server = await startTestServer('pglite');
});
afterEach(() => server.close());

describe('HTTP Basic', () => {
  const me = (authorization: string) => fetch(`${server.url}/trpc/auth.me`, { headers: { authorization } });

  it('lets a script call with email:password, as curl -u does', async () => {
    const { email, password, user } = await server.signUp('Curl');
    const response = await me(basic(email.toUpperCase(), password));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ result: { data: { json: { id: user.id } } } });
  });

  it('pays for one argon2 verification, then none while the pair is remembered', async () => {
    const { email, password } = await server.signUp('Busy');
    const before = passwordVerifications.count;
    for (let i = 0; i < 5; i++) expect((await me(basic(email, password))).status).toBe(200);
    expect(passwordVerifications.count - before).toBe(1);
    // A wrong password is never served from that memory.
    expect((await me(basic(email, `${password}!`))).status).toBe(401);
    expect(passwordVerifications.count - before).toBe(2);
  });

  it('verifies the pair again once its user is evicted from the credential cache', async () => {
    const { email, password, user } = await server.signUp('Evicted');
    const before = passwordVerifications.count;
    expect((await me(basic(email, password))).status).toBe(200);
    expect((await me(basic(email, password))).status).toBe(200);
    expect(passwordVerifications.count - before).toBe(1);
    server.running.services.revocations.announce(`user:${user.id}`);
    expect((await me(basic(email, password))).status).toBe(200);
    expect(passwordVerifications.count - before).toBe(2);
  });

  it('checks the credential of a batched request once, however many calls it holds', async () => {
    const { email, password } = await server.signUp('Batch');
    const batch = (pair: string) =>
      fetch(`${server.url}/trpc/${Array(50).fill('auth.me').join(',')}?batch=1&input=%7B%7D`, {
        headers: { authorization: pair },
      });
    let before = passwordVerifications.count;
    expect((await batch(basic(email, 'wrong'))).status).toBe(401);
    expect(passwordVerifications.count - before).toBe(1);
    before = passwordVerifications.count;
    expect((await batch(basic(email, password))).status).toBe(200);
    expect(passwordVerifications.count - before).toBe(1);
  });

  it('refuses a wrong password with 401 and a Basic challenge', async () => {
    const { email } = await server.signUp('Wrong');
    const response = await me(basic(email, 'not the password'));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="charter", charset="UTF-8"');
    expect(JSON.stringify(await response.json())).toContain('The email or password is incorrect.');
  });

  it('challenges a request without credentials with every scheme it accepts', async () => {
    const response = await fetch(`${server.url}/trpc/auth.me`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="charter", Basic realm="charter", charset="UTF-8"',
    );
  });
});

describe('password guessing', () => {
  it('refuses an account after 10 failures, even with the right password, until the window passes', async () => {
    const { email, password } = await server.signUp('Target');
    for (let i = 0; i < 10; i++) {
      await expectApiError(server.client().auth.logIn.mutate({ email, password: `guess-${i}` }), {
        appCode: 'INVALID_CREDENTIALS',
      });
    }
    const refused = await expectApiError(server.client().auth.logIn.mutate({ email, password }), {
      appCode: 'TOO_MANY_REQUESTS',
      httpStatus: 429,
    });
    const retryAfter = Number(
      refused.meta?.response instanceof Response ? refused.meta.response.headers.get('retry-after') : NaN,
    );
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // HTTP Basic shares the count: guessing cannot move there.
    expect(
      (await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: basic(email, password) } }))
        .status,
    ).toBe(429);
  });

  it('cannot be overrun by concurrent guesses', async () => {
    const { email } = await server.signUp('Rushed');
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        server
          .client()
          .auth.logIn.mutate({ email, password: `rush-${i}` })
          .catch((error: { data?: { appCode?: string } }) => error.data?.appCode),
      ),
    );
    expect(guesses.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(10);
    expect(guesses.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(30);
  });

  it('answers for an email without an account exactly as for one with an account', async () => {
    const { email } = await server.signUp('Real');
    const ghost = 'ghost-nobody@example.com';
    const answers = async (address: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 11; i++) {
        const response = await fetch(`${server.url}/trpc/auth.logIn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ json: { email: address, password: `wrong-${i}` } }),
        });
        const body = (await response.json()) as {
          error: { json: { message: string; data: { appCode: string } } };
        };
        seen.push(`${response.status} ${body.error.json.data.appCode} ${body.error.json.message}`);
      }
      return seen;
    };
    expect(await answers(ghost)).toEqual(await answers(email));
  });

  it('counts failures from one address across accounts', async () => {
    const refusedAt = async () => {
      for (let i = 0; i < 120; i++) {
        const response = await fetch(`${server.url}/trpc/auth.logIn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ json: { email: `spray-${i}@example.com`, password: 'spray' } }),
        });
        if (response.status === 429) return i;
      }
      return -1;
    };
    expect(await refusedAt()).toBe(100);
  });
});

describe('password guessing behind a proxy, from many addresses', () => {
  let proxied: TestServer;
  beforeEach(async () => {
    proxied = await startTestServer('pglite', { env: { TRUST_PROXY_HOPS: '1' } });
  });
  afterEach(() => proxied.close());

  const logInFrom = (address: string, email: string, password: string) =>
    fetch(`${proxied.url}/trpc/auth.logIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ json: { email, password } }),
    });

  it("does not let a stranger's failures lock the owner out", async () => {
    const { email, password } = await proxied.signUp('Owner');
    for (let i = 0; i < 10; i++)
      expect((await logInFrom('203.0.113.7', email, `guess-${i}`)).status).toBe(401);
    expect((await logInFrom('203.0.113.7', email, password)).status).toBe(429);
    expect((await logInFrom('198.51.100.2', email, password)).status).toBe(200);
  });

  it('closes an email to everyone after 100 failures, however many addresses they came from', async () => {
    const { email, password } = await proxied.signUp('Besieged');
    for (let address = 0; address < 10; address++) {
      for (let i = 0; i < 10; i++)
        expect((await logInFrom(`203.0.113.${address}`, email, `guess-${i}`)).status).toBe(401);
    }
    expect((await logInFrom('198.51.100.2', email, password)).status).toBe(429);
  });
});
