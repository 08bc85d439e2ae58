import fc from 'fast-check';
import type { OpenApiDocument, Schema } from './openapi-document.ts';
import type { FuzzRequest } from './openapi-requests.ts';

const controlCharacters = ['\u0000', '\u0001', '\u0007', '\u0008', '\u001b', '\u007f', '\u0085', '\u009f'];

/** Each way to break one valid request, as far as it applies: its body, path, query, credential, headers. */
export function mutationsOf(document: OpenApiDocument, request: FuzzRequest): fc.Arbitrary<FuzzRequest>[] {
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
            ...(credential !== 'none' &&
            [...credential[1]].some((character) => 'notHttp' in headerByteRule(character))
              ? headerByteRule('\u0000')
              : {}),
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
        change(`U+${hex(character)} in ${name}`, {
          headers: [[name, `a${character}b`]],
          ...headerByteRule(character),
        }),
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

// RFC 9110 §5.5: a field value holds no C0 control but tab, nor DEL (the request is not HTTP), and
// may hold bytes 0x80–0xFF as obs-text (serving and refusing a header the document omits are both fine).
function headerByteRule(character: string): Partial<FuzzRequest> {
  const code = character.codePointAt(0) ?? 0;
  return (code < 0x20 && code !== 0x09) || code === 0x7f
    ? { notHttp: 'a control character in a header field (RFC 9110 §5.5)' }
    : { eitherWay: 'obs-text in a header field the document does not describe' };
}

const hex = (character: string) =>
  (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
