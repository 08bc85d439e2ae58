import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from './support/api-error.ts';
import { describeOnEachDatabase } from './support/each-database.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describeOnEachDatabase('log-in sessions', (server) => {
  async function logInAsNewUser() {
    const { email, password } = await server().signUp('Session');
    return server().client().auth.logIn.mutate({ email, password });
  }

  it('hands out an access token and a refresh token that lasts longer', async () => {
    const { email, password } = await server().signUp('Sam');
    const session = await server().client().auth.logIn.mutate({ email, password });
    expect(session.refreshToken).toMatch(/^chr_[A-Za-z0-9_-]{43}$/);
    expect(session.refreshTokenExpiresAt.getTime()).toBeGreaterThan(session.expiresAt.getTime());
  });

  it('trades a refresh token once for a new pair; the old one then fails', async () => {
    const first = await logInAsNewUser();
    const second = await server().client().auth.refresh.mutate({ refreshToken: first.refreshToken });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshTokenExpiresAt).toEqual(first.refreshTokenExpiresAt); // refreshing never extends a session
    expect((await server().client(second.accessToken).auth.me.query()).id).toBe(second.user.id);
  });

  it('revokes the whole session when a refresh token is used twice', async () => {
    const first = await logInAsNewUser();
    const second = await server().client().auth.refresh.mutate({ refreshToken: first.refreshToken });

    await expectApiError(server().client().auth.refresh.mutate({ refreshToken: first.refreshToken }), {
      appCode: 'INVALID_REFRESH_TOKEN',
      httpStatus: 401,
    });
    // The legitimate holder is logged out too: whoever replayed the token gets nothing more.
    await expectApiError(server().client().auth.refresh.mutate({ refreshToken: second.refreshToken }), {
      appCode: 'INVALID_REFRESH_TOKEN',
    });
    await expectApiError(server().client(second.accessToken).auth.me.query(), {
      appCode: 'UNAUTHORIZED',
      message: 'The session has ended; log in again.',
    });
  });

  it('logs out: the refresh token and every access token of the session stop at once', async () => {
    const { email, password } = await server().signUp('Twice');
    const session = await server().client().auth.logIn.mutate({ email, password });
    const other = await server().client().auth.logIn.mutate({ email, password });
    expect(await server().client().auth.logOut.mutate({ refreshToken: session.refreshToken })).toEqual({
      loggedOut: true,
    });
    await expectApiError(server().client(session.accessToken).auth.me.query(), { httpStatus: 401 });
    await expectApiError(server().client().auth.refresh.mutate({ refreshToken: session.refreshToken }), {
      appCode: 'INVALID_REFRESH_TOKEN',
    });
    // Another log-in of the same user goes on.
    expect((await server().client(other.accessToken).auth.me.query()).id).toBe(session.user.id);
  });

  it('answers a log-out with an unknown token like any other, revealing nothing', async () => {
    expect(
      await server()
        .client()
        .auth.logOut.mutate({ refreshToken: `chr_${'x'.repeat(43)}` }),
    ).toEqual({ loggedOut: true });
    expect(await server().client().auth.logOut.mutate({ refreshToken: 'not-even-a-token' })).toEqual({
      loggedOut: true,
    });
  });

  it('refuses a made-up refresh token', async () => {
    await expectApiError(
      server()
        .client()
        .auth.refresh.mutate({ refreshToken: `chr_${'y'.repeat(43)}` }),
      {
        appCode: 'INVALID_REFRESH_TOKEN',
      },
    );
  });

  it('stores refresh tokens only as hashes', async () => {
    const session = await logInAsNewUser();
    const rows = await server()
      .running.services.db.selectFrom('refresh_tokens')
      .select('token_hash')
      .execute();
    expect(rows.some((row) => row.token_hash.includes(session.refreshToken.slice(4, 20)))).toBe(false);
    expect(JSON.stringify(rows)).not.toContain(session.refreshToken);
  });

  it('publishes the keys that verify its access tokens at /.well-known/jwks.json', async () => {
    const session = await logInAsNewUser();
    const response = await fetch(`${server().url}/.well-known/jwks.json`);
    const jwks = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) expect(Object.keys(key)).not.toContain('d'); // no private part, ever
    const { payload } = await jwtVerify(session.accessToken, createLocalJWKSet(jwks as never), {
      algorithms: ['ES256'],
    });
    expect(payload.sub).toBe(session.user.id);
  });
});

describe('session lifetime', () => {
  let now = new Date();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { now: () => now, env: { SESSION_TTL_SECONDS: '3600' } });
  });
  afterAll(() => server.close());

  it('ends a session at its lifetime, however often it was refreshed', async () => {
    now = new Date();
    const { email, password } = await server.signUp('Mortal');
    let session = await server.client().auth.logIn.mutate({ email, password });
    for (let i = 0; i < 3; i++) {
      now = new Date(now.getTime() + 10 * 60_000);
      session = await server.client().auth.refresh.mutate({ refreshToken: session.refreshToken });
    }
    now = new Date(now.getTime() + 31 * 60_000); // 61 minutes after log-in
    await expectApiError(server.client().auth.refresh.mutate({ refreshToken: session.refreshToken }), {
      appCode: 'INVALID_REFRESH_TOKEN',
    });
  });
});
