import * as oauth from 'oauth4webapi';
import { beforeAll, expect, it } from 'vitest';
import { apiError } from './support/api-error.ts';
import { SimulatedBrowser } from './support/browser-simulation.ts';
import { describeOnEachDatabase } from './support/each-database.ts';
import type { SignedUp } from './support/test-server.ts';

const redirectUri = 'http://127.0.0.1:8765/callback';
const nul = '\0';

// PostgreSQL refuses U+0000 in text and jsonb: every OAuth parameter holding one must be an OAuth
// error (or a page saying what went wrong), never a 500 from the database (issue 14).
describeOnEachDatabase('hostile strings in OAuth parameters', (server) => {
  let owner: SignedUp;
  let confidential: { clientId: string; secret: string };
  let publicClientId: string;

  beforeAll(async () => {
    owner = await server().signUp('Hostile input');
    const create = (isConfidential: boolean) =>
      owner.client.oauthApps.create.mutate({
        name: 'Target',
        redirectUris: [redirectUri],
        confidential: isConfidential,
        scopes: ['projects:read'],
      });
    const created = await create(true);
    confidential = { clientId: created.clientId, secret: created.clientSecret ?? '' };
    publicClientId = (await create(false)).clientId;
  });

  const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;
  async function post(path: string, form: Record<string, string>, authorization?: string) {
    const response = await fetch(`${server().url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(authorization ? { authorization } : {}),
      },
      body: new URLSearchParams(form).toString(),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  }
  const asConfidential = () => basic(confidential.clientId, confidential.secret);

  it('refuses a client_id holding a NUL as an unknown client, in the body or in Basic credentials', async () => {
    const inBody = await post('/oauth/token', {
      grant_type: 'authorization_code',
      client_id: `cha_${nul}`,
      code: 'x',
      redirect_uri: redirectUri,
      code_verifier: oauth.generateRandomCodeVerifier(),
    });
    expect(inBody).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const inBasic = await post(
      '/oauth/token',
      { grant_type: 'client_credentials' },
      basic(`cha_${nul}`, 'x'),
    );
    // The authorization server itself refuses such Basic credentials as malformed.
    expect(inBasic).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('refuses a code or refresh token holding a NUL as an invalid grant', async () => {
    const code = await post(
      '/oauth/token',
      {
        grant_type: 'authorization_code',
        code: `co${nul}de`,
        redirect_uri: redirectUri,
        code_verifier: oauth.generateRandomCodeVerifier(),
      },
      asConfidential(),
    );
    expect(code).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const refresh = await post(
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: `re${nul}fresh` },
      asConfidential(),
    );
    expect(refresh).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a scope or resource holding a NUL in a client-credentials request', async () => {
    const scope = await post(
      '/oauth/token',
      { grant_type: 'client_credentials', scope: `projects:read${nul}` },
      asConfidential(),
    );
    expect(scope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    const resource = await post(
      '/oauth/token',
      { grant_type: 'client_credentials', scope: 'projects:read', resource: `${server().url}/api${nul}` },
      asConfidential(),
    );
    expect(resource.status).toBe(400);
    expect(resource.body).toHaveProperty('error');
  });

  it('refuses to register an app whose name or redirect URI holds a NUL', async () => {
    for (const input of [
      { name: `Tar${nul}get`, redirectUris: [redirectUri] },
      { name: 'Target', redirectUris: [`${redirectUri}${nul}`] },
    ]) {
      const refused = await apiError(
        owner.client.oauthApps.create.mutate({ ...input, confidential: false, scopes: ['projects:read'] }),
      );
      expect(refused.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    }
  });

  it('answers introspection and revocation of a token holding a NUL as of any unknown token', async () => {
    const introspected = await post('/oauth/introspect', { token: `to${nul}ken` }, asConfidential());
    expect(introspected).toEqual({ status: 200, body: { active: false } });
    const revoked = await post('/oauth/revoke', { token: `to${nul}ken` }, asConfidential());
    expect(revoked.status).toBe(200);
  });

  it('refuses an authorization request whose parameters hold a NUL, without a 500', async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const valid = {
      client_id: publicClientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'projects:read',
      state: 'state',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    };
    for (const name of Object.keys(valid)) {
      const url = new URL('/oauth/authorize', server().url);
      for (const [key, value] of Object.entries(valid))
        url.searchParams.set(key, key === name ? `${value}${nul}` : value);
      const response = await fetch(url, { redirect: 'manual' });
      expect(response.status, name).toBeLessThan(500);
      const location = response.headers.get('location');
      // Either an error page here, or the error sent back to the app, never the log-in page.
      if (location?.startsWith(redirectUri))
        expect(new URL(location).searchParams.get('error'), name).toBeTruthy();
      else expect(response.status, name).toBe(400);
    }
  });

  it('refuses an interaction id holding a NUL with the expired-sign-in page', async () => {
    const page = await fetch(`${server().url}/oauth/interaction/${encodeURIComponent(`x${nul}`)}`);
    expect(page.status).toBe(400);
    const login = await post(`/oauth/interaction/${encodeURIComponent(`x${nul}`)}/login`, {
      email: owner.email,
      password: owner.password,
    });
    expect(login.status).toBe(400);
  });

  it('answers an email holding a NUL on the log-in page as a wrong email or password', async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const start = new URL('/oauth/authorize', server().url);
    for (const [key, value] of Object.entries({
      client_id: publicClientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'projects:read',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }))
      start.searchParams.set(key, value);
    const browser = new SimulatedBrowser({ email: `${nul}${owner.email}`, password: owner.password });
    await expect(browser.authorize(start.href, redirectUri)).rejects.toThrow(/answered 401 at/);
  });

  it('refuses an OAuth app client id holding a NUL in a path, on REST and tRPC alike', async () => {
    const rest = await fetch(`${server().url}/api/v1/oauth-apps/${encodeURIComponent(`cha_${nul}`)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    expect([400, 404]).toContain(rest.status);
    const refused = await apiError(owner.client.oauthApps.delete.mutate({ clientId: `cha_${nul}` }));
    expect(['BAD_REQUEST', 'NOT_FOUND']).toContain(refused.data?.code);
  });

  it('wrote no database failure to the log', () => {
    expect(server().logs.filter((line) => line.includes('"level":50'))).toEqual([]);
  });
});
