import fc from 'fast-check';
import type { OpenApiDocument, Operation, Schema } from './openapi-document.ts';
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
}

export interface World {
  /** Ids that exist, by the path segment that names them: `projects`, `tasks`, `members`... */
  ids: Record<string, string[]>;
  /** Values by field or query-parameter name: a member's email, a label in use... */
  hints: Hints;
}

const controlCharacters = ['\u0000', '\u0001', '\u0007', '\u0008', '\u001b', '\u007f', '\u0085', '\u009f'];
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
    fc.oneof(...mutations(document, request)),
  );
}

function mutations(document: OpenApiDocument, request: FuzzRequest): fc.Arbitrary<FuzzRequest>[] {
  const { operation } = request;
  const found: fc.Arbitrary<FuzzRequest>[] = [];
  const change = (mutation: string, changes: Partial<FuzzRequest>) => ({ ...request, ...changes, mutation });
  const json = request.body && 'value' in request.body ? request.body : undefined;

  if (json) {
    const leaves = leavesOf(json.value);
    const strings = leaves.filter((leaf) => typeof leaf.value === 'string');
    if (leaves.length > 0)
      found.push(
        fc
          .tuple(fc.constantFrom(...leaves), fc.constantFrom(42, -1.5, true, null, {}, [], ['x'], 'text'))
          .map(([leaf, wrong]) =>
            change(`wrong type at ${leaf.path.join('.')}`, {
              body: { ...json, value: setAt(json.value, leaf.path, wrong) },
            }),
          ),
      );
    const bodySchema = document.resolve(
      operation.requestBody?.content[json.mediaType]?.schema ?? {},
    ) as Schema;
    for (const field of bodySchema.required ?? [])
      found.push(
        fc.constant(change(`missing ${field}`, { body: { ...json, value: omit(json.value, field) } })),
      );
    if (strings.length > 0) {
      found.push(
        fc
          .tuple(fc.constantFrom(...strings), fc.constantFrom(...controlCharacters))
          .map(([leaf, character]) =>
            change(`U+${hex(character)} in ${leaf.path.join('.')}`, {
              body: { ...json, value: setAt(json.value, leaf.path, `${String(leaf.value)}${character}end`) },
            }),
          ),
        fc.tuple(fc.constantFrom(...strings), fc.constantFrom(1_001, 10_001, 100_001)).map(([leaf, length]) =>
          change(`a ${length}-character ${leaf.path.join('.')}`, {
            body: { ...json, value: setAt(json.value, leaf.path, 'x'.repeat(length)) },
          }),
        ),
        fc
          .tuple(
            fc.constantFrom(...strings),
            fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82]),
          )
          .map(([leaf, bytes]) =>
            change(`invalid UTF-8 in ${leaf.path.join('.')}`, {
              broken: 'the body is not UTF-8',
              body: {
                ...json,
                value: setAt(json.value, leaf.path, `a${marker}b`),
                splice: { bytes: Buffer.from(bytes), wholeString: false },
              },
            }),
          ),
      );
    }
    if (leaves.length > 0)
      found.push(
        fc
          .tuple(
            fc.constantFrom(...leaves),
            fc.constantFrom('1e999', '-1e999', `1${'0'.repeat(400)}`, '18446744073709551616'),
          )
          .map(([leaf, number]) =>
            change(`the number ${number.slice(0, 24)} at ${leaf.path.join('.')}`, {
              // XML carries text: digits there are a string like any other.
              ...(json.mediaType === 'application/json'
                ? { broken: 'a number where the schema has none' }
                : {}),
              body: {
                ...json,
                value: setAt(json.value, leaf.path, marker),
                splice: { bytes: Buffer.from(number), wholeString: true },
              },
            }),
          ),
        fc.constantFrom(1_000, 50_000).map((depth) =>
          change(`nesting ${depth} deep`, {
            broken: 'nesting past any sane depth',
            body: {
              raw: Buffer.from(
                json.mediaType === 'application/json'
                  ? `{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`
                  : `<input>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</input>`,
              ),
            },
          }),
        ),
      );
    // Still valid with a Latin-1 letter added, so only its encoding is new.
    const accented = strings
      .map((leaf) => ({ leaf, value: setAt(json.value, leaf.path, `${String(leaf.value)} Café`) }))
      .filter(
        ({ value }) =>
          document.validate(bodySchema, value).length === 0 &&
          [...JSON.stringify(value)].every((character) => (character.codePointAt(0) ?? 0) <= 0xff),
      );
    if (accented.length > 0)
      found.push(
        fc.constantFrom(...accented).map(({ leaf, value }) =>
          change(`ISO-8859-1 text, declared, in ${leaf.path.join('.')}`, {
            eitherWay: 'an encoding other than UTF-8, declared: decoded as declared, or refused with 415',
            body: { ...json, value, charset: 'iso-8859-1' },
          }),
        ),
      );
    found.push(
      fc
        .constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
          'none',
        )
        .map((contentType) =>
          change(`Content-Type ${contentType}`, {
            broken: 'a media type the operation does not take',
            ...(contentType === 'none' ? { contentType: undefined } : { contentType }),
          }),
        ),
      fc.constantFrom('{"title":', '<input><title>x</input>', '', 'null', '[]', '"text"').map((text) =>
        change(`the body ${JSON.stringify(text)}`, {
          // An empty body is no body (RFC 9110 §8.6): wrong only where the body is required.
          ...(text.startsWith('{') || text.startsWith('<') || (text === '' && operation.requestBody?.required)
            ? { broken: text === '' ? 'no body, which is required' : 'a malformed body' }
            : {}),
          body:
            text.startsWith('<') || text.startsWith('{') || text === ''
              ? { raw: Buffer.from(text) }
              : { mediaType: 'application/json', value: JSON.parse(text) },
          contentType: text.startsWith('<') ? 'application/xml' : 'application/json',
        }),
      ),
    );
  }

  for (const name of Object.keys(request.path)) {
    found.push(
      fc
        .oneof(
          fc.constantFrom('not-a-uuid', 'x'.repeat(5_000), '%', '%E0%A4%A', '%C3%28', '%FF', '..', ' '),
          fc.constantFrom(...controlCharacters).map((character) => `c1a5e0d2${character}`),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
        )
        .map((value) =>
          change(`path ${name} ${JSON.stringify(value.slice(0, 30))}`, {
            path: { ...request.path, [name]: value },
            ...(value.startsWith('%') ? { broken: 'a malformed percent-escape' } : {}),
          }),
        ),
    );
  }
  for (const parameter of operation.parameters.filter((parameter) => parameter.in === 'query')) {
    const others = request.query.filter(([name]) => name !== parameter.name);
    found.push(
      fc
        .oneof(
          fc.constantFrom(
            '',
            'abc',
            '1.5',
            '0',
            '-1',
            '101',
            '1e400',
            '99999999999999999999',
            'bogus',
            '%FF',
            '%',
            'x'.repeat(5_000),
          ),
          fc.constantFrom(...controlCharacters).map((character) => `a${character}b`),
        )
        .map((value) =>
          change(`query ${parameter.name}=${JSON.stringify(value.slice(0, 30))}`, {
            query: [...others, [parameter.name, { raw: value }]],
          }),
        ),
    );
    if (parameter.required) found.push(fc.constant(change(`no ${parameter.name}`, { query: others })));
    const real = request.query.find(([name]) => name === parameter.name)?.[1];
    const tampered = typeof real === 'string' ? tamperedToken(real) : undefined;
    if (tampered)
      found.push(
        fc.constant(
          change(`${parameter.name} decoded, given a U+0000, encoded again`, {
            query: [...others, [parameter.name, tampered]],
          }),
        ),
      );
  }
  if (operation.security.length > 0) {
    found.push(
      fc
        .constantFrom<[string, string] | 'none'>(
          'none',
          ['Authorization', 'Bearer not-a-token'],
          ['Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
          ['Authorization', `Basic ${Buffer.from('nobody@example.com:wrong password').toString('base64')}`],
          ['Authorization', `Basic ${Buffer.from('no\u0000body@example.com:pw').toString('base64')}`],
          ['Authorization', `Basic ${Buffer.from('nobody@example.com\u0000:pw').toString('base64')}`],
          ['Authorization', 'Basic %%%'],
          ['Authorization', 'Bearer tok\u0001en'],
          ['X-API-Key', 'chk_\u0000nope'],
          ['X-API-Key', 'chk_nope'],
        )
        .map((credential) =>
          change(`credential ${JSON.stringify(credential)}`, {
            credential: credential === 'none' ? 'none' : { header: credential },
          }),
        ),
    );
  }
  found.push(
    fc
      .constantFrom('text/html', 'image/png', 'application/json;q=0')
      .map((accept) => change(`Accept ${accept}`, { accept })),
    fc
      .tuple(
        fc.constantFrom('X-Request-Id', 'Accept-Language', 'Idempotency-Key', 'Origin'),
        fc.constantFrom(...controlCharacters),
      )
      .map(([name, character]) =>
        change(`U+${hex(character)} in ${name}`, { headers: [[name, `a${character}b`]] }),
      ),
  );
  return found;
}

