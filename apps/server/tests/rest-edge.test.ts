import { gzipSync } from 'node:zlib';
import { limits } from '@charter/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transportHeaders } from './support/normalize.ts';
import { budgets, startTestServer, type TestServer } from './support/test-server.ts';

/**
 * REST is served by the API handler in front of Express (src/api.ts), which runs the edge duties as
 * its plugins. Every REST answer, refusals included, must carry what Express's own answers carry:
 * a request id, the same security headers, CORS.
 */

interface RestRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent with the caller's API key. */
  authenticated?: boolean;
}

async function send(server: TestServer, key: string, request: RestRequest) {
  const response = await fetch(`${server.url}/api/v1${request.path}`, {
    method: request.method ?? 'GET',
    headers: {
      origin: 'https://app.example',
      ...(request.authenticated === false ? {} : { 'x-api-key': key }),
      ...request.headers,
    },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!transportHeaders.has(name)) headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

const json = { 'content-type': 'application/json' };
const xml = { 'content-type': 'application/xml', accept: 'application/xml' };

/** The requests; `<project>` stands for a project the caller owns. */
const requests: [string, number, RestRequest][] = [
  ['a read', 200, { path: `/projects/<project>` }],
  ['a read in XML', 200, { path: `/projects/<project>`, headers: { accept: 'application/xml' } }],
  ['a HEAD', 200, { method: 'HEAD', path: `/projects/<project>` }],
  ['a query with coerced parameters', 200, { path: `/projects/<project>/tasks?limit=2&status=todo` }],
  [
    'a create (201 and Location)',
    201,
    { method: 'POST', path: `/projects/<project>/tasks`, headers: json, body: '{"title":"A"}' },
  ],
  [
    'a create in XML',
    201,
    {
      method: 'POST',
      path: `/projects/<project>/tasks`,
      headers: xml,
      body: '<input><title>B</title></input>',
    },
  ],
  [
    'a gzip body',
    201,
    {
      method: 'POST',
      path: `/projects/<project>/tasks`,
      headers: { ...json, 'content-encoding': 'gzip' },
      body: gzipSync('{"title":"C"}'),
    },
  ],
  ['no credential (401)', 401, { path: `/projects/<project>`, authenticated: false }],
  ['an unknown project (404)', 404, { path: '/projects/00000000-0000-4000-8000-000000000000' }],
  [
    'invalid input (400 with issues)',
    400,
    { method: 'POST', path: `/projects/<project>/tasks`, headers: json, body: '{"title":""}' },
  ],
  [
    'broken JSON',
    400,
    { method: 'POST', path: `/projects/<project>/tasks`, headers: json, body: '{"title":' },
  ],
  [
    'an unsupported body type (415)',
    415,
    {
      method: 'POST',
      path: `/projects/<project>/tasks`,
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    },
  ],
  [
    'an unacceptable answer type (406)',
    406,
    { path: `/projects/<project>`, headers: { accept: 'text/html' } },
  ],
  ['a method the path does not serve (405)', 405, { method: 'PUT', path: `/projects/<project>` }],
  ['a malformed path parameter', 400, { path: '/projects/%E0%A4%A' }],
  [
    'a body past the limit (413)',
    413,
    {
      method: 'POST',
      path: `/projects/<project>/tasks`,
      headers: json,
      body: `{"title":"${'x'.repeat(limits.requestBodyMaxBytes)}"}`,
    },
  ],
];

/** The headers the edge sets, whoever serves the request. */
const edgeHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) =>
        name.startsWith('access-control-') ||
        name.startsWith('cross-origin-') ||
        name.startsWith('x-') ||
        [
          'content-security-policy',
          'origin-agent-cluster',
          'referrer-policy',
          'strict-transport-security',
        ].includes(name),
    ),
  );

describe('REST answers carry the edge duties, as Express answers do', () => {
  let server: TestServer;
  let key: string;
  let projectId: string;
  let expressEdge: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer('pglite', {
      env: {
        RATE_LIMITS: budgets({ default: '1000/60s', anonymous: '1000/60s' }),
        CORS_ORIGINS: 'https://app.example',
      },
    });
    const { client } = await server.signUp('REST');
    projectId = (await client.projects.create.mutate({ name: 'Edge' })).id;
    ({ key } = await client.apiKeys.create.mutate({
      name: 'rest',
      scopes: ['projects:read', 'projects:write', 'tasks:read', 'tasks:write'],
    }));
    // The OpenAPI document is served by Express.
    const { headers } = await send(server, key, { path: '/openapi.json', authenticated: false });
    expressEdge = edgeHeaders(headers);
    expect(expressEdge).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'x-content-type-options': 'nosniff',
      'x-request-id': expect.any(String),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(requests)('answers %s with the edge headers (%i)', async (_name, status, template) => {
    const request = { ...template, path: template.path.replace('<project>', projectId) };
    const answer = await send(server, key, request);
    expect(answer.status).toBe(status);
    const edge = edgeHeaders(answer.headers);
    expect(Object.keys(edge).sort()).toEqual(Object.keys(expressEdge).sort());
    expect({ ...edge, 'x-request-id': 'id' }).toEqual({ ...expressEdge, 'x-request-id': 'id' });
    expect(edge['x-request-id']).not.toBe(expressEdge['x-request-id']);
    expect(answer.headers.vary).toContain('Origin');
  });

  it('revalidates a cached read: an ETag, then 304 without a body for If-None-Match', async () => {
    {
      const read = (ifNoneMatch?: string) =>
        fetch(`${server.url}/api/v1/projects/${projectId}`, {
          // fetch would add `Cache-Control: no-cache` to a conditional request, which rules a 304 out.
          headers: {
            'x-api-key': key,
            ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch, 'cache-control': 'max-age=0' } : {}),
          },
        });
      const tag = (await read()).headers.get('etag');
      expect(tag).toMatch(/^W\/"/);
      const again = await read(tag as string);
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect((await read('W/"other"')).status).toBe(200);
    }
  });
});
