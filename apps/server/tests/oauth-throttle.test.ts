import * as oauth from 'oauth4webapi';
import * as openid from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgets, startTestServer, type TestServer } from './support/test-server.ts';

// Two independent OAuth clients (not ours); http is fine on 127.0.0.1.
const insecure = { [oauth.allowInsecureRequests]: true };
const authBudget = 3;
let nextAddress = 1;
/** A client address of its own, so each test starts with a full `auth` budget. */
const freshAddress = () => `198.51.100.${nextAddress++}`;

describe('the OAuth endpoints under the auth budget', () => {
  let server: TestServer;
  let as: oauth.AuthorizationServer;
  let clientId: string;
  let clientSecret: string;

  beforeAll(async () => {
    server = await startTestServer('pglite', {
      env: { RATE_LIMITS: budgets({ auth: `${authBudget}/60s` }), TRUST_PROXY_HOPS: '1' },
    });
    const issuer = new URL(server.url);
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
    const owner = await server.signUp('Throttled developer');
    const created = await owner.client.oauthApps.create.mutate({
      name: 'Throttled app',
      redirectUris: ['https://app.example/callback'],
      confidential: true,
      scopes: ['projects:read'],
    });
    clientId = created.clientId;
    clientSecret = created.clientSecret ?? '';
  });
  afterAll(() => server.close());

  /** A client-credentials request with valid credentials, at a path spelled as given. */
  const post = (path: string, from: string, body = 'grant_type=client_credentials&scope=projects:read') =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': from,
      },
      body,
    });

  it('charges every spelling of the token, revocation and introspection endpoints that the router serves', async () => {
    const served: string[] = [];
    for (const endpoint of ['token', 'revoke', 'introspect']) {
      const capitalised = `${endpoint[0]?.toUpperCase()}${endpoint.slice(1)}`;
      const spellings = [
        `/oauth/${endpoint}`,
        `/oauth/${endpoint}/`,
        `/oauth/${endpoint.toUpperCase()}`,
        `/oauth/${capitalised}/`,
        `/OAUTH/${endpoint}`,
        `/oauth/${endpoint}//`,
        `/oauth/%${endpoint.charCodeAt(0).toString(16)}${endpoint.slice(1)}`,
        `/oauth/${endpoint}%2F`,
        `/oauth/${endpoint}/.`,
      ];
      for (const path of spellings) {
        const body = endpoint === 'token' ? undefined : 'token=not-a-token';
        const response = await post(path, freshAddress(), body);
        if (response.status === 404) continue;
        served.push(path);
        // Whatever the router serves drew from the budget, whatever its answer.
        expect(response.headers.get('RateLimit-Policy'), path).toBe(`"auth";q=${authBudget};w=60`);
      }
    }
    // The spellings issue 14 found served without a charge are served still, and charged now.
    expect(served).toEqual(expect.arrayContaining(['/oauth/token/', '/oauth/TOKEN', '/oauth/Revoke/']));
  });

  // The same class of bug elsewhere: Express matches mounts in any letter case and with a trailing slash.
  it('charges log-in to the auth budget however its tRPC or REST path is spelled', async () => {
    const served: string[] = [];
    for (const path of [
      '/trpc/auth.logIn',
      '/TRPC/auth.logIn',
      '/trpc/auth.logIn/',
      '/Trpc/auth.logIn?batch=0',
      '/api/v1/auth/log-in',
      '/api/v1/auth/log-in/',
      '/API/v1/auth/log-in',
      '/api/v1/AUTH/LOG-IN',
      '/api/v1//auth/log-in',
    ]) {
      const rest = path.toLowerCase().startsWith('/api/');
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() },
        body: JSON.stringify(
          rest
            ? { email: 'nobody@example.com', password: 'guess' }
            : { json: { email: 'nobody@example.com', password: 'guess' } },
        ),
      });
      if (response.status === 404) continue;
      served.push(path);
      expect(response.headers.get('RateLimit-Policy'), path).toContain(`"auth";q=${authBudget};w=60`);
    }
    // REST serves other letter cases, and both a trailing slash (tRPC's prefix is case-sensitive,
    // as tRPC's own adapter is): budgets there follow the procedure.
    expect(served).toEqual(
      expect.arrayContaining(['/trpc/auth.logIn/', '/api/v1/auth/log-in/', '/api/v1/AUTH/LOG-IN']),
    );
    expect(served).not.toContain('/TRPC/auth.logIn');
  });

  it('shares one budget between the spellings of an endpoint', async () => {
    const from = freshAddress();
    for (const path of ['/oauth/token/', '/oauth/TOKEN', '/oauth/Token/'])
      expect((await post(path, from)).status).toBe(200);
    const refused = await post('/oauth/token', from);
    expect(refused.status).toBe(429);
  });

  it('refuses past the budget with an OAuth error and Retry-After, as oauth4webapi reads it', async () => {
    const from = freshAddress();
    const client: oauth.Client = { client_id: clientId };
    const grant = async () =>
      oauth.processClientCredentialsResponse(
        as,
        client,
        await oauth.clientCredentialsGrantRequest(
          as,
          client,
          oauth.ClientSecretBasic(clientSecret),
          { scope: 'projects:read' },
          { ...insecure, headers: { 'x-forwarded-for': from } },
        ),
      );
    for (let call = 0; call < authBudget; call++) await grant();
    const refusal = await grant().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(oauth.ResponseBodyError);
    const { status, error, error_description, response } = refusal as oauth.ResponseBodyError;
    expect({ status, error }).toEqual({ status: 429, error: 'temporarily_unavailable' });
    expect(error_description).toMatch(/^Rate limit reached \(auth\); retry in \d+ s\.$/);
    expect(response.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('refuses past the budget with an OAuth error on every guarded endpoint, as openid-client reads it', async () => {
    const from = freshAddress();
    const withAddress: openid.CustomFetch = (url, options) =>
      fetch(url, { ...options, headers: { ...options.headers, 'x-forwarded-for': from } });
    const config = await openid.discovery(
      new URL(server.url),
      clientId,
      undefined,
      openid.ClientSecretBasic(clientSecret),
      { algorithm: 'oauth2', execute: [openid.allowInsecureRequests], [openid.customFetch]: withAddress },
    );
    config[openid.customFetch] = withAddress;
    const { access_token } = await openid.clientCredentialsGrant(config, { scope: 'projects:read' });
    await openid.tokenIntrospection(config, access_token);
    await openid.tokenRevocation(config, access_token);
    const refusals = await Promise.all(
      [
        openid.clientCredentialsGrant(config, { scope: 'projects:read' }),
        openid.tokenIntrospection(config, access_token),
        openid.tokenRevocation(config, access_token),
      ].map((call) =>
        call.then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    );
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(openid.ResponseBodyError);
      expect(refusal).toMatchObject({ status: 429, error: 'temporarily_unavailable' });
    }
  });
});
