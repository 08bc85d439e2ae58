import { gzipSync } from 'node:zlib';
import { limits } from '@charter/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize, transportHeaders } from './support/normalize.ts';
import { budgets, startTestServer, type TestServer } from './support/test-server.ts';

/**
 * REST is served in front of Express by default (src/http/front-door.ts) and through Express when
 * the front door is off. Both must answer alike, edge duties included: request id, security
 * headers, CORS, and every refusal.
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
  ['an unknown path (404, left to Express)', 404, { path: '/nothing-here' }],
  ['the OpenAPI document (left to Express)', 200, { path: '/openapi.json', authenticated: false }],
];

describe('REST in front of Express and through it', () => {
  let front: TestServer;
  let express: TestServer;
  const keys = new Map<TestServer, { key: string; projectId: string }>();

  beforeAll(async () => {
    const env = {
      RATE_LIMITS: budgets({ default: '1000/60s', anonymous: '1000/60s' }),
      CORS_ORIGINS: 'https://app.example',
    };
    [front, express] = await Promise.all([
      startTestServer('pglite', { env }),
      startTestServer('pglite', { env, fastPath: false }),
    ]);
    for (const server of [front, express]) {
      const { client } = await server.signUp('REST');
      const project = await client.projects.create.mutate({ name: 'Either way' });
      const { key } = await client.apiKeys.create.mutate({
        name: 'rest',
        scopes: ['projects:read', 'projects:write', 'tasks:read', 'tasks:write'],
      });
      keys.set(server, { key, projectId: project.id });
    }
  });
  afterAll(async () => {
    await Promise.all([front?.close(), express?.close()]);
  });

  it.each(requests)('answers %s alike (%i)', async (_name, status, template) => {
    const answers = [];
    for (const server of [front, express]) {
      const { key, projectId } = keys.get(server) as { key: string; projectId: string };
      const request = { ...template, path: template.path.replace('<project>', projectId) };
      // normalize turns ids (the project's too) into <uuid>.
      answers.push(normalize(await send(server, key, request)));
    }
    const [viaFront, viaExpress] = answers;
    expect(viaFront).toEqual(viaExpress);
    expect(viaFront).toMatchObject({ status, headers: { 'x-request-id': '<uuid>' } });
  });

  it('revalidates a cached read: an ETag, then 304 without a body for If-None-Match', async () => {
    for (const server of [front, express]) {
      const { key, projectId } = keys.get(server) as { key: string; projectId: string };
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
