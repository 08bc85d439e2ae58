import { gzipSync } from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NotesServer } from '../../test-fixtures/notes-server.ts';
import { removedNotes, restLimits, serveRestNotes } from '../../test-fixtures/rest-notes-server.ts';

/**
 * The REST surface as HTTP and RFC 9457 say it must behave, request by request: reads in JSON and
 * XML, a create's 201 and Location, a delete's 204, every refusal a problem document that the
 * schema the handler publishes (its OpenAPI document's `Problem`) accepts, gzip bodies, HEAD, and
 * revalidation with ETag and 304.
 */

let server: NotesServer;
let isProblem: ReturnType<Ajv2020['compile']>;

beforeAll(async () => {
  const published = await serveRestNotes();
  const response = await fetch(`${published.url}/api/v1/openapi.json`);
  const document = (await response.json()) as { components: { schemas: Record<string, object> } };
  await published.close();
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'doc', components: document.components });
  isProblem = ajv.compile({ $ref: 'doc#/components/schemas/Problem' });
});

// Each test spends from a fresh budget.
beforeEach(async () => {
  server = await serveRestNotes();
});
afterEach(async () => {
  await server.close();
});

const all = { 'x-api-key': 'key-all' };
const readOnly = { 'x-api-key': 'key-read' };
const json = { 'content-type': 'application/json' };

