import { createClient } from '@charter/client';
import type { Session } from '@charter/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from './support/api-error.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('@charter/client credentials', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { env: { ACCESS_TOKEN_TTL_SECONDS: '120' } });
  });
  afterAll(() => server.close());

  /** Every request the client sends, with the credential it carried. */
  function recordingFetch() {
    const seen: { path: string; authorization: string | null }[] = [];
    const fetchFn: typeof fetch = async (input, init) => {
      seen.push({
        path: new URL(String(input)).pathname,
        authorization: new Headers(init?.headers).get('authorization'),
      });
      return fetch(input, init);
    };
    return { seen, fetchFn };
  }

  it('calls with an API key', async () => {
    const { client, user } = await server.signUp('Keyed');
    const { key } = await client.apiKeys.create.mutate({ name: 'script', scopes: ['account:read'] });
    expect((await createClient({ url: server.url, auth: { apiKey: key } }).auth.me.query()).id).toBe(user.id);
  });

  it('logs in with username and password on first use, then reuses the session', async () => {
    const { email, password, user } = await server.signUp('Lazy');
    const { seen, fetchFn } = recordingFetch();
    const client = createClient({ url: server.url, auth: { username: email, password }, fetch: fetchFn });
    expect(seen).toEqual([]);
    expect((await client.auth.me.query()).id).toBe(user.id);
    await client.projects.list.query();
    expect(seen.map((request) => request.path)).toEqual([
      '/trpc/auth.logIn',
      '/trpc/auth.me',
      '/trpc/projects.list',
    ]);
    expect(seen[1]?.authorization).toBe(seen[2]?.authorization);
  });

  it('refreshes shortly before the access token expires', async () => {
    const { email, password } = await server.signUp('Fresh');
    let now = Date.now();
    const sessions: Session[] = [];
    const { seen, fetchFn } = recordingFetch();
    const client = createClient({
      url: server.url,
      auth: { username: email, password, onSession: (session) => sessions.push(session) },
      fetch: fetchFn,
      now: () => now,
    });
    await client.auth.me.query();
    now += 95_000; // 25 s of the 120 s token left: inside the 30 s margin
    await client.auth.me.query();
    expect(seen.map((request) => request.path)).toEqual([
      '/trpc/auth.logIn',
      '/trpc/auth.me',
      '/trpc/auth.refresh',
      '/trpc/auth.me',
    ]);
    expect(sessions).toHaveLength(2);
    expect(seen[3]?.authorization).toBe(`Bearer ${sessions[1]?.accessToken}`);
  });

  it('after a 401 (the session was ended elsewhere) logs in again and retries once', async () => {
    const { email, password } = await server.signUp('Evicted');
    const sessions: Session[] = [];
    const { seen, fetchFn } = recordingFetch();
    const client = createClient({
      url: server.url,
      auth: { username: email, password, onSession: (session) => sessions.push(session) },
      fetch: fetchFn,
    });
    await client.auth.me.query();
    await server.client().auth.logOut.mutate({ refreshToken: sessions[0]?.refreshToken as string });

    expect((await client.auth.me.query()).email).toBe(email);
    expect(seen.map((request) => request.path)).toEqual([
      '/trpc/auth.logIn',
      '/trpc/auth.me',
      '/trpc/auth.me', // refused: the session is over
      '/trpc/auth.refresh', // refused too
      '/trpc/auth.logIn',
      '/trpc/auth.me',
    ]);
  });

  it('reports a wrong password instead of retrying forever', async () => {
    const { email } = await server.signUp('Forgetful');
    const client = createClient({ url: server.url, auth: { username: email, password: 'not it' } });
    await expectApiError(client.auth.me.query(), { appCode: 'INVALID_CREDENTIALS' });
  });
});
