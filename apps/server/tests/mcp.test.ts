import { contract } from '@charter/contract';
import { listProcedures } from '@charter/rpc';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBrowser } from './support/browser-simulation.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('the API as MCP tools, for AI agents', () => {
  let server: TestServer;
  let agent: Client;
  let projectId: string;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    const { client } = await server.signUp('Agent owner');
    projectId = (await client.projects.create.mutate({ name: 'For the agent' })).id;
    const { key } = await client.apiKeys.create.mutate({
      name: 'agent',
      scopes: ['projects:read', 'tasks:read', 'tasks:write'],
    });
    // The official MCP client, as a headless agent connects with an API key.
    agent = new Client({ name: 'charter-test-agent', version: '1.0.0' });
    await agent.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${key}` } },
      }),
    );
  });
  afterAll(async () => {
    await agent?.close();
    await server?.close();
  });

  it('lists the procedures the key may call, and none that hands out or ends a credential', async () => {
    const names = (await agent.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining(['tasks_create', 'tasks_list', 'tasks_delete', 'projects_get']),
    );
    // Scopes the key lacks: projects:write, account:read.
    expect(names).not.toContain('projects_create');
    expect(names).not.toContain('system_echo');
    expect(names.filter((name) => name.startsWith('auth_') && name !== 'auth_me')).toEqual([]);
    expect(names).not.toContain('apiKeys_create');
    expect(names).not.toContain('tasks_onChange');
  });

  it('creates and lists tasks through the same policy, validation and handlers as REST and tRPC', async () => {
    const created = await agent.callTool({
      name: 'tasks_create',
      arguments: { projectId, title: 'Filed by an agent', dueDate: '2030-06-01T09:00:00.000Z' },
    });
    expect(created.isError).toBeFalsy();
    expect(created.structuredContent).toMatchObject({
      title: 'Filed by an agent',
      dueDate: '2030-06-01T09:00:00.000Z',
    });
    const listed = await agent.callTool({ name: 'tasks_list', arguments: { projectId } });
    expect(
      (listed.structuredContent as { items: { title: string }[] }).items.map((task) => task.title),
    ).toEqual(['Filed by an agent']);
  });

  it('answers a refusal as a tool error with its catalogue code', async () => {
    const invalid = await agent.callTool({ name: 'tasks_create', arguments: { projectId, title: '' } });
    expect(invalid.isError).toBe(true);
    expect(JSON.parse((invalid.content as { text: string }[])[0]?.text ?? '')).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('tells an agent without a credential where to get one (RFC 9728)', async () => {
    const response = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    expect(metadataUrl).toBe(`${server.url}/.well-known/oauth-protected-resource/mcp`);
    const metadata = await (await fetch(metadataUrl as string)).json();
    expect(metadata).toMatchObject({ resource: `${server.url}/mcp`, authorization_servers: [server.url] });
  });

  it('takes an OAuth token only where it was issued for: the MCP endpoint, or the API (RFC 8707)', async () => {
    const { client } = await server.signUp('App owner');
    const app = await client.oauthApps.create.mutate({
      name: 'agent app',
      redirectUris: ['https://agent.example/callback'],
      confidential: true,
      scopes: ['projects:read'],
    });
    const tokenFor = async (resource: string) => {
      const response = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'projects:read', resource }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const listTools = (token: string) =>
      fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    const listProjects = (token: string) =>
      fetch(`${server.url}/api/v1/projects`, { headers: { authorization: `Bearer ${token}` } });

    const forMcp = await tokenFor(`${server.url}/mcp`);
    const forApi = await tokenFor(`${server.url}/api`);
    expect((await listTools(forMcp)).status).toBe(200);
    expect((await listProjects(forMcp)).status).toBe(401);
    expect((await listProjects(forApi)).status).toBe(200);
    expect((await listTools(forApi)).status).toBe(401);
  });

  it("lets an MCP client register itself, get a user's consent with PKCE for /mcp, and call tools", async () => {
    const user = await server.signUp('Consenting user');
    const redirectUri = 'http://127.0.0.1:5555/callback';
    const as = {
      issuer: server.url,
      authorization_endpoint: `${server.url}/oauth/authorize`,
      token_endpoint: `${server.url}/oauth/token`,
    };
    const metadata = (await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json()) as {
      registration_endpoint: string;
    };
    expect(metadata.registration_endpoint).toBe(`${server.url}/oauth/register`);
    const register = (body: Record<string, unknown>) =>
      fetch(metadata.registration_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'Some agent', redirect_uris: [redirectUri], ...body }),
      });
    // A confidential client, or one asking for client credentials, cannot register itself.
    expect((await register({})).status).toBe(400);
    expect(
      (await register({ token_endpoint_auth_method: 'none', grant_types: ['client_credentials'] })).status,
    ).toBe(400);
    const registered = await register({
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      allowed_scopes: 'account:write api-keys:write',
    });
    expect(registered.status).toBe(201);
    const { client_id: clientId } = (await registered.json()) as { client_id: string };

    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const start = new URL(as.authorization_endpoint);
    for (const [name, value] of Object.entries({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'projects:read tasks:read',
      resource: `${server.url}/mcp`,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }))
      start.searchParams.set(name, value);
    const browser = new SimulatedBrowser({ email: user.email, password: user.password });
    const callback = await browser.authorize(start.href, redirectUri);
    expect(browser.lastConsentPage).toContain('Some agent (an app that registered itself)');
    const client: oauth.Client = { client_id: clientId };
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      redirectUri,
      verifier,
      {
        [oauth.allowInsecureRequests]: true,
      },
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);

    const agent = new Client({ name: 'oauth-agent', version: '1.0.0' });
    await agent.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${tokens.access_token}` } },
      }),
    );
    try {
      const names = (await agent.listTools()).tools.map((tool) => tool.name);
      // Only what the user granted: read projects and tasks, whatever the app asked to be allowed.
      expect(names).toEqual(expect.arrayContaining(['projects_list', 'tasks_list']));
      expect(names).not.toContain('tasks_create');
      const listed = await agent.callTool({ name: 'projects_list', arguments: {} });
      expect(listed.isError).toBeFalsy();
    } finally {
      await agent.close();
    }
  });

  it('connects the official MCP client through the whole OAuth flow: discovery, registration, PKCE, consent', async () => {
    const user = await server.signUp('SDK user');
    const redirectUri = 'http://127.0.0.1:5556/callback';
    const provider = new RecordingAuthProvider(redirectUri);
    const mcpUrl = new URL(`${server.url}/mcp`);
    const first = new Client({ name: 'sdk-agent', version: '1.0.0' });
    // No token yet: the client reads the 401, finds the authorization server, registers, and sends the user there.
    await expect(
      first.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider })),
    ).rejects.toThrow(/Unauthorized/i);
    expect(provider.authorizationUrl?.searchParams.get('resource')).toBe(`${server.url}/mcp`);
    const callback = await new SimulatedBrowser({ email: user.email, password: user.password }).authorize(
      String(provider.authorizationUrl),
      redirectUri,
    );
    const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
    await transport.finishAuth(callback.searchParams.get('code') as string);
    const agent = new Client({ name: 'sdk-agent', version: '1.0.0' });
    await agent.connect(transport);
    try {
      // The tools are the contract's exposed procedures the granted scopes allow: none forgotten, none extra.
      const granted = (provider.tokensValue?.scope ?? '').split(' ');
      const expected = listProcedures(contract.procedures)
        .filter(({ procedure }) => procedure.type !== 'subscription' && procedure.meta.mcp !== false)
        .filter(({ procedure }) => procedure.meta.scopes.every((scope) => granted.includes(scope)))
        .map(({ path }) => path.replaceAll('.', '_'))
        .sort();
      const tools = (await agent.listTools()).tools.map((tool) => tool.name).sort();
      expect(tools).toEqual(expected);
      expect(tools.length).toBeGreaterThan(10);
      const project = await agent.callTool({ name: 'projects_create', arguments: { name: 'By an agent' } });
      expect(project.isError).toBeFalsy();

      // Revoked, the token is refused at once.
      const revoked = await fetch(`${server.url}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: provider.tokensValue?.access_token ?? '',
          client_id: provider.info?.client_id ?? '',
        }),
      });
      expect(revoked.status).toBe(200);
      await expect(agent.listTools()).rejects.toThrow();

      // The user sees the agent among the apps acting for them, and disconnects it: its refresh token dies too.
      const clientId = provider.info?.client_id ?? '';
      expect(await user.client.connectedApps.list.query()).toEqual([
        expect.objectContaining({ clientId, name: 'SDK agent', selfRegistered: true, resources: ['mcp'] }),
      ]);
      await user.client.connectedApps.revoke.mutate({ clientId });
      expect(await user.client.connectedApps.list.query()).toEqual([]);
      const refreshed = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: provider.tokensValue?.refresh_token ?? '',
          client_id: clientId,
        }),
      });
      expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      await agent.close();
    }
  });
});

/** An MCP client's OAuth state, kept in memory, with the authorization URL it would open. */
class RecordingAuthProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  tokensValue: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | undefined;
  constructor(private readonly redirectUri: string) {}
  get redirectUrl() {
    return this.redirectUri;
  }
  get clientMetadata() {
    return {
      client_name: 'SDK agent',
      redirect_uris: [this.redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.tokensValue;
  }
  saveTokens(tokens: OAuthTokens) {
    this.tokensValue = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}
