import type { $ZodType, $ZodTypes } from 'zod/v4/core';
import { type AnyContract, listProcedures } from '../contract.ts';
import type { AnyProcedure, HttpMethod } from '../procedure.ts';

/** One procedure as the REST bridge serves it and the OpenAPI document describes it. */
export interface RestOperation {
  /** The procedure's dotted path, as tRPC addresses it: `tasks.create`. */
  procedurePath: string;
  procedure: AnyProcedure;
  /** Unique and stable, for generated clients: `tasksCreate`. */
  operationId: string;
  method: HttpMethod;
  /** Under the API root, parameters in braces: `/projects/{projectId}/tasks`. */
  path: string;
  pathParameters: string[];
  /** Where the input's other fields travel: the query string (GET, DELETE) or the request body. */
  inputIn: 'query' | 'body';
  /** 201 for a create, 204 for a DELETE (no body), 200 otherwise; a subscription streams events. */
  successStatus: 200 | 201 | 204;
  /** For a create: the path of the operation that reads what it made, and the output field its parameter takes. */
  location?: { path: string; parameter: string; field: string };
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
const camel = (path: string) =>
  path
    .replace(/\.([a-zA-Z])/g, (_, letter: string) => letter.toUpperCase())
    .replace(/^./, (c) => c.toLowerCase());

/**
 * The REST operations of a contract: each procedure at the method and path of its `rest`
 * metadata, or by default a query at `GET /a/b-c` and a mutation at `POST /a/b-c` for `a.bC`.
 * Throws, naming the procedure, when two share a route or a path names a field the input lacks.
 */
export function restOperations(contract: AnyContract): RestOperation[] {
  const entries = listProcedures(contract.procedures);
  const operations = entries.map(({ path: procedurePath, procedure }): RestOperation => {
    const defaultPath = `/${procedurePath.split('.').map(kebab).join('/')}`;
    const method = procedure.meta.rest?.method ?? (procedure.type === 'mutation' ? 'POST' : 'GET');
    const path = procedure.meta.rest?.path ?? defaultPath;
    const pathParameters = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
    checkPath(procedurePath, path, pathParameters, procedure);
    const name = procedurePath.split('.').at(-1);
    return {
      procedurePath,
      procedure,
      operationId: camel(procedurePath),
      method,
      path,
      pathParameters,
      inputIn: method === 'GET' || method === 'DELETE' ? 'query' : 'body',
      successStatus:
        method === 'DELETE' ? 204 : method === 'POST' && (name === 'create' || name === 'add') ? 201 : 200,
    };
  });

  const seen = new Map<string, string>();
  for (const operation of operations) {
    const route = `${operation.method} ${operation.path.replace(/\{[^}]+\}/g, '{}')}`;
    const other = seen.get(route);
    if (other) throw new Error(`${operation.procedurePath} and ${other} are both served at ${route}`);
    seen.set(route, operation.procedurePath);
  }
  for (const operation of operations) {
    if (operation.successStatus === 201) {
      const location = locationOf(operation, operations);
      if (location) operation.location = location;
    }
  }
  return operations;
}

function checkPath(procedurePath: string, path: string, parameters: string[], procedure: AnyProcedure) {
  if (!/^(\/(?:[a-z0-9-]+|\{[A-Za-z_][A-Za-z0-9_]*\}))+$/.test(path)) {
    throw new Error(
      `${procedurePath}: REST path ${path} must be /segments of a-z, 0-9 and -, or {parameter}`,
    );
  }
  const fields = objectFields(procedure.input);
  for (const parameter of parameters) {
    if (!fields?.includes(parameter)) {
      throw new Error(
        `${procedurePath}: REST path ${path} names {${parameter}}, which its input does not have`,
      );
    }
  }
}

/** The fields of an object schema, seen through optional, default and the like; undefined for anything else. */
export function objectFields(schema: $ZodType | undefined): string[] | undefined {
  let current = schema as $ZodTypes | undefined;
  while (current) {
    const def = current._zod.def;
    if (def.type === 'object') return Object.keys(def.shape);
    if (
      def.type === 'optional' ||
      def.type === 'default' ||
      def.type === 'prefault' ||
      def.type === 'readonly'
    ) {
      current = def.innerType as $ZodTypes;
    } else if (def.type === 'pipe') current = def.in as $ZodTypes;
    else return undefined;
  }
  return undefined;
}

/** A create's sibling `get`, if it reads by one parameter that the create's output carries. */
function locationOf(create: RestOperation, operations: RestOperation[]): RestOperation['location'] {
  const getPath = create.procedurePath.replace(/[^.]+$/, 'get');
  const get = operations.find(
    (operation) => operation.procedurePath === getPath && operation.method === 'GET',
  );
  const [parameter] = get?.pathParameters ?? [];
  if (get?.pathParameters.length !== 1 || !parameter) return undefined;
  const outputFields = objectFields(create.procedure.output);
  return outputFields?.includes(parameter) ? { path: get.path, parameter, field: parameter } : undefined;
}
