import { request as httpRequest } from 'node:http';
import { createClient } from '@charter/client';
import { delegableScopeNames, type Scope } from '@charter/contract';
import * as oauth from 'oauth4webapi';
import { beforeAll, expect, it } from 'vitest';
import { expectApiError } from './support/api-error.ts';
import { SimulatedBrowser } from './support/browser-simulation.ts';
import { describeOnEachDatabase } from './support/each-database.ts';
import type { SignedUp } from './support/test-server.ts';

// oauth4webapi is an independent OAuth 2.0 client (not ours); http is fine on 127.0.0.1.
const insecure = { [oauth.allowInsecureRequests]: true };
const redirectUri = 'http://127.0.0.1:8765/callback';

/** The OAuth error code a failed request ended with. */
async function oauthError(request: Promise<unknown>): Promise<string | undefined> {
  try {
    await request;
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) return error.error;
    if (error instanceof oauth.AuthorizationResponseError) return error.error;
    if (error instanceof oauth.WWWAuthenticateChallengeError) return error.cause[0]?.parameters.error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describeOnEachDatabase('OAuth 2.0 authorization server', (server) => {
  let as: oauth.AuthorizationServer;
  let owner: SignedUp;

  beforeAll(async () => {
    const issuer = new URL(server().url);
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
    owner = await server().signUp('Developer');
  });

  async function registerApp(
    confidential: boolean,
    scopes: Scope[] = ['account:read', 'projects:read', 'tasks:read'],
  ) {
    const created = await owner.client.oauthApps.create.mutate({
      name: 'Test app',
      redirectUris: [redirectUri],
      confidential,
      scopes,
    });
    const client: oauth.Client = { client_id: created.clientId };
    const auth = created.clientSecret ? oauth.ClientSecretBasic(created.clientSecret) : oauth.None();
    return { created, client, auth };
  }

  /** The authorization-code flow with PKCE, as the app and the user's browser run it. */
  async function authorizationCodeFlow(
    app: Awaited<ReturnType<typeof registerApp>>,
    scope: string,
    user: SignedUp = owner,
  ) {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const start = new URL(as.authorization_endpoint as string);
    for (const [name, value] of Object.entries({
      client_id: app.client.client_id,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    })) {
      start.searchParams.set(name, value);
    }
    const browser = new SimulatedBrowser({ email: user.email, password: user.password });
    const callback = await browser.authorize(start.href, redirectUri);
    const params = oauth.validateAuthResponse(as, app.client, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      app.client,
      app.auth,
      params,
      redirectUri,
      verifier,
      insecure,
    );
    return {
      tokens: await oauth.processAuthorizationCodeResponse(as, app.client, response),
      params,
      verifier,
      browser,
    };
  }

  it('publishes RFC 8414 metadata: the four endpoints, code with S256 only, no implicit or password grant', () => {
    expect(as).toMatchObject({
      issuer: server().url,
      authorization_endpoint: `${server().url}/oauth/authorize`,
      token_endpoint: `${server().url}/oauth/token`,
      revocation_endpoint: `${server().url}/oauth/revoke`,
      introspection_endpoint: `${server().url}/oauth/introspect`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(as.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']),
    );
    // Only what an app can be registered with: never the scopes that manage credentials.
    expect(as.scopes_supported).toEqual(delegableScopeNames);
    expect(as.grant_types_supported).not.toContain('implicit');
    expect(as.grant_types_supported).not.toContain('password');
  });

  it('hands out its own URLs whatever Host a request claims', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL('/.well-known/oauth-authorization-server', server().url);
      const request = httpRequest(
        url,
        {
          headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(200);
    const metadata = JSON.parse(body) as Record<string, string>;
    expect(metadata.token_endpoint).toBe(`${server().url}/oauth/token`);
    expect(body).not.toContain('evil.example');
  });

  it('runs the authorization-code flow with PKCE for a public app, and its token calls the API for the user', async () => {
    const app = await registerApp(false);
    const { tokens, browser } = await authorizationCodeFlow(app, 'account:read projects:read');
    expect(browser.lastConsentPage).toContain('projects:read');
    expect(browser.lastConsentPage).toContain('Read projects you are a member of');
    expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'account:read projects:read' });
    expect(tokens.refresh_token).toBeTruthy();

    const api = createClient({ url: server().url, auth: { accessToken: tokens.access_token } });
    expect((await api.auth.me.query()).id).toBe(owner.user.id);
    await owner.client.projects.create.mutate({ name: 'Seen by the app' });
    expect((await api.projects.list.query()).items.map((project) => project.name)).toContain(
      'Seen by the app',
    );
    await expectApiError(api.projects.create.mutate({ name: 'Not granted' }), {
      appCode: 'FORBIDDEN',
      message: 'This credential lacks the scope projects:write.',
    });

    // The REST surface takes the same token, with the same scopes.
    const bearer = { authorization: `Bearer ${tokens.access_token}` };
    const viaRest = await fetch(`${server().url}/api/v1/projects`, { headers: bearer });
    expect(viaRest.status).toBe(200);
    const refusedViaRest = await fetch(`${server().url}/api/v1/projects`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: '{"name":"Not granted"}',
    });
    expect(await refusedViaRest.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('rotates refresh tokens, and a reused one revokes the whole grant', async () => {
    const app = await registerApp(false);
    const { tokens } = await authorizationCodeFlow(app, 'account:read');
    const refresh = (token: string) =>
      oauth
        .refreshTokenGrantRequest(as, app.client, app.auth, token, insecure)
        .then((response) => oauth.processRefreshTokenResponse(as, app.client, response));
    const rotated = await refresh(tokens.refresh_token as string);
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    const api = createClient({ url: server().url, auth: { accessToken: rotated.access_token } });
    await expect(api.auth.me.query()).resolves.toBeDefined();

    expect(await oauthError(refresh(tokens.refresh_token as string))).toBe('invalid_grant');
    expect(await oauthError(refresh(rotated.refresh_token as string))).toBe('invalid_grant');
    await expectApiError(api.auth.me.query(), {
      appCode: 'UNAUTHORIZED',
      message: 'The access token is invalid, expired or revoked.',
    });
  });

  it('lets one of several concurrent uses of a refresh token win at most, and revokes the grant', async () => {
    const app = await registerApp(false);
    const { tokens } = await authorizationCodeFlow(app, 'account:read');
    const refreshAll = (token: string) =>
      Promise.allSettled(
        Array.from({ length: 6 }, () =>
          oauth
            .refreshTokenGrantRequest(as, app.client, app.auth, token, insecure)
            .then((response) => oauth.processRefreshTokenResponse(as, app.client, response)),
        ),
      );
    // Warm the whole path first (connections, database pool), or warming it would serialise the race.
    await refreshAll('not-a-refresh-token');
    const attempts = await refreshAll(tokens.refresh_token as string);
    const winners = attempts.filter((attempt) => attempt.status === 'fulfilled');
    expect(winners.length).toBeLessThanOrEqual(1);
    // The losers were reuses: whatever the winner got dies with the grant.
    for (const winner of winners) {
      const api = createClient({ url: server().url, auth: { accessToken: winner.value.access_token } });
      await expectApiError(api.auth.me.query(), { appCode: 'UNAUTHORIZED' });
    }
  });

  it('lets a confidential app introspect and revoke its token; the API refuses it at once', async () => {
    const app = await registerApp(true);
    const { tokens } = await authorizationCodeFlow(app, 'account:read tasks:read');
    const introspect = async () =>
      oauth.processIntrospectionResponse(
        as,
        app.client,
        await oauth.introspectionRequest(as, app.client, app.auth, tokens.access_token, insecure),
      );
    expect(await introspect()).toMatchObject({
      active: true,
      scope: 'account:read tasks:read',
      client_id: app.client.client_id,
      sub: owner.user.id,
    });

    const api = createClient({ url: server().url, auth: { accessToken: tokens.access_token } });
    await expect(api.auth.me.query()).resolves.toBeDefined();
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, app.client, app.auth, tokens.access_token, insecure),
    );
    expect(await introspect()).toMatchObject({ active: false });
    await expectApiError(api.auth.me.query(), { appCode: 'UNAUTHORIZED' });
  });

  it('issues client-credentials tokens to a confidential app, acting for the user who registered it', async () => {
    const app = await registerApp(true);
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      app.client,
      app.auth,
      { scope: 'projects:read account:read' },
      insecure,
    );
    const tokens = await oauth.processClientCredentialsResponse(as, app.client, response);
    expect(tokens.scope?.split(' ').sort()).toEqual(['account:read', 'projects:read']);
    expect(tokens.refresh_token).toBeUndefined();

    // Decision 015: the app alone reads what its owner may, within its scopes, on both surfaces.
    const project = await owner.client.projects.create.mutate({ name: 'Owned by the developer' });
    const stranger = await server().signUp('Stranger');
    const elsewhere = await stranger.client.projects.create.mutate({ name: 'Not the developer’s' });
    const api = createClient({ url: server().url, auth: { accessToken: tokens.access_token } });
    expect(await api.auth.me.query()).toMatchObject({ id: owner.user.id });
    expect((await api.projects.list.query()).items.map((p) => p.id)).toContain(project.id);
    expect(await api.projects.get.query({ id: project.id })).toMatchObject({ id: project.id });
    expect(await api.usage.get.query()).toHaveProperty('entries');
    await expectApiError(api.projects.get.query({ id: elsewhere.id }), { appCode: 'NOT_FOUND' });
    await expectApiError(api.projects.create.mutate({ name: 'No write scope' }), { appCode: 'FORBIDDEN' });

    const rest = (path: string) =>
      fetch(`${server().url}/api/v1${path}`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(await (await rest('/auth/me')).json()).toMatchObject({ id: owner.user.id });
    expect((await rest('/projects')).status).toBe(200);
    expect(await (await rest(`/projects/${project.id}`)).json()).toMatchObject({ id: project.id });
    expect((await rest('/usage')).status).toBe(200);
    expect((await rest(`/projects/${elsewhere.id}`)).status).toBe(404);
    expect(
      await oauthError(
        oauth
          .clientCredentialsGrantRequest(as, app.client, app.auth, { scope: 'projects:write' }, insecure)
          .then((r) => oauth.processClientCredentialsResponse(as, app.client, r)),
      ),
    ).toBe('invalid_scope');
    expect(
      await oauthError(
        oauth
          .clientCredentialsGrantRequest(as, app.client, oauth.ClientSecretBasic('wrong'), {}, insecure)
          .then((r) => oauth.processClientCredentialsResponse(as, app.client, r)),
      ),
    ).toBe('invalid_client');
  });

  it('refuses what the Security BCP forbids: no PKCE, plain PKCE, a redirect URI not registered exactly, implicit, password', async () => {
    const app = await registerApp(false);
    const authorize = async (params: Record<string, string>) => {
      const url = new URL(as.authorization_endpoint as string);
      const base = {
        client_id: app.client.client_id,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'account:read',
        state: 's',
      };
      for (const [name, value] of Object.entries({ ...base, ...params })) url.searchParams.set(name, value);
      const response = await fetch(url, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (!location) return `${response.status} ${await response.text()}`;
      // Errors come back in the query, or in the fragment when the response type asked for one.
      const back = new URL(location);
      return (
        back.searchParams.get('error') ?? new URLSearchParams(back.hash.slice(1)).get('error') ?? 'redirected'
      );
    };
    const challenge = await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier());
    expect(await authorize({})).toBe('invalid_request');
    expect(await authorize({ code_challenge: challenge, code_challenge_method: 'plain' })).toBe(
      'invalid_request',
    );
    expect(
      await authorize({ code_challenge: challenge, code_challenge_method: 'S256', response_type: 'token' }),
    ).toBe('unsupported_response_type');
    // A redirect URI that is not registered exactly is never redirected to: the error shows on a page.
    for (const near of [`${redirectUri}/`, `${redirectUri}?x=1`, 'http://127.0.0.1:8765/other']) {
      expect(
        await authorize({ code_challenge: challenge, code_challenge_method: 'S256', redirect_uri: near }),
      ).toMatch(/^400 .*redirect_uri/s);
    }
    const password = await fetch(as.token_endpoint as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: owner.email,
        password: owner.password,
        client_id: app.client.client_id,
      }),
    });
    expect(((await password.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('accepts an authorization code once, with its own verifier only', async () => {
    const app = await registerApp(false);
    const { params, verifier } = await authorizationCodeFlow(app, 'account:read');
    const again = oauth
      .authorizationCodeGrantRequest(as, app.client, app.auth, params, redirectUri, verifier, insecure)
      .then((response) => oauth.processAuthorizationCodeResponse(as, app.client, response));
    expect(await oauthError(again)).toBe('invalid_grant');
  });

  it('refuses a scope the app was not registered for', async () => {
    const app = await registerApp(false, ['account:read']);
    expect(await oauthError(authorizationCodeFlow(app, 'account:read tasks:write'))).toBe('invalid_scope');
  });

  it('tells the app when the user denies access', async () => {
    const app = await registerApp(false);
    const start = new URL(as.authorization_endpoint as string);
    const challenge = await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier());
    for (const [name, value] of Object.entries({
      client_id: app.client.client_id,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'account:read',
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })) {
      start.searchParams.set(name, value);
    }
    const callback = await new SimulatedBrowser(owner).authorize(start.href, redirectUri, {
      consent: 'deny',
    });
    expect(callback.searchParams.get('error')).toBe('access_denied');
  });

  it('shows client secrets once, stores them hashed, and deleting an app stops its tokens', async () => {
    const app = await registerApp(true);
    expect(app.created.clientSecret).toMatch(/^chs_/);
    expect(await owner.client.oauthApps.list.query()).toContainEqual(app.created.app);
    expect(JSON.stringify(await owner.client.oauthApps.list.query())).not.toContain(app.created.clientSecret);
    const stored = await server()
      .running.services.db.selectFrom('oauth_apps')
      .select('secret_hash')
      .where('client_id', '=', app.client.client_id)
      .executeTakeFirstOrThrow();
    expect(stored.secret_hash).toMatch(/^sha256\$/);
    expect(stored.secret_hash).not.toContain(app.created.clientSecret as string);

    const { tokens } = await authorizationCodeFlow(app, 'account:read');
    const api = createClient({ url: server().url, auth: { accessToken: tokens.access_token } });
    await expect(api.auth.me.query()).resolves.toBeDefined();
    expect(await owner.client.oauthApps.delete.mutate({ clientId: app.client.client_id })).toEqual({
      clientId: app.client.client_id,
      deleted: true,
    });
    await expectApiError(api.auth.me.query(), { appCode: 'UNAUTHORIZED' });
    await expectApiError(owner.client.oauthApps.delete.mutate({ clientId: app.client.client_id }), {
      appCode: 'NOT_FOUND',
    });
  });

  it('refuses redirect URIs that are not https or loopback http', async () => {
    await expectApiError(
      owner.client.oauthApps.create.mutate({
        name: 'Bad',
        redirectUris: ['http://evil.example/cb'],
        confidential: false,
        scopes: ['account:read'],
      }),
      { appCode: 'VALIDATION_FAILED' },
    );
    await expectApiError(
      owner.client.oauthApps.create.mutate({
        name: 'Bad',
        redirectUris: ['https://app.example/cb#fragment'],
        confidential: false,
        scopes: ['account:read'],
      }),
      { appCode: 'VALIDATION_FAILED' },
    );
  });
});
