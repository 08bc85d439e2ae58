import fc from 'fast-check';
import type { OpenApiDocument, Operation } from './openapi-document.ts';
import { mutationsOf } from './openapi-mutations.ts';
import { type Hints, valuesOf } from './openapi-values.ts';

/** A path parameter that must name something made for this request alone (a DELETE's target). */
export interface Fresh {
  fresh: string;
}

export type Body =
  | {
      mediaType: 'application/json' | 'application/xml';
      value: unknown;
      /** Bytes that replace `marker` once serialised: the whole string when `wholeString`, else inside it. */
      splice?: { bytes: Buffer; wholeString: boolean };
      /** Written in this encoding, and saying so (XML declaration, or the media type's charset). */
      charset?: 'iso-8859-1';
    }
  /** Bytes no schema describes (broken UTF-8, nesting past any limit...), sent as they are. */
  | { raw: Buffer };

/** One request to an operation, before the world's ids and credentials are filled in. */
export interface FuzzRequest {
  operation: Operation;
  /** `valid`, or what was done to a valid request to break it. */
  mutation: string;
  path: Record<string, string | Fresh>;
  query: [name: string, value: unknown][];
  /**
   * A security scheme of the document, `none`, or a header sent as is: a credential of no scheme,
   * or (with `as`) one shaped as that scheme's but unknown to the server.
   */
  credential: string | { header: [string, string]; as?: string };
  accept: string;
  contentType?: string;
  body?: Body;
  headers: [string, string][];
  /** Set when the request is malformed in a way no schema can say (bad bytes, a wrong media type). */
  broken?: string;
  /** Set when serving and refusing are both right (an encoding the server may decode or refuse with 415). */
  eitherWay?: string;
  /** Set when the bytes are not an HTTP request at all: nothing in it, Accept included, can be trusted. */
  notHttp?: string;
}

export interface World {
  /** Ids that exist, by the path segment that names them: `projects`, `tasks`, `members`... */
  ids: Record<string, string[]>;
  /** Values by field or query-parameter name: a member's email, a label in use... */
  hints: Hints;
}

const destructive = (operation: Operation) =>
  operation.method === 'DELETE' || /\/(revoke|log-out)$/.test(operation.path);

/** A request the document says is valid: every part drawn from its schema. */
export function validRequest(
  document: OpenApiDocument,
  operation: Operation,
  world: World,
): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const path = fc.record(
    Object.fromEntries(
      pathParameters.map((parameter) => {
        const kind = segmentBefore(operation.path, parameter.name);
        const existing = world.ids[kind] ?? [];
        const target = parameter === pathParameters.at(-1);
        const named: fc.Arbitrary<string | Fresh> =
          destructive(operation) && target
            ? fc.constant({ fresh: kind })
            : existing.length > 0
              ? fc.constantFrom(...existing)
              : (valuesOf(document, parameter.schema) as fc.Arbitrary<string>);
        return [
          parameter.name,
          fc.oneof(
            { arbitrary: named, weight: 6 },
            valuesOf(document, parameter.schema) as fc.Arbitrary<string>,
          ),
        ];
      }),
    ),
  );
  const query = fc.tuple(
    ...queryParameters.map((parameter) => {
      const value = world.hints[parameter.name]
        ? fc.oneof(
            world.hints[parameter.name] as fc.Arbitrary<unknown>,
            valuesOf(document, parameter.schema, world.hints),
          )
        : valuesOf(document, parameter.schema, world.hints);
      const pair = value.map((item) => [parameter.name, item] as [string, unknown]);
      return parameter.required ? pair : fc.option(pair, { nil: undefined, freq: 2 });
    }),
  );
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const body = bodySchema
    ? fc.record({
        mediaType: fc.constantFrom(
          ...(Object.keys(operation.requestBody?.content ?? {}) as (
            | 'application/json'
            | 'application/xml'
          )[]),
        ),
        value: valuesOf(document, bodySchema, world.hints),
      })
    : fc.constant(undefined);
  const schemes = operation.security.flatMap((requirement) => Object.keys(requirement));
  const producible = document.producible(operation);
  const formats = producible.some((type) => type === 'application/json' || type === 'application/xml')
    ? ['application/json', 'application/xml']
    : producible;
  return fc
    .record({
      path,
      query,
      body,
      credential: schemes.length > 0 ? fc.constantFrom(...schemes) : fc.constant('none'),
      // JSON and XML most of the time, each as often: the rest, anything and the problem types alone.
      accept: fc.oneof(
        { arbitrary: fc.constantFrom(...formats.filter((format) => producible.includes(format))), weight: 3 },
        fc.constantFrom('*/*', ...producible),
      ),
    })
    .map(({ path, query, body, credential, accept }) => ({
      operation,
      mutation: 'valid',
      path,
      query: query.filter((pair): pair is [string, unknown] => pair !== undefined),
      credential,
      accept,
      ...(body ? { contentType: body.mediaType, body } : {}),
      headers: [],
    }));
}

/** A valid request with one thing broken: a wrong type, a missing field, an overlong or control-laden string... */
export function invalidRequest(
  document: OpenApiDocument,
  operation: Operation,
  world: World,
): fc.Arbitrary<FuzzRequest> {
  return validRequest(document, operation, world).chain((request) =>
    fc.oneof(...mutationsOf(document, request)),
  );
}

function segmentBefore(path: string, parameter: string): string {
  const segments = path.split('/');
  return segments[segments.indexOf(`{${parameter}}`) - 1] ?? parameter;
}