/** The placeholder a raw body's bytes replace once the value is serialised. */
export const marker = '\u{10FFFD}marker\u{10FFFD}';

// An opaque token that is base64url JSON (a cursor) with U+0000 put into each of its strings.
function tamperedToken(token: string): string | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const strings = leavesOf(decoded).filter((leaf) => typeof leaf.value === 'string');
    if (strings.length === 0) return undefined;
    const poisoned = strings.reduce(
      (value, leaf) => setAt(value, leaf.path, `${String(leaf.value)}\u0000`),
      decoded,
    );
    return Buffer.from(JSON.stringify(poisoned)).toString('base64url');
  } catch {
    return undefined;
  }
}

interface Leaf {
  path: (string | number)[];
  value: unknown;
}

function leavesOf(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leavesOf(item, [...path, index]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, field]) => leavesOf(field, [...path, key]));
  return path.length > 0 ? [{ path, value }] : [];
}

function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = setAt(copy[head], rest, replacement);
  return copy;
}

function omit(value: unknown, field: string): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const { [field]: _, ...rest } = value as Record<string, unknown>;
  return rest;
}

function segmentBefore(path: string, parameter: string): string {
  const segments = path.split('/');
  return segments[segments.indexOf(`{${parameter}}`) - 1] ?? parameter;
}

const hex = (character: string) =>
  (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
