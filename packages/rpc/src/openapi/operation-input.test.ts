import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { initContract } from '../contract-builder.ts';
import { defineErrors } from '../error-catalogue.ts';
import { openApiDocument } from './openapi-document.ts';
import type { OpenApiDocument, OperationObject, ParameterObject } from './openapi-types.ts';
import { serverOptions, validationErrors } from './test-kit.ts';

const c = initContract({ errors: defineErrors({}), scopes: {} });
const Shelf = z.object({ id: z.number().int(), title: z.string() });

const contract = c.contract({
  shelves: {
    books: c.query({
      summary: 'Books on a shelf',
      auth: 'public',
      rest: { method: 'GET', path: '/shelves/{shelfId}/books' },
      input: z.object({
        shelfId: z.number().int().min(1).describe('The shelf.'),
        genre: z
          .array(z.enum(['novel', 'essay']))
          .min(1)
          .optional(),
        authorId: z.string().nullable().optional().describe('`null` for anonymous books.'),
        limit: z.number().int().default(20),
      }),
      output: z.array(z.string()),
      examples: [{ title: 'Novels', input: { shelfId: 3, genre: ['novel'] } }],
    }),
    retitle: c.mutation({
      summary: 'Retitle a shelf',
      auth: 'public',
      rest: { method: 'PUT', path: '/shelves/{id}' },
      input: z.object({ id: z.number().int(), title: z.string().min(1) }),
      output: Shelf,
      examples: [{ title: 'Classics', input: { id: 3, title: 'Classics' } }],
    }),
    tidy: c.mutation({
      summary: 'Tidy a shelf',
      auth: 'public',
      rest: { method: 'POST', path: '/shelves/{id}/tidy' },
      input: z.object({ id: z.number().int(), dryRun: z.boolean().default(false) }),
      output: Shelf,
    }),
    count: c.query({ summary: 'Count shelves', auth: 'public', output: z.number().int() }),
  },
});

const document = openApiDocument(contract, serverOptions);
const operation = (id: string): OperationObject =>
  Object.values(document.paths)
    .flatMap((item) => Object.values(item))
    .find((each) => each.operationId === id) as OperationObject;
const parameters = (id: string) => (operation(id).parameters ?? []) as ParameterObject[];
const bodySchema = (doc: OpenApiDocument, id: string) => {
  const ref = operation(id).requestBody?.content['application/json']?.schema.$ref as string;
  return doc.components.schemas[ref.replace('#/components/schemas/', '')];
};

describe('operation input', () => {
  it('makes each path parameter required and types it from the input schema', async () => {
    expect(parameters('shelvesBooks')[0]).toEqual({
      name: 'shelfId',
      in: 'path',
      description: 'The shelf.',
      required: true,
      schema: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
      examples: { novels: { summary: 'Novels', value: 3 } },
    });
    expect(await validationErrors(document)).toBeUndefined();
  });

  it('sends the other fields of a GET as query parameters, required as the schema says', () => {
    expect(
      parameters('shelvesBooks').map(({ name, in: where, required }) => [name, where, required]),
    ).toEqual([
      ['shelfId', 'path', true],
      ['genre', 'query', false],
      ['authorId', 'query', false],
      // A default makes a field optional for the caller.
      ['limit', 'query', false],
    ]);
    expect(parameters('shelvesBooks')[3]?.schema).toEqual({
      type: 'integer',
      default: 20,
      minimum: Number.MIN_SAFE_INTEGER,
      maximum: Number.MAX_SAFE_INTEGER,
    });
  });

  it('repeats an array query parameter once per item (?genre=novel&genre=essay)', () => {
    expect(parameters('shelvesBooks')[1]).toMatchObject({
      style: 'form',
      explode: true,
      schema: { type: 'array', minItems: 1, items: { type: 'string', enum: ['novel', 'essay'] } },
    });
    // XML layout means nothing in a query string.
    expect(JSON.stringify(parameters('shelvesBooks'))).not.toContain('"xml"');
  });

  it('tells callers to send the text null for a nullable parameter, and types it as that text', () => {
    expect(parameters('shelvesBooks')[2]?.description).toBe(
      '`null` for anonymous books. Send the text `null` for null.',
    );
    // JSON null cannot travel in a URL: a generated client would drop it.
    expect(parameters('shelvesBooks')[2]?.schema).toEqual({
      anyOf: [{ type: 'string' }, { type: 'string', const: 'null' }],
    });
    expect(parameters('shelvesBooks')[1]?.description).toBeUndefined();
  });

  it('leaves the path parameters out of the request body', () => {
    expect(parameters('shelvesRetitle').map(({ name, in: where }) => [name, where])).toEqual([
      ['id', 'path'],
    ]);
    expect(bodySchema(document, 'shelvesRetitle')).toEqual({
      type: 'object',
      properties: { title: { type: 'string', minLength: 1 } },
      required: ['title'],
      xml: { name: 'input' },
    });
    expect(operation('shelvesRetitle').requestBody?.content['application/json']?.examples).toEqual({
      classics: { summary: 'Classics', value: { title: 'Classics' } },
    });
  });

  it('makes the body optional when none of its fields is required', () => {
    expect(operation('shelvesRetitle').requestBody?.required).toBe(true);
    expect(operation('shelvesTidy').requestBody?.required).toBe(false);
  });

  it('has neither parameters nor body for a procedure without input', () => {
    expect(operation('shelvesCount')).not.toHaveProperty('parameters');
    expect(operation('shelvesCount')).not.toHaveProperty('requestBody');
    // Only a malformed request is a 400 there: nothing to validate.
    const badRequest = operation('shelvesCount').responses['400'] as { $ref: string };
    expect(badRequest.$ref).toBe('#/components/responses/BadRequest');
  });
});