function request(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}/api/v1${path}`, init);
}

/** A failure's whole answer: its status, the problem (valid against the published schema), and its headers. */
async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const problem = (await response.json()) as Record<string, unknown>;
  expect(isProblem(problem), JSON.stringify(isProblem.errors)).toBe(true);
  expect(problem.status).toBe(response.status);
  return problem;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

describe('REST reads', () => {
  it('answers a read in JSON, Dates as ISO 8601, with a weak ETag and Vary: Accept', async () => {
    const response = await request('/notes/n1', { headers: readOnly });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('etag')).toMatch(/^W\/"[0-9a-f]+-[\w+/]{27}"$/);
    expect(response.headers.get('vary')).toBe('Accept');
    expect(await response.text()).toBe('{"id":"n1","text":"hello","remindAt":"2030-01-01T09:00:00.000Z"}');
  });

  it('answers the same read in XML when the caller prefers it', async () => {
    const response = await request('/notes/n1', { headers: { ...readOnly, accept: 'application/xml' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(xml.parse(await response.text())).toMatchObject({
      output: { id: 'n1', text: 'hello', remindAt: '2030-01-01T09:00:00.000Z' },
    });
  });

  it('answers HEAD as it answers GET, without the body', async () => {
    const [get, head] = await Promise.all([
      request('/notes/n1', { headers: readOnly }),
      request('/notes/n1', { method: 'HEAD', headers: readOnly }),
    ]);
    expect(head.status).toBe(200);
    // Node leaves Content-Length off a HEAD answer whose body it never writes, as RFC 9110 §9.3.2 allows.
    for (const name of ['content-type', 'etag', 'vary'])
      expect(head.headers.get(name), name).toBe(get.headers.get(name));
    expect(await head.text()).toBe('');
  });

  it('answers 304 without a body to a request naming the ETag it holds, 200 to one naming another', async () => {
    const first = await request('/notes/n1', { headers: readOnly });
    const etag = first.headers.get('etag') as string;
    // As a browser revalidates; fetch() adds Cache-Control: no-cache to a conditional request unless
    // told otherwise, and the handler (as Express's `fresh`) then answers 200 whatever the ETag.
    const revalidating = { ...readOnly, 'cache-control': 'max-age=0' };
    const again = await request('/notes/n1', { headers: { ...revalidating, 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('content-type')).toBeNull();
    expect(await again.text()).toBe('');
    const changed = await request('/notes/n1', {
      headers: { ...revalidating, 'if-none-match': 'W/"0-other"' },
    });
    expect(changed.status).toBe(200);
  });
});

describe('REST writes', () => {
  it('creates with 201 and the Location of what it made', async () => {
    const response = await request('/notes', {
      method: 'POST',
      headers: { ...all, ...json },
      body: JSON.stringify({ text: 'call Ada', remindAt: '2031-02-03T04:05:06.789Z' }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/api/v1/notes/key-all-1');
    expect(await response.json()).toEqual({
      id: 'key-all-1',
      text: 'call Ada',
      remindAt: '2031-02-03T04:05:06.789Z',
    });
  });

  it('creates from an XML body, and from a gzip-encoded one', async () => {
    const fromXml = await request('/notes', {
      method: 'POST',
      headers: { ...all, 'content-type': 'application/xml' },
      body: '<input><text>from xml</text></input>',
    });
    expect(fromXml.status).toBe(201);
    expect(await fromXml.json()).toMatchObject({ text: 'from xml' });
    const gzipped = await request('/notes', {
      method: 'POST',
      headers: { ...all, ...json, 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ text: 'from gzip' })),
    });
    expect(gzipped.status).toBe(201);
    expect(await gzipped.json()).toMatchObject({ text: 'from gzip' });
  });

  it('deletes with 204 and no body', async () => {
    const response = await request('/notes/n7', { method: 'DELETE', headers: all });
    expect(response.status).toBe(204);
    expect(response.headers.get('content-type')).toBeNull();
    expect(await response.text()).toBe('');
    expect(removedNotes).toContain('n7');
  });
});

describe('REST refusals, each an RFC 9457 problem', () => {
  it('refuses a request without a credential with 401 and the challenge', async () => {
    const response = await request('/notes/n1');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('ApiKey realm="notes"');
    expect(await problemOf(response)).toEqual({
      type: 'https://notes.example/errors#UNAUTHORIZED',
      title: expect.any(String),
      status: 401,
      detail: 'Send a valid X-Api-Key.',
      instance: '/api/v1/notes/n1',
      code: 'UNAUTHORIZED',
      requestId: 'req-1',
    });
  });

  it('refuses a request without a credential before reading its body, even one past the limit', async () => {
    const response = await request('/notes', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ text: 'x'.repeat(restLimits.maxBodyBytes) }),
    });
    expect(response.status).toBe(401);
    expect(await problemOf(response)).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses a credential without the scope with 403, naming it, before reading the body', async () => {
    const response = await request('/notes', {
      method: 'POST',
      headers: { ...readOnly, ...json },
      body: '{"text":',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe('ApiKey realm="notes", scope="notes:write"');
    expect(await problemOf(response)).toMatchObject({
      code: 'FORBIDDEN',
      detail: expect.stringContaining('notes:write'),
    });
  });

  it('answers a note that is not there with 404, and leaves a path it does not serve to the server', async () => {
    const missing = await request('/notes/missing', { headers: readOnly });
    expect(missing.status).toBe(404);
    expect(await problemOf(missing)).toMatchObject({ code: 'NOT_FOUND', instance: '/api/v1/notes/missing' });
    const elsewhere = await request('/nothing/here', { headers: readOnly });
    expect({ status: elsewhere.status, body: await elsewhere.text() }).toEqual({ status: 404, body: 'left' });
  });

  it('refuses a method the path does not serve with 405 and Allow', async () => {
    const response = await request('/notes/n1', { method: 'PUT', headers: { ...all, ...json }, body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, DELETE');
    expect(await problemOf(response)).toMatchObject({ code: 'METHOD_NOT_SUPPORTED' });
  });

  it('refuses with 406 a caller that accepts neither JSON nor XML', async () => {
    const response = await request('/notes/n1', { headers: { ...readOnly, accept: 'text/html' } });
    expect(response.status).toBe(406);
    expect(await problemOf(response)).toMatchObject({ code: 'NOT_ACCEPTABLE' });
  });

  it('refuses with 413 a body past the limit, and one that only inflates past it', async () => {
    const text = 'x'.repeat(restLimits.maxBodyBytes);
    for (const [name, init] of [
      ['plain', { body: JSON.stringify({ text }) }],
      ['gzip', { body: gzipSync(JSON.stringify({ text })), headers: { 'content-encoding': 'gzip' } }],
    ] as const) {
      const response = await request('/notes', {
        method: 'POST',
        ...init,
        headers: { ...all, ...json, ...('headers' in init ? init.headers : {}) },
      });
      expect(response.status, name).toBe(413);
      expect(await problemOf(response)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    }
  });

  it('refuses with 415 a body in a type it does not read', async () => {
    const response = await request('/notes', {
      method: 'POST',
      headers: { ...all, 'content-type': 'text/plain' },
      body: 'call Ada',
    });
    expect(response.status).toBe(415);
    expect(await problemOf(response)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('refuses malformed JSON and invalid input with 400, the issues with their paths', async () => {
    const malformed = await request('/notes', {
      method: 'POST',
      headers: { ...all, ...json },
      body: '{"text":',
    });
    expect(malformed.status).toBe(400);
    expect(await problemOf(malformed)).toMatchObject({ code: 'BAD_REQUEST' });
    const invalid = await request('/notes', {
      method: 'POST',
      headers: { ...all, ...json },
      body: '{"text":""}',
    });
    expect(invalid.status).toBe(400);
    expect(await problemOf(invalid)).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ code: 'too_small', path: ['text'], message: expect.any(String) }],
    });
  });

  it('refuses past the budget with 429, Retry-After and retryAfterSeconds', async () => {
    const create = () =>
      request('/notes', { method: 'POST', headers: { ...all, ...json }, body: '{"text":"again"}' });
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let spent = 0; spent <= restLimits.budget; spent += 5) {
      const response = await create();
      statuses.push(response.status);
      if (response.status === 429) refused = response;
      else await response.body?.cancel();
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429]);
    expect(refused?.headers.get('retry-after')).toBe('60');
    expect(refused?.headers.get('ratelimit')).toBe('"notes";r=0;t=60');
    expect(await problemOf(refused as Response)).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      retryAfterSeconds: 60,
    });
  });

  it('answers an unexpected failure with a generic 500, keeping its message back', async () => {
    const response = await request('/notes/crash', { headers: readOnly });
    expect(response.status).toBe(500);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });

  it('answers a problem in XML to a caller that prefers XML, in the problem namespace', async () => {
    const response = await request('/notes/missing', { headers: { ...readOnly, accept: 'application/xml' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+xml; charset=utf-8');
    const { problem } = xml.parse(await response.text()) as { problem: Record<string, unknown> };
    const { '@xmlns': namespace, ...members } = problem;
    expect(namespace).toBe('urn:ietf:rfc:7807');
    expect(isProblem(members), JSON.stringify(isProblem.errors)).toBe(true);
    expect(members).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: '/api/v1/notes/missing' });
  });
});
