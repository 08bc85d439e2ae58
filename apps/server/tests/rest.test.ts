import { connect } from 'node:net';
import { contract, limits } from '@charter/contract';
import { parseRateLimitHeaders } from '@charter/rpc';
import { restOperations } from '@charter/rpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgets, type SignedUp, startTestServer, type TestServer } from './support/test-server.ts';

const json = 'application/json';
const xml = 'application/xml';

describe('REST surface', () => {
  let server: TestServer;
  let me: SignedUp;
  let auth: Record<string, string>;

  /** A REST call as curl would make it: the body as given, the answer as text. */
  async function rest(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string } = {},
  ) {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { ...auth, ...init.headers },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: type.includes('json') && text ? JSON.parse(text) : undefined,
    };
  }
  const sendJson = (body: unknown) => ({ headers: { 'content-type': json }, body: JSON.stringify(body) });

  beforeAll(async () => {
    server = await startTestServer('pglite', { env: { RATE_LIMITS: budgets({ default: '200/60s' }) } });
    me = await server.signUp('Rester');
    auth = { authorization: `Bearer ${me.accessToken}` };
  });
  afterAll(() => server.close());

  it('serves every procedure of the contract at the method and path of its metadata', async () => {
    for (const operation of restOperations(contract)) {
      if (operation.procedure.type === 'subscription') continue;
      const path = operation.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const response = await fetch(`${server.url}/api/v1${path}`, { method: operation.method });
      // Reached the procedure: refused for having no credential (or for its input), never unrouted.
      expect([400, 401], `${operation.method} ${operation.path}`).toContain(response.status);
      await response.body?.cancel();
    }
  });

  it('creates with 201 and a Location to read it back, updates with PATCH, deletes with 204', async () => {
    const created = await rest(
      'POST',
      '/projects',
      sendJson({ name: 'Over REST', description: 'made with curl' }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Over REST', description: 'made with curl', role: 'owner' });
    expect(created.headers.get('location')).toBe(`/api/v1/projects/${created.body.id}`);
    expect(created.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const read = await rest('GET', created.headers.get('location')?.replace('/api/v1', '') ?? '');
    expect(read).toMatchObject({ status: 200, body: created.body });

    const renamed = await rest(
      'PATCH',
      `/projects/${created.body.id}`,
      sendJson({ name: 'Renamed over REST' }),
    );
    expect(renamed).toMatchObject({ status: 200, body: { id: created.body.id, name: 'Renamed over REST' } });

    const deleted = await rest('DELETE', `/projects/${created.body.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await rest('GET', `/projects/${created.body.id}`)).body).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('reads query strings by the input schema: numbers, repeated arrays, dates and null', async () => {
    const project = (await rest('POST', '/projects', sendJson({ name: 'Filters' }))).body;
    const make = (title: string, extra: Record<string, unknown>) =>
      rest('POST', `/projects/${project.id}/tasks`, sendJson({ title, ...extra }));
    await make('early todo', { dueDate: '2030-01-01T00:00:00.000Z', status: 'todo' });
    await make('late todo', { dueDate: '2031-01-01T00:00:00.000Z', status: 'todo' });
    await make('early done', { dueDate: '2030-02-01T00:00:00.000Z', status: 'done' });
    await make('in progress', { dueDate: '2030-03-01T00:00:00.000Z', status: 'in_progress' });

    const query =
      'status=todo&status=done&dueBefore=2030-12-31T00:00:00Z&assigneeId=null&sort=dueDate&order=asc&limit=1';
    const first = await rest('GET', `/projects/${project.id}/tasks?${query}`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((task: { title: string }) => task.title)).toEqual(['early todo']);
    const second = await rest(
      'GET',
      `/projects/${project.id}/tasks?${query}&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(second.body).toMatchObject({
      items: [{ title: 'early done', dueDate: '2030-02-01T00:00:00.000Z' }],
      nextCursor: null,
    });

    const one = await rest('GET', `/projects/${project.id}/tasks?status=in_progress`);
    expect(one.body.items.map((task: { title: string }) => task.title)).toEqual(['in progress']);
    const bad = await rest('GET', `/projects/${project.id}/tasks?limit=many&dueBefore=soon`);
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((issue: { path: string[] }) => issue.path.join('.')).sort()).toEqual([
      'dueBefore',
      'limit',
    ]);
  });

  it('takes and gives XML that means what the JSON means', async () => {
    const project = (await rest('POST', '/projects', sendJson({ name: 'XML' }))).body;
    const created = await rest('POST', `/projects/${project.id}/tasks`, {
      headers: { 'content-type': xml, accept: xml },
      body: `<?xml version="1.0"?>
<input>
  <title>Write &lt;docs&gt; &amp; ship</title>
  <dueDate>2030-06-01T09:00:00Z</dueDate>
  <labels><i>writing</i></labels>
</input>`,
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toContain('application/xml');
    expect(created.text).toContain('<title>Write &lt;docs&gt; &amp; ship</title>');
    expect(created.text).toContain('<dueDate>2030-06-01T09:00:00.000Z</dueDate>');
    expect(created.text).toContain('<labels><i>writing</i></labels>');

    const taskId = /<id>([^<]+)<\/id>/.exec(created.text)?.[1];
    const asJson = await rest('GET', `/tasks/${taskId}`);
    expect(asJson.body).toMatchObject({
      title: 'Write <docs> & ship',
      dueDate: '2030-06-01T09:00:00.000Z',
      labels: ['writing'],
      description: null,
    });
    const asXml = await rest('GET', `/tasks/${taskId}`, { headers: { accept: xml } });
    expect(asXml.text).toMatch(/<description nil="true"\s*\/>/);
  });

  it('answers an error with RFC 9457 problem details in the format asked for', async () => {
    const invalid = await rest('POST', '/projects', sendJson({ name: '' }));
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(invalid.body).toMatchObject({
      type: `${server.url}/docs/errors#VALIDATION_FAILED`,
      title: 'The input is invalid.',
      status: 400,
      code: 'VALIDATION_FAILED',
      instance: '/api/v1/projects',
      issues: [{ path: ['name'], code: 'too_small' }],
      requestId: invalid.headers.get('x-request-id'),
    });

    const asXml = await rest('POST', '/projects', {
      headers: { 'content-type': json, accept: xml },
      body: '{"name":""}',
    });
    expect(asXml.headers.get('content-type')).toContain('application/problem+xml');
    expect(asXml.text).toContain('<problem xmlns="urn:ietf:rfc:7807">');
    expect(asXml.text).toContain('<code>VALIDATION_FAILED</code>');
    expect(asXml.text).toMatch(/<issues><i>.*<path><i>name<\/i><\/path>.*<\/i><\/issues>/s);

    const anonymous = await fetch(`${server.url}/api/v1/projects`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer realm="charter"');
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });

  it('refuses what it cannot read or write: 406, 415, malformed bodies, 405 with Allow, 413', async () => {
    expect((await rest('GET', '/projects', { headers: { accept: 'text/csv' } })).body).toMatchObject({
      status: 406,
      code: 'NOT_ACCEPTABLE',
    });
    expect(
      (await rest('POST', '/projects', { headers: { 'content-type': 'text/plain' }, body: 'name=x' })).body,
    ).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect(
      (await rest('POST', '/projects', { headers: { 'content-type': json }, body: '{"name":' })).body,
    ).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
    });
    const wrongMethod = await rest('PUT', '/projects');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST, GET');
    const huge = await rest('POST', '/projects', sendJson({ name: 'x'.repeat(limits.requestBodyMaxBytes) }));
    expect(huge.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect((await rest('GET', '/nothing-here')).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('authenticates before it reads a body: a refused caller is answered before its body has arrived', async () => {
    const huge = sendJson({ name: 'x'.repeat(limits.requestBodyMaxBytes) });
    const anonymous = await rest('POST', '/projects', {
      ...huge,
      headers: { ...huge.headers, authorization: '' },
    });
    expect(anonymous.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    // Headers announcing a body of which only a little is ever sent: the answer cannot wait for it.
    const answer = await new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(server.url);
      const socket = connect(Number(port), hostname, () =>
        socket.write(
          'POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
            'Authorization: Bearer not-a-token\r\nContent-Length: 100000\r\n\r\n{"name":"',
        ),
      );
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
        if (received.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(received);
        }
      });
      socket.on('error', reject);
      setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer before the body arrived; got ${JSON.stringify(received)}`));
      }, 5_000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
  });

  it('accepts in Accept every media type the description lists for an answer of the operation (a 204 DELETE takes application/problem+json)', async () => {
    const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { $ref?: string; content?: object }> }>
      >;
      components: { responses: Record<string, { content?: object }> };
    };
    const refusals: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const types = new Set(
          Object.values(operation.responses).flatMap((response) =>
            Object.keys(
              (response.$ref
                ? document.components.responses[response.$ref.split('/').pop() as string]
                : response
              )?.content ?? {},
            ),
          ),
        );
        for (const type of types) {
          // No credential: a call that gets past the Accept check is refused with 401 (or 400 for a public one).
          const response = await fetch(`${server.url}/api/v1${path.replace(/\{[^}]+\}/g, 'cha_0')}`, {
            method: method.toUpperCase(),
            headers: { accept: type },
          });
          await response.body?.cancel();
          if (response.status === 406) refusals.push(`${method.toUpperCase()} ${path} Accept: ${type}`);
        }
      }
    }
    expect(refusals).toEqual([]);
    const deleted = await rest('POST', '/projects', sendJson({ name: 'Deleted, accepting problems' }));
    const answer = await rest('DELETE', `/projects/${deleted.body.id}`, {
      headers: { accept: 'application/problem+json' },
    });
    expect(answer.status).toBe(204);
  });

  it('sends WWW-Authenticate with every 401, on REST and tRPC alike: no credential, a wrong password, a spent refresh token', async () => {
    const refusals = [
      await fetch(`${server.url}/api/v1/projects`),
      await fetch(`${server.url}/api/v1/auth/log-in`, {
        method: 'POST',
        headers: { 'content-type': json },
        body: JSON.stringify({ email: me.email, password: 'not the password' }),
      }),
      await fetch(`${server.url}/api/v1/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': json },
        body: JSON.stringify({ refreshToken: 'spent-or-never-issued' }),
      }),
      await fetch(`${server.url}/trpc/projects.list`),
      await fetch(`${server.url}/trpc/auth.logIn`, {
        method: 'POST',
        headers: { 'content-type': json },
        body: JSON.stringify({ json: { email: me.email, password: 'not the password' } }),
      }),
      await fetch(`${server.url}/trpc/auth.refresh`, {
        method: 'POST',
        headers: { 'content-type': json },
        body: JSON.stringify({ json: { refreshToken: 'spent-or-never-issued' } }),
      }),
    ];
    for (const response of refusals) {
      await response.body?.cancel();
      expect(response.status, response.url).toBe(401);
      expect(response.headers.get('www-authenticate'), response.url).toContain('realm="charter"');
    }
  });

  it('refuses U+0000 with 400 wherever a string travels: path, query, body, credentials in a body', async () => {
    const project = (await rest('POST', '/projects', sendJson({ name: 'No NUL here' }))).body;
    const refused = [
      await rest('DELETE', '/oauth-apps/cha_%00'),
      await rest('GET', '/projects?cursor=%00'),
      await rest('GET', `/projects/${project.id}/tasks?label=a%00b`),
      await rest('POST', '/projects', sendJson({ name: 'a\u0000b' })),
      await rest('POST', `/projects/${project.id}/tasks`, sendJson({ title: 't', description: '\u0000' })),
      await rest('POST', '/auth/log-in', sendJson({ email: me.email, password: 'pass\u0000word' })),
      await rest('POST', '/auth/refresh', sendJson({ refreshToken: 'chr_\u0000' })),
    ];
    for (const response of refused) {
      expect(response.status, response.text).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await rest('GET', `/projects/${project.id}/tasks`)).body.items).toEqual([]);
  });

  it('refuses hostile XML (entities, DTDs, deep nesting) and changes nothing', async () => {
    const before = (await rest('GET', '/projects')).body.items.length;
    const attacks = [
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><input><name>&lol2;</name></input>`,
      `<?xml version="1.0"?><!DOCTYPE input [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><input><name>&xxe;</name></input>`,
      `<input><name>${'<a>'.repeat(100)}x${'</a>'.repeat(100)}</name></input>`,
      '<input><name>unclosed</input>',
    ];
    for (const body of attacks) {
      const response = await rest('POST', '/projects', { headers: { 'content-type': xml }, body });
      expect(response.status, body.slice(0, 60)).toBe(400);
      expect(response.body.code).toBe('BAD_REQUEST');
      expect(response.body.detail).toBeTruthy();
    }
    expect((await rest('GET', '/projects')).body.items.length).toBe(before);
  });

  it('runs the same authentication, scopes and rate limits as tRPC', async () => {
    const { key } = (
      await rest('POST', '/api-keys', sendJson({ name: 'read only', scopes: ['projects:read'] }))
    ).body;
    const viaKey = await fetch(`${server.url}/api/v1/projects`, { headers: { 'x-api-key': key } });
    expect(viaKey.status).toBe(200);
    expect(parseRateLimitHeaders(viaKey.headers)[0]).toMatchObject({ name: 'default', limit: 200 });
    const forbidden = await fetch(`${server.url}/api/v1/projects`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': json },
      body: '{"name":"nope"}',
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('www-authenticate')).toContain('error="insufficient_scope"');

    const basic = await fetch(`${server.url}/api/v1/auth/me`, {
      headers: { authorization: `Basic ${Buffer.from(`${me.email}:${me.password}`).toString('base64')}` },
    });
    expect(await basic.json()).toMatchObject({ id: me.user.id, email: me.email });

    const limited = await startTestServer('pglite', { env: { RATE_LIMITS: budgets({ default: '1/60s' }) } });
    try {
      const user = await limited.signUp('Limited');
      const call = () =>
        fetch(`${limited.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${user.accessToken}` } });
      expect((await call()).status).toBe(200);
      const refused = await call();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        retryAfterSeconds: expect.any(Number),
      });
    } finally {
      await limited.close();
    }
  });

  it('streams task changes as server-sent events', async () => {
    const project = (await rest('POST', '/projects', sendJson({ name: 'Live over REST' }))).body;
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/v1/projects/${project.id}/tasks/events`, {
      headers: auth,
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    let received = '';
    await expect
      .poll(
        async () => {
          await rest('POST', `/projects/${project.id}/tasks`, sendJson({ title: 'Seen live' }));
          const { value } = await Promise.race([
            reader.read(),
            new Promise<{ value: string }>((r) => setTimeout(() => r({ value: '' }), 300)),
          ]);
          received += value ?? '';
          return received;
        },
        { timeout: 10_000 },
      )
      .toMatch(/data: \{"type":"created","task":\{.*"title":"Seen live"/);
    controller.abort();
  });
});
