import { createClient } from '@charter/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('secrets never reach the logs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { env: { LOG_LEVEL: 'trace' } });
  });
  afterAll(() => server.close());

  it('leaves no password, token, refresh token, API key or Basic credential in any log line', async () => {
    const { email, password, client } = await server.signUp('Secretive');
    const session = await server.client().auth.logIn.mutate({ email, password });
    const refreshed = await server.client().auth.refresh.mutate({ refreshToken: session.refreshToken });
    const { key } = await client.apiKeys.create.mutate({ name: 'logged?', scopes: ['account:read'] });
    const basic = Buffer.from(`${email}:${password}`).toString('base64');

    await createClient({ url: server.url, auth: { apiKey: key } }).auth.me.query();
    await fetch(`${server.url}/trpc/auth.me`, { headers: { 'x-api-key': key } });
    await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Basic ${basic}` } });
    await fetch(`${server.url}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${refreshed.accessToken}x` },
    }); // refused
    await server
      .client()
      .auth.logIn.mutate({ email, password: `${password}-wrong` })
      .catch(() => undefined);
    await server.client().auth.logOut.mutate({ refreshToken: refreshed.refreshToken });

    const logs = server.logs.join('');
    expect(logs).toContain('/trpc/auth.me'); // the requests were logged...
    for (const secret of [
      password,
      session.accessToken,
      session.refreshToken,
      refreshed.accessToken,
      refreshed.refreshToken,
      key,
      basic,
    ]) {
      expect(logs).not.toContain(secret); // ...their credentials were not
    }
    expect(logs).toContain('[redacted]');
  });
});
