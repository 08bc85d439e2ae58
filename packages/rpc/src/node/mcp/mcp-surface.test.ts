import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createdNotes, type NotesServer, notesPolicy, serveNotes } from '../../test-fixtures/notes-server.ts';

const servers: NotesServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const challenge = 'Bearer resource_metadata="https://notes.example/.well-known/oauth-protected-resource"';

async function serve(limit = 100) {
  const server = await serveNotes({
    policy: notesPolicy([], limit),
    mcp: { name: 'notes', version: '1.0.0', challenge },
  });
  servers.push(server);
  return server;
}

/** The official MCP client, as an agent connects, with an API key. */
async function agent(url: string, apiKey: string) {
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { 'x-api-key': apiKey } },
    }),
  );
  clients.push(client);
  return client;
}

const textOf = (result: unknown) => (result as { content?: { text: string }[] }).content?.[0]?.text ?? '';

describe('the contract as MCP tools', () => {
  it('lists the procedures the credential may call, described from the contract, with hints', async () => {
    const { url } = await serve();
    const { tools } = await (await agent(url, 'key-read')).listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['notes_get', 'notes_tags_list']);
    const get = tools.find((tool) => tool.name === 'notes_get');
    expect(get).toMatchObject({
      title: 'Get a note',
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
      inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      outputSchema: {
        type: 'object',
        properties: { remindAt: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] } },
      },
    });
    const writer = await agent(url, 'key-all');
    const create = (await writer.listTools()).tools.find((tool) => tool.name === 'notes_create');
    expect(create?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
  });

  it('calls a tool through the policy and validation, answering structured output with Dates as text', async () => {
    const { url } = await serve();
    const result = await (await agent(url, 'key-read')).callTool({
      name: 'notes_get',
      arguments: { id: 'n1' },
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      id: 'n1',
      text: 'hello',
      remindAt: '2030-01-01T09:00:00.000Z',
    });
    const created = await (await agent(url, 'key-all')).callTool({
      name: 'notes_create',
      arguments: { text: 'call Ada', remindAt: '2031-02-03T04:05:06.000Z' },
    });
    expect(created.structuredContent).toEqual({
      id: 'key-all-1',
      text: 'call Ada',
      remindAt: '2031-02-03T04:05:06.000Z',
    });
  });

  it('answers a refusal as a tool error with its catalogue code: scope, validation, rate limit', async () => {
    const { url } = await serve(12);
    const reader = await agent(url, 'key-read');
    const forbidden = await reader.callTool({ name: 'notes_create', arguments: { text: 'x' } });
    expect(forbidden.isError).toBe(true);
    expect(JSON.parse(textOf(forbidden))).toMatchObject({ code: 'FORBIDDEN' });
    const invalid = await reader.callTool({ name: 'notes_get', arguments: {} });
    expect(JSON.parse(textOf(invalid))).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['id'] }],
    });
    const writer = await agent(url, 'key-all');
    await writer.callTool({ name: 'notes_create', arguments: { text: 'a' } });
    await writer.callTool({ name: 'notes_create', arguments: { text: 'b' } });
    const spent = await writer.callTool({ name: 'notes_create', arguments: { text: 'c' } });
    expect(JSON.parse(textOf(spent))).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 60 });
  });

  it('answers a caller without a credential 401, pointing at where to get one', async () => {
    const { url } = await serve();
    const response = await fetch(`${url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(challenge);
  });

  it("runs a mutation once for the idempotencyKey an agent gives in the call's _meta", async () => {
    createdNotes.length = 0;
    const { url } = await serve();
    const writer = await agent(url, 'key-all');
    const call = () =>
      writer.callTool({
        name: 'notes_create',
        arguments: { text: 'once' },
        _meta: { idempotencyKey: 'agent-k1' },
      });
    const [first, again] = [await call(), await call()];
    expect(again.structuredContent).toEqual(first.structuredContent);
    expect(createdNotes).toEqual(['once']);
    const malformed = await writer.callTool({
      name: 'notes_create',
      arguments: { text: 'x' },
      _meta: { idempotencyKey: '' },
    });
    expect(JSON.parse(textOf(malformed))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});
