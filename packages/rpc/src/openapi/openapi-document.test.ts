import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { initContract } from '../contract-builder.ts';
import { defineErrors } from '../error-catalogue.ts';
import { notesContract } from '../test-fixtures/notes-contract.ts';
import { openApiDocument } from './openapi-document.ts';
import type { OpenApiDocument, OperationObject, Reference, ResponseObject } from './openapi-types.ts';
import { serverOptions, validationErrors } from './test-kit.ts';

const c = initContract({
  errors: defineErrors({ ITEM_LOCKED: { status: 409, message: 'This item is locked.' } }),
  scopes: { 'items:write': 'Change items' },
});
const Item = z.object({ id: z.string(), name: z.string(), createdAt: z.date() });
const itemsContract = c.contract({
  items: {
    create: c.mutation({
      summary: 'Create an item',
      auth: 'required',
      scopes: ['items:write'],
      rest: { method: 'POST', path: '/items' },
      input: z.object({ name: z.string() }),
      output: Item,
      examples: [
        {
          title: 'A lamp',
          input: { name: 'Lamp' },
          output: { id: 'i1', name: 'Lamp', createdAt: new Date('2030-01-01T09:00:00Z') },
        },
      ],
    }),
    get: c.query({
      summary: 'Get an item',
      auth: 'public',
      rest: { method: 'GET', path: '/items/{id}' },
      input: z.object({ id: z.string() }),
      output: Item,
    }),
    rename: c.mutation({
      summary: 'Rename an item',
      auth: 'required',
      scopes: ['items:write'],
      rest: { method: 'PATCH', path: '/items/{id}' },
      errors: ['NOT_FOUND', 'ITEM_LOCKED'],
      input: z.object({ id: z.string(), name: z.string() }),
      output: Item,
      deprecated: true,
    }),
    delete: c.mutation({
      summary: 'Delete an item',
      auth: 'required',
      scopes: ['items:write'],
      rest: { method: 'DELETE', path: '/items/{id}' },
      input: z.object({ id: z.string() }),
      output: z.object({ id: z.string() }),
    }),
  },
});

const notes = openApiDocument(notesContract, serverOptions);
const items = openApiDocument(itemsContract, serverOptions);

