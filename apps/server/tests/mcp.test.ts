import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
