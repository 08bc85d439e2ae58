import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { initContract } from '../contract-builder.ts';
import { defineErrors } from '../error-catalogue.ts';
import { notesContract } from '../test-fixtures/notes-contract.ts';
import { restOperations } from './rest-operations.ts';

const c = initContract({ errors: defineErrors({}), scopes: {} });
const Item = z.object({ id: z.string(), name: z.string() });
const items = c.contract({
  items: {
    create: c.mutation({
      summary: 'Create',
      auth: 'public',
      rest: { method: 'POST', path: '/items' },
      input: z.object({ name: z.string() }),
      output: Item,
    }),
    get: c.query({
      summary: 'Get',
      auth: 'public',
      rest: { method: 'GET', path: '/items/{id}' },
      input: z.object({ id: z.string() }),
      output: Item,
    }),
    rename: c.mutation({
      summary: 'Rename',
      auth: 'public',
      rest: { method: 'PATCH', path: '/items/{id}' },
      input: z.object({ id: z.string(), name: z.string() }),
      output: Item,
    }),
    delete: c.mutation({
      summary: 'Delete',
      auth: 'public',
      rest: { method: 'DELETE', path: '/items/{id}' },
      input: z.object({ id: z.string() }),
      output: z.object({ id: z.string() }),
    }),
  },
});

describe('restOperations', () => {
  it('serves a procedure without rest metadata at GET or POST of its kebab-cased path', () => {
    expect(
      restOperations(notesContract).map((op) => [
        op.procedurePath,
        op.method,
        op.path,
        op.inputIn,
        op.operationId,
      ]),
    ).toEqual([
      ['notes.get', 'GET', '/notes/get', 'query', 'notesGet'],
      ['notes.create', 'POST', '/notes/create', 'body', 'notesCreate'],
      ['notes.tags.list', 'GET', '/notes/tags/list', 'query', 'notesTagsList'],
      ['notes.onChange', 'GET', '/notes/on-change', 'query', 'notesOnChange'],
    ]);
  });

  it('answers a create with 201 and the Location of its get, a DELETE with 204, anything else with 200', () => {
    const byPath = Object.fromEntries(restOperations(items).map((op) => [op.procedurePath, op]));
    expect(byPath['items.create']).toMatchObject({
      successStatus: 201,
      location: { path: '/items/{id}', parameter: 'id', field: 'id' },
    });
    expect(byPath['items.get']).toMatchObject({
      successStatus: 200,
      pathParameters: ['id'],
      inputIn: 'query',
    });
    expect(byPath['items.rename']).toMatchObject({ successStatus: 200, inputIn: 'body' });
    expect(byPath['items.delete']).toMatchObject({ successStatus: 204, inputIn: 'query' });
    expect(byPath['items.rename']?.location).toBeUndefined();
  });

  it('refuses two procedures at one route, naming both', () => {
    const clash = c.contract({
      a: c.query({
        summary: 'A',
        auth: 'public',
        rest: { method: 'GET', path: '/x/{id}' },
        input: z.object({ id: z.string() }),
        output: z.string(),
      }),
      b: c.query({
        summary: 'B',
        auth: 'public',
        rest: { method: 'GET', path: '/x/{key}' },
        input: z.object({ key: z.string() }),
        output: z.string(),
      }),
    });
    expect(() => restOperations(clash)).toThrow('b and a are both served at GET /x/{}');
  });

  it('refuses a path parameter the input lacks, and a malformed path', () => {
    const missing = c.contract({
      a: c.query({
        summary: 'A',
        auth: 'public',
        rest: { method: 'GET', path: '/x/{id}' },
        output: z.string(),
      }),
    });
    expect(() => restOperations(missing)).toThrow(
      'a: REST path /x/{id} names {id}, which its input does not have',
    );
    const malformed = c.contract({
      a: c.query({ summary: 'A', auth: 'public', rest: { method: 'GET', path: 'x//Y' }, output: z.string() }),
    });
    expect(() => restOperations(malformed)).toThrow('a: REST path x//Y must be /segments');
  });
});
