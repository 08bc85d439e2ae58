import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { initContract } from '../../contract-builder.ts';
import { defineErrors } from '../../error-catalogue.ts';
import { restOperations } from '../../rest/rest-operations.ts';
import { restRoutes } from './rest-routes.ts';

const c = initContract({ errors: defineErrors({}), scopes: {} });
const Task = z.object({ id: z.string() });
const byId = { input: Task, output: Task, auth: 'public' } as const;
const contract = c.contract({
  tasks: {
    list: c.query({ summary: 'List', auth: 'public', output: z.array(Task) }),
    get: c.query({ summary: 'Get', ...byId, rest: { method: 'GET', path: '/tasks/{id}' } }),
    update: c.mutation({ summary: 'Update', ...byId, rest: { method: 'PATCH', path: '/tasks/{id}' } }),
    delete: c.mutation({ summary: 'Delete', ...byId, rest: { method: 'DELETE', path: '/tasks/{id}' } }),
  },
});

const match = restRoutes(restOperations(contract));
const operationOf = (method: string, path: string) => {
  const route = match(method, path);
  return route?.kind === 'operation'
    ? { procedure: route.operation.procedurePath, params: route.params }
    : route;
};

describe('REST routes', () => {
  it('finds each operation of the contract at its method and path', () => {
    for (const operation of restOperations(contract)) {
      const path = operation.path.replace(/\{(\w+)\}/g, 'x');
      const route = match(operation.method, path);
      expect(route?.kind === 'operation' && route.operation.procedurePath).toBe(operation.procedurePath);
    }
  });

  it('takes path parameters, percent-decoded', () => {
    expect(operationOf('GET', '/tasks/a%20b')).toEqual({ procedure: 'tasks.get', params: { id: 'a b' } });
  });

  it('compares literal segments case-insensitively and allows a trailing slash, as Express did', () => {
    expect(operationOf('GET', '/TASKS/t1/')).toEqual({ procedure: 'tasks.get', params: { id: 't1' } });
  });

  it('serves HEAD with GET', () => {
    expect(operationOf('HEAD', '/tasks/t1')).toEqual({ procedure: 'tasks.get', params: { id: 't1' } });
  });

  it('answers a known path asked with another method with the methods it serves', () => {
    const route = match('PUT', '/tasks/t1');
    expect(route?.kind).toBe('method-not-allowed');
    expect(route?.kind === 'method-not-allowed' && route.allow.split(', ').sort()).toEqual(
      expect.arrayContaining(['GET', 'DELETE']),
    );
  });

  it('refuses a parameter that is not valid percent-encoding', () => {
    expect(match('GET', '/tasks/%E0%A4%A')).toEqual({
      kind: 'malformed',
      detail: 'The path parameter id is not valid percent-encoding.',
    });
  });

  it('leaves unknown paths and empty parameters to whoever is next', () => {
    expect(match('GET', '/nothing/here')).toBeUndefined();
    expect(match('GET', '/tasks/')).not.toMatchObject({ kind: 'operation', params: { id: '' } });
    expect(match('GET', '/openapi.json')).toBeUndefined();
  });
});
