import { createTRPCClient, httpBatchLink, isTRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInErrors } from '../error-catalogue.ts';
import type { RouterOf } from '../router-type.ts';
import { builtInError } from '../server/built-in-error.ts';
import type { notesContract } from '../test-fixtures/notes-contract.ts';
import { type NotesServer, notesPolicy, serveNotes } from '../test-fixtures/notes-server.ts';
import { transformer } from '../transformer.ts';
import type { RpcPlugin } from './plugin.ts';

const servers: NotesServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: Parameters<typeof serveNotes>[0] = {}) {
  const server = await serveNotes(options);
  servers.push(server);
  return server;
}

const client = (url: string, apiKey?: string) =>
  createTRPCClient<RouterOf<typeof notesContract>>({
    links: [
      httpBatchLink({ url: `${url}/trpc`, transformer, headers: apiKey ? { 'x-api-key': apiKey } : {} }),
    ],
  });

describe('createRpcHandler', () => {
  it('serves the contract over tRPC, Dates and all, to @trpc/client', async () => {
    const { url } = await serve();
    const notes = client(url, 'key-all').notes;
    const [note, created, tags] = await Promise.all([
      notes.get.query({ id: 'n1' }),
      notes.create.mutate({ text: 'call Ada', remindAt: new Date('2031-02-03T04:05:06Z') }),
      notes.tags.list.query(),
    ]);
    expect(note.remindAt).toEqual(new Date('2030-01-01T09:00:00Z'));
    expect(created).toEqual({
      id: 'key-all-1',
      text: 'call Ada',
      remindAt: new Date('2031-02-03T04:05:06Z'),
    });
    expect(tags).toEqual(['a', 'b']);
  });

  it('serves the same procedures over REST, in JSON and XML', async () => {
    const { url } = await serve();
    const json = await fetch(`${url}/api/v1/notes/get?id=n1`, { headers: { 'x-api-key': 'key-read' } });
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({ id: 'n1', text: 'hello', remindAt: '2030-01-01T09:00:00.000Z' });
    const xml = await fetch(`${url}/api/v1/notes/get?id=n1`, {
      headers: { 'x-api-key': 'key-read', accept: 'application/xml' },
    });
    expect(xml.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await xml.text()).toContain('<text>hello</text>');
  });

  it('publishes the OpenAPI document of the REST surface it serves, when given its info', async () => {
    const { url } = await serve({
      openApi: {
        info: { title: 'Notes', version: '1.0.0' },
        securitySchemes: { apiKey: { scheme: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
      },
    });
    const response = await fetch(`${url}/api/v1/openapi.json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(document).toMatchObject({
      openapi: '3.1.0',
      info: { title: 'Notes' },
      servers: [{ url: '/api/v1' }],
    });
    expect(Object.keys(document.paths)).toContain('/notes/get');
    const again = await fetch(`${url}/api/v1/openapi.json`, {
      headers: { 'if-none-match': response.headers.get('etag') as string, 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
  });

  it('refuses, when built, OpenAPI options that do not fit the contract', async () => {
    await expect(serveNotes({ openApi: { info: { title: 'Notes', version: '1.0.0' } } })).rejects.toThrow(
      'notes.get requires a credential with notes:read, but no security scheme in the options offers it',
    );
  });

  it('refuses, when built, a contract that takes Idempotency-Keys with a policy that keeps none', async () => {
    const { idempotency: _none, ...policy } = notesPolicy();
    await expect(serveNotes({ policy })).rejects.toThrow(
      "notes.create takes an Idempotency-Key, but the policy keeps none: give it an idempotency store, or mark the procedure idempotency: 'ignored'",
    );
  });

  it('leaves every other request, untouched, to the rest of the server', async () => {
    const { url } = await serve();
    for (const path of ['/', '/api/v1/nothing', '/openapi.json', '/trpcx']) {
      const response = await fetch(`${url}${path}`);
      expect({ path, status: response.status, body: await response.text() }).toEqual({
        path,
        status: 404,
        body: 'left',
      });
    }
  });

  it('answers REST failures as RFC 9457 problems of the contract catalogue, linked by problemType', async () => {
    const { url } = await serve({ problemType: (code) => `https://notes.example/errors#${code}` });
    const response = await fetch(`${url}/api/v1/notes/get?id=missing`, {
      headers: { 'x-api-key': 'key-read' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await response.json()).toMatchObject({
      type: 'https://notes.example/errors#NOT_FOUND',
      status: 404,
      code: 'NOT_FOUND',
      instance: '/api/v1/notes/get?id=missing',
    });
  });

  it('puts the policy challenge on every 401, on both surfaces', async () => {
    const { url } = await serve();
    const rest = await fetch(`${url}/api/v1/notes/get?id=n1`);
    expect(rest.status).toBe(401);
    expect(rest.headers.get('www-authenticate')).toBe('ApiKey realm="notes"');
    const trpc = await fetch(`${url}/trpc/notes.get?input=${encodeURIComponent('{"json":{"id":"n1"}}')}`);
    expect(trpc.status).toBe(401);
    expect(trpc.headers.get('www-authenticate')).toBe('ApiKey realm="notes"');
  });

  it('sends Retry-After for an error that carries only its retry time', async () => {
    const policy = notesPolicy();
    const { url } = await serve({
      policy: {
        ...policy,
        charge: async () => {
          throw builtInError('TOO_MANY_REQUESTS', 'Slow down.', { retryAfterSeconds: 7 });
        },
      },
    });
    const response = await fetch(`${url}/api/v1/notes/tags/list`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });

  it('checks the credential once for all the calls of a batch, and not at all for public ones', async () => {
    const events: string[] = [];
    const { url } = await serve({ policy: notesPolicy(events) });
    const notes = client(url, 'key-read').notes;
    await Promise.all([notes.get.query({ id: 'a' }), notes.get.query({ id: 'b' }), notes.tags.list.query()]);
    expect(events.filter((event) => event === 'authenticate')).toHaveLength(1);
    expect(events.filter((event) => event.startsWith('charge'))).toHaveLength(3);
  });

  it('charges each call its cost and refuses past the budget with 429, RateLimit headers on every answer', async () => {
    const { url } = await serve({ policy: notesPolicy([], 12) });
    const create = () =>
      fetch(`${url}/api/v1/notes/create`, {
        method: 'POST',
        headers: { 'x-api-key': 'key-all', 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'x' }),
      });
    const first = await create();
    expect(first.status).toBe(201);
    expect(first.headers.get('ratelimit')).toBe('"notes";r=7;t=60');
    await create();
    const refused = await create();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('ratelimit')).toBe('"notes";r=0;t=60');
  });

  it('runs its plugins in order before serving, and only on what it serves', async () => {
    const ran: string[] = [];
    const stamp = (name: string): RpcPlugin => ({
      name,
      onRequest(req, res, next) {
        ran.push(`${name} ${req.url}`);
        res.setHeader(`x-${name}`, 'ran');
        next();
      },
    });
    const { url } = await serve({ plugins: [stamp('first'), stamp('second')] });
    const served = await fetch(`${url}/api/v1/notes/tags/list`);
    expect(served.headers.get('x-second')).toBe('ran');
    await fetch(`${url}/elsewhere`);
    expect(ran).toEqual(['first /api/v1/notes/tags/list', 'second /api/v1/notes/tags/list']);
  });

  it("runs onCall around every call of a batch, on each surface and through tRPC's adapter too, refusals included", async () => {
    const seen: string[] = [];
    const recorder: RpcPlugin = {
      name: 'recorder',
      async onCall(call, next) {
        try {
          const result = await next();
          seen.push(`${call.surface} ${call.type} ${call.path} ok`);
          return result;
        } catch (error) {
          seen.push(`${call.surface} ${call.type} ${call.path} ${(error as { code?: string }).code}`);
          throw error;
        }
      },
    };
    for (const fastPath of [true, false]) {
      seen.length = 0;
      const { url } = await serve({ plugins: [recorder], fastPath });
      const notes = client(url, 'key-read').notes;
      await Promise.allSettled([
        notes.get.query({ id: 'n1' }),
        notes.create.mutate({ text: 'x' }),
        notes.tags.list.query(),
      ]);
      await fetch(`${url}/api/v1/notes/get?id=missing`, { headers: { 'x-api-key': 'key-read' } });
      expect(seen.sort()).toEqual([
        'rest query notes.get NOT_FOUND',
        'trpc mutation notes.create FORBIDDEN',
        'trpc query notes.get ok',
        'trpc query notes.tags.list ok',
      ]);
    }
  });

  it('answers 500 and tells the log when a plugin fails', async () => {
    const logged: unknown[] = [];
    const log = {
      error: (details: object, message: string) => logged.push({ message, details }),
      warn: () => {},
    };
    const failing: RpcPlugin = {
      name: 'broken',
      onRequest: (_req, _res, next) => next(new Error('plugin broke')),
    };
    const { url } = await serve({ plugins: [failing], logOf: () => log });
    const response = await fetch(`${url}/api/v1/notes/tags/list`);
    expect(response.status).toBe(500);
    expect(logged).toEqual([
      {
        message: 'plugin failed',
        details: expect.objectContaining({ plugin: 'broken', url: '/api/v1/notes/tags/list' }),
      },
    ]);
  });

  it('logs an unexpected failure with its cause and tells the caller only the generic 500', async () => {
    const logged: { message: string; details: { err?: unknown } }[] = [];
    const log = {
      error: (details: object, message: string) => logged.push({ message, details }),
      warn: () => {},
    };
    const { url } = await serve({ logOf: () => log });
    const error = await client(url, 'key-read')
      .notes.get.query({ id: 'crash' })
      .catch((caught: unknown) => caught);
    expect(isTRPCClientError(error) && error.message).toBe(builtInErrors.INTERNAL_SERVER_ERROR.message);
    expect(logged).toEqual([
      { message: 'procedure failed', details: expect.objectContaining({ path: 'notes.get' }) },
    ]);
    expect(String(logged[0]?.details.err)).toContain('hunter2');
  });
});
