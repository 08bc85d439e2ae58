import { createClient } from '@charter/client';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBrowser } from './support/browser-simulation.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

// oauth4webapi talks http only when told to; this is 127.0.0.1.
const insecure = { [oauth.allowInsecureRequests]: true };

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

  it('leaves no authorization code, access or refresh token of an OAuth app in any log line', async () => {
    const owner = await server.signUp('AppOwner');
    const app = await owner.client.oauthApps.create.mutate({
      name: 'Logged?',
      redirectUris: ['http://127.0.0.1:8765/callback'],
      confidential: true,
      scopes: ['account:read'],
    });
    const issuer = new URL(server.url);
    const as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
    const client = { client_id: app.clientId };
    const auth = oauth.ClientSecretBasic(app.clientSecret as string);
    const verifier = oauth.generateRandomCodeVerifier();
    const start = new URL(as.authorization_endpoint as string);
    for (const [name, value] of Object.entries({
      client_id: app.clientId,
      redirect_uri: 'http://127.0.0.1:8765/callback',
      response_type: 'code',
      scope: 'account:read',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    })) {
      start.searchParams.set(name, value);
    }
    const callback = await new SimulatedBrowser(owner).authorize(
      start.href,
      'http://127.0.0.1:8765/callback',
    );
    const params = oauth.validateAuthResponse(as, client, callback, oauth.expectNoState);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(
        as,
        client,
        auth,
        params,
        'http://127.0.0.1:8765/callback',
        verifier,
        insecure,
      ),
    );
    await createClient({ url: server.url, auth: { accessToken: tokens.access_token } }).auth.me.query();

    const logs = server.logs.join('');
    expect(logs).toContain('/oauth/token');
    for (const secret of [
      params.get('code'),
      tokens.access_token,
      tokens.refresh_token,
      app.clientSecret,
      owner.password,
    ]) {
      expect(logs).not.toContain(secret as string);
    }
  });
});