function operation(document: OpenApiDocument, operationId: string): OperationObject {
  const found = Object.values(document.paths)
    .flatMap((item) => Object.values(item))
    .find((each) => each.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  return found;
}

function response(document: OpenApiDocument, entry: ResponseObject | Reference | undefined): ResponseObject {
  if (entry && '$ref' in entry) {
    return document.components.responses[entry.$ref.replace('#/components/responses/', '')] as ResponseObject;
  }
  if (!entry) throw new Error('no such response');
  return entry;
}

const schemaOf = (document: OpenApiDocument, ref: unknown) =>
  document.components.schemas[String((ref as Reference).$ref).replace('#/components/schemas/', '')];

describe('openApiDocument', () => {
  it('describes a contract in a document the official OpenAPI 3.1 schema accepts', async () => {
    expect(notes).toMatchObject({
      openapi: '3.1.0',
      info: serverOptions.info,
      servers: serverOptions.servers,
    });
    expect(await validationErrors(notes)).toBeUndefined();
    expect(await validationErrors(items)).toBeUndefined();
  });

  it('is checked by a validator that does refuse a broken document', async () => {
    const broken = structuredClone(items);
    const created: Partial<ResponseObject> = response(
      broken,
      operation(broken, 'itemsCreate').responses[201],
    );
    delete created.description;
    expect(await validationErrors(broken)).toBeDefined();
  });

  it('serves every procedure at the method, path and success status of its REST operation', () => {
    const served = (document: OpenApiDocument) =>
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => [
          op.operationId,
          method,
          path,
          Object.keys(op.responses)[0],
        ]),
      );
    expect(served(notes)).toEqual([
      ['notesGet', 'get', '/notes/get', '200'],
      ['notesCreate', 'post', '/notes/create', '201'],
      ['notesTagsList', 'get', '/notes/tags/list', '200'],
      ['notesOnChange', 'get', '/notes/on-change', '200'],
    ]);
    expect(served(items)).toEqual([
      ['itemsCreate', 'post', '/items', '201'],
      ['itemsGet', 'get', '/items/{id}', '200'],
      ['itemsRename', 'patch', '/items/{id}', '200'],
      ['itemsDelete', 'delete', '/items/{id}', '204'],
    ]);
  });

  it('tags each operation with the first segment of its procedure path and names the procedure', () => {
    expect(notes.tags).toEqual([{ name: 'notes' }]);
    expect(operation(notes, 'notesTagsList')).toMatchObject({
      summary: 'List tags',
      tags: ['notes'],
      'x-procedure': 'notes.tags.list',
    });
    const described = openApiDocument(notesContract, { ...serverOptions, tags: { notes: 'Short notes.' } });
    expect(described.tags).toEqual([{ name: 'notes', description: 'Short notes.' }]);
  });

  it('marks a deprecated procedure deprecated, and only that one', () => {
    expect(operation(items, 'itemsRename').deprecated).toBe(true);
    expect(operation(items, 'itemsGet')).not.toHaveProperty('deprecated');
  });

  it("puts a deprecation's details first in its operation's description, naming the replacement's route", () => {
    const retiring = c.contract({
      items: {
        list: c.query({
          summary: 'List items',
          auth: 'public',
          output: z.array(Item),
          deprecated: {
            since: '2026-06-01',
            replacement: 'items.search',
            reason: 'It returns every item at once.',
          },
        }),
        search: c.query({ summary: 'Search items', auth: 'public', output: z.array(Item) }),
      },
    });
    const list = operation(openApiDocument(retiring, serverOptions), 'itemsList');
    expect(list.deprecated).toBe(true);
    expect(list.description).toMatch(
      /^\*\*Deprecated\*\* since 2026-06-01: It returns every item at once\. Call `items\.search` \(`GET \/items\/search`\) instead\.\n\n\*\*Authentication:\*\* none\./,
    );
  });

  it("states each operation's rate-limit cost as x-rate-limit and in words", () => {
    const create = operation(notes, 'notesCreate');
    expect(create['x-rate-limit']).toEqual({ cost: 5 });
    expect(create.description).toContain("costs 5 points of the caller's budget");
    expect(operation(notes, 'notesGet')['x-rate-limit']).toEqual({ cost: 1 });
  });

  it('states a Date as an ISO 8601 date-time string, in inputs and outputs', () => {
    const input = schemaOf(
      notes,
      operation(notes, 'notesCreate').requestBody?.content['application/json']?.schema,
    );
    expect(input?.properties).toMatchObject({ remindAt: { type: 'string', format: 'date-time' } });
    const output = schemaOf(
      notes,
      response(notes, operation(notes, 'notesGet').responses[200]).content?.['application/json']?.schema,
    );
    expect(output?.properties).toMatchObject({
      remindAt: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
    });
  });

  it('lists every catalogue code an operation can return, grouped by status', () => {
    const codesByStatus = (op: OperationObject) =>
      Object.fromEntries(
        Object.entries(op.responses)
          .filter(([status]) => Number(status) >= 400)
          .map(([status, entry]) => {
            const schema = response(items, entry).content?.['application/problem+json']?.schema ?? {};
            return [status, (schema.properties as { code: { enum: string[] } }).code.enum];
          }),
      );
    expect(codesByStatus(operation(items, 'itemsRename'))).toEqual({
      400: ['BAD_REQUEST', 'VALIDATION_FAILED'],
      401: ['UNAUTHORIZED'],
      403: ['FORBIDDEN'],
      404: ['NOT_FOUND'],
      406: ['NOT_ACCEPTABLE'],
      409: ['ITEM_LOCKED'],
      413: ['PAYLOAD_TOO_LARGE'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      429: ['TOO_MANY_REQUESTS'],
      500: ['INTERNAL_SERVER_ERROR'],
      503: ['SERVICE_UNAVAILABLE'],
    });
    // Public, no body: nothing about credentials or body size.
    expect(Object.keys(operation(items, 'itemsGet').responses)).toEqual([
      '200',
      '400',
      '406',
      '429',
      '500',
      '503',
    ]);
  });

  it('describes each error status in words, code by code', () => {
    const badRequest = response(items, operation(items, 'itemsRename').responses[400]);
    expect(badRequest.description).toBe(
      [
        '- `BAD_REQUEST`: The request could not be understood. The body is not valid JSON, a batch holds too many calls, or the request is otherwise malformed.',
        '- `VALIDATION_FAILED`: The input is invalid. The input does not match the procedure schema; `issues` lists each problem with its path.',
      ].join('\n'),
    );
  });

  it('answers errors with RFC 9457 problem details in JSON and XML, sharing one Problem schema', () => {
    const notFound = response(items, operation(items, 'itemsRename').responses[404]);
    expect(Object.keys(notFound.content ?? {})).toEqual([
      'application/problem+json',
      'application/problem+xml',
    ]);
    expect(notFound.content?.['application/problem+json']?.schema).toMatchObject({
      allOf: [{ $ref: '#/components/schemas/Problem' }],
      properties: { status: { const: 404 } },
    });
    const problem = items.components.schemas.Problem;
    expect(Object.keys(problem?.properties as object)).toEqual([
      'type',
      'title',
      'status',
      'detail',
      'instance',
      'code',
      'issues',
      'requestId',
      'retryAfterSeconds',
    ]);
    expect(items.components.schemas.ValidationIssue?.properties).toMatchObject({
      path: { type: 'array', items: { type: ['string', 'integer'] } },
    });
    expect(problem?.xml).toEqual({ name: 'problem', namespace: 'urn:ietf:rfc:7807' });
  });

  it('sends the rate-limit headers with every response, Retry-After with 429 and WWW-Authenticate with 401 and 403', () => {
    const rename = operation(items, 'itemsRename');
    for (const entry of Object.values(rename.responses)) {
      expect(response(items, entry).headers).toMatchObject({
        RateLimit: { $ref: '#/components/headers/RateLimit' },
        'RateLimit-Policy': { $ref: '#/components/headers/RateLimit-Policy' },
      });
    }
    expect(response(items, rename.responses[429]).headers).toHaveProperty('Retry-After');
    expect(response(items, rename.responses[401]).headers).toHaveProperty('WWW-Authenticate');
    expect(response(items, rename.responses[403]).headers).toHaveProperty('WWW-Authenticate');
    expect(response(items, rename.responses[200]).headers).not.toHaveProperty('Retry-After');
    expect(Object.keys(items.components.headers)).toEqual([
      'RateLimit',
      'RateLimit-Policy',
      'Retry-After',
      'WWW-Authenticate',
    ]);
  });

  it("adds the server's own headers to every response", () => {
    const document = openApiDocument(itemsContract, {
      ...serverOptions,
      responseHeaders: { 'X-Request-Id': { description: 'The request id.', schema: { type: 'string' } } },
    });
    expect(document.components.headers['X-Request-Id']).toEqual({
      description: 'The request id.',
      schema: { type: 'string' },
    });
    for (const entry of Object.values(operation(document, 'itemsRename').responses)) {
      expect(response(document, entry).headers).toHaveProperty('X-Request-Id');
    }
  });

  it('answers a create with 201, the Location of what it made and a link to the operation that reads it', () => {
    const created = response(items, operation(items, 'itemsCreate').responses[201]);
    expect(created.headers?.Location).toMatchObject({
      required: true,
      schema: { type: 'string', format: 'uri-reference' },
    });
    expect(created.links).toEqual({
      itemsGet: {
        operationId: 'itemsGet',
        parameters: { id: '$response.body#/id' },
        description: 'Reads what was created.',
      },
    });
    // notes.create has no `get` by one path parameter to point at.
    expect(response(notes, operation(notes, 'notesCreate').responses[201]).headers).not.toHaveProperty(
      'Location',
    );
  });

  it('answers a DELETE with 204 and no content', () => {
    const deleted = response(items, operation(items, 'itemsDelete').responses[204]);
    expect(deleted).not.toHaveProperty('content');
    expect(items.components.schemas).not.toHaveProperty('ItemsDeleteOutput');
  });

  it('streams a subscription as text/event-stream, with the schema of each event', () => {
    const stream = response(notes, operation(notes, 'notesOnChange').responses[200]);
    expect(Object.keys(stream.content ?? {})).toEqual(['text/event-stream']);
    expect(stream.content?.['text/event-stream']).toMatchObject({
      schema: { type: 'string' },
      'x-event-schema': { type: 'object', properties: { seq: { type: 'integer' } }, required: ['seq'] },
    });
    expect(Object.keys(operation(notes, 'notesOnChange').responses)).not.toContain('406');
  });

  it('accepts and answers JSON and XML with one schema, rooted at <input> and <output>, arrays of <i>', () => {
    const create = operation(notes, 'notesCreate');
    const body = create.requestBody?.content;
    expect(Object.keys(body ?? {})).toEqual(['application/json', 'application/xml']);
    expect(body?.['application/xml']?.schema).toEqual(body?.['application/json']?.schema);
    expect(schemaOf(notes, body?.['application/xml']?.schema)?.xml).toEqual({ name: 'input' });

    const list = response(notes, operation(notes, 'notesTagsList').responses[200]).content;
    expect(Object.keys(list ?? {})).toEqual(['application/json', 'application/xml']);
    expect(schemaOf(notes, list?.['application/xml']?.schema)).toEqual({
      type: 'array',
      items: { type: 'string', xml: { name: 'i' } },
      xml: { wrapped: true, name: 'output' },
    });
  });

  it('shows the worked examples: the input as the request, the output as the response, Dates as ISO text', () => {
    const create = operation(items, 'itemsCreate');
    expect(create.requestBody?.content['application/json']?.examples).toEqual({
      'a-lamp': { summary: 'A lamp', value: { name: 'Lamp' } },
    });
    expect(response(items, create.responses[201]).content?.['application/json']?.examples).toEqual({
      'a-lamp': {
        summary: 'A lamp',
        value: { id: 'i1', name: 'Lamp', createdAt: '2030-01-01T09:00:00.000Z' },
      },
    });
    expect(operation(notes, 'notesCreate').requestBody?.content['application/json']?.examples).toEqual({
      'a-reminder': {
        summary: 'A reminder',
        value: { text: 'call Ada', remindAt: '2030-01-01T09:00:00.000Z' },
      },
    });
  });

  it('declares the Idempotency-Key of a mutation that takes one, its replay header and its 422', () => {
    const create = operation(notes, 'notesCreate');
    expect(create.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    );
    expect(response(notes, create.responses[201]).headers).toHaveProperty('Idempotent-Replayed');
    const refused =
      response(notes, create.responses[422]).content?.['application/problem+json']?.schema ?? {};
    expect((refused.properties as { code: { enum: string[] } }).code.enum).toEqual([
      'IDEMPOTENCY_KEY_REUSED',
    ]);
    // A query takes no key, and a contract without keyed mutations has no replay header at all.
    expect(operation(notes, 'notesGet').parameters ?? []).not.toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key' }),
    );
    expect(items.components.headers).not.toHaveProperty('Idempotent-Replayed');
  });

  it('lists a parameter several operations share once, in components.parameters', () => {
    expect(items.components.parameters).toEqual({
      id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    });
    for (const operationId of ['itemsGet', 'itemsRename', 'itemsDelete']) {
      expect(operation(items, operationId).parameters).toEqual([{ $ref: '#/components/parameters/id' }]);
    }
  });

  it('leaves nothing of zod in the document: no $schema, no ~standard, no shared objects', () => {
    const text = JSON.stringify(notes);
    expect(text).not.toContain('$schema');
    expect(text).not.toContain('~standard');
    expect(text).not.toContain('pending-component');
    const seen = new Set<object>();
    const visit = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      expect(seen.has(value)).toBe(false);
      seen.add(value);
      expect(Object.getOwnPropertyNames(value).filter((key) => key.startsWith('~'))).toEqual([]);
      for (const item of Object.values(value)) visit(item);
    };
    visit(notes);
  });
});
