import type { MediaType, OpenApiDocument } from './openapi-document.ts';
import { marker } from './openapi-mutations.ts';
import type { Fresh, FuzzRequest } from './openapi-requests.ts';
import type { FuzzWorld } from './openapi-world.ts';
import type { OpenApiXml } from './openapi-xml.ts';
import type { RawRequest } from './raw-http.ts';

export interface WireRequest {
  raw: RawRequest;
  /** Why the document says the request is invalid; empty when it says it is valid. */
  invalidBecause: string[];
  /** Whether Accept names a media type the operation answers with. */
  acceptable: boolean;
  /** Set when a refusal is as right as serving (the document says nothing either way). */
  eitherWay?: string;
  /** Whether the server could read Accept: not when the request is not well-formed HTTP. */
  acceptHeard: boolean;
}

interface Tools {
  document: OpenApiDocument;
  xml: OpenApiXml;
  world: FuzzWorld;
}

/** The request as bytes, with the world's ids and credentials, and what the document says of it. */
export async function toWire(request: FuzzRequest, { document, xml, world }: Tools): Promise<WireRequest> {
  const { operation } = request;
  const invalidBecause = [request.broken, request.notHttp].filter((reason): reason is string =>
    Boolean(reason),
  );
  const path = (await fill(request.path, world)) as Record<string, string>;
  const query = (await fill(request.query, world)) as [string, unknown][];
  const body =
    request.body && 'value' in request.body
      ? { ...request.body, value: await fill(request.body.value, world) }
      : request.body;

  for (const parameter of operation.parameters) {
    if (parameter.in === 'path') {
      for (const issue of document.validate(parameter.schema, path[parameter.name]))
        invalidBecause.push(`path ${parameter.name}: ${issue}`);
    }
    if (parameter.in !== 'query') continue;
    const values = query.filter(([name]) => name === parameter.name).map(([, value]) => value);
    if (values.length === 0 && parameter.required) invalidBecause.push(`query ${parameter.name} is required`);
    for (const value of values) {
      if (isRaw(value)) {
        const typed = typedQueryValue(value.raw, document.resolve(parameter.schema));
        if (typed === undefined)
          invalidBecause.push(`query ${parameter.name}: ${JSON.stringify(value.raw)} is not text`);
        else
          for (const issue of document.validate(parameter.schema, typed))
            invalidBecause.push(`query ${parameter.name}: ${issue}`);
      } else {
        for (const issue of document.validate(parameter.schema, value))
          invalidBecause.push(`query ${parameter.name}: ${issue}`);
      }
    }
  }
  const media = operation.requestBody?.content ?? {};
  if (operation.requestBody?.required && !body) invalidBecause.push('the body is required');
  if (body && request.contentType && !(request.contentType in media))
    invalidBecause.push(`the operation takes no ${request.contentType}`);
  if (body && !request.contentType) invalidBecause.push('a body with no Content-Type');
  const bytes = body ? bytesOf(body, xml, media) : undefined;
  const schema = body && 'value' in body ? media[body.mediaType]?.schema : undefined;
  if (body && 'value' in body && schema && (!body.splice || body.mediaType === 'application/xml')) {
    // What the document says of the bytes sent: XML carries text, so read it back as the schema says.
    let sent: unknown = body.value;
    try {
      const text = (bytes as Buffer).toString(body.charset === 'iso-8859-1' ? 'latin1' : 'utf8');
      if (body.mediaType === 'application/xml' && notXmlCharacter.test(text))
        invalidBecause.push('body: a character XML 1.0 cannot carry (§2.2)');
      if (body.mediaType === 'application/xml') sent = xml.decode(text, schema);
    } catch (error) {
      invalidBecause.push(`body: not XML as the document describes: ${(error as Error).message}`);
    }
    for (const issue of document.validate(schema, sent)) invalidBecause.push(`body: ${issue}`);
  }
  const schemes = operation.security.flatMap((requirement) => Object.keys(requirement));
  const scheme = typeof request.credential === 'string' ? request.credential : request.credential.as;
  if (schemes.length > 0 && (scheme === undefined || !schemes.includes(scheme)))
    invalidBecause.push('no credential the operation accepts');

  const headers: [string, string][] = [['Accept', request.accept]];
  if (typeof request.credential !== 'string') headers.push(request.credential.header);
  else if (request.credential !== 'none') {
    const credential = world.credentials[request.credential];
    if (credential) headers.push(credential);
  }
  if (request.contentType) {
    const charset = body && 'value' in body && body.charset && body.mediaType === 'application/json';
    headers.push([
      'Content-Type',
      charset ? `${request.contentType}; charset=${body.charset}` : request.contentType,
    ]);
  }
  headers.push(...request.headers);
  return {
    raw: {
      method: operation.method,
      target: target(document.baseUrl, operation.path, path, query),
      headers,
      ...(bytes ? { body: bytes } : {}),
    },
    invalidBecause,
    acceptable: acceptable(request.accept, document.producible(operation)),
    ...(request.eitherWay ? { eitherWay: request.eitherWay } : {}),
    acceptHeard: !request.notHttp,
  };
}

function bytesOf(
  body: NonNullable<FuzzRequest['body']>,
  xml: OpenApiXml,
  media: Record<string, MediaType>,
): Buffer {
  if ('raw' in body) return body.raw;
  const text =
    body.mediaType === 'application/xml'
      ? xml.encode(body.value, media[body.mediaType]?.schema ?? {})
      : (JSON.stringify(body.value) ?? '');
  if (body.charset) return Buffer.from(text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1');
  if (!body.splice) return Buffer.from(text);
  const wanted =
    body.splice.wholeString && body.mediaType === 'application/json' ? JSON.stringify(marker) : marker;
  const at = text.indexOf(wanted);
  return Buffer.concat([
    Buffer.from(text.slice(0, at)),
    body.splice.bytes,
    Buffer.from(text.slice(at + wanted.length)),
  ]);
}

// Query values as OpenAPI's default style (form, exploded) writes them; `{ raw }` is sent verbatim.
function target(
  base: string,
  template: string,
  path: Record<string, string>,
  query: [string, unknown][],
): string {
  const pathname =
    new URL(base).pathname.replace(/\/$/, '') +
    template.replace(/\{(\w+)\}/g, (_, name: string) => encodePathValue(path[name] ?? ''));
  const pairs = query.flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((item) =>
      isRaw(item)
        ? `${encodeURIComponent(name)}=${encodeRawQuery(item.raw)}`
        : `${encodeURIComponent(name)}=${percentEncode(item === null ? '' : String(item), /[\w.~-]/)}`,
    ),
  );
  return pairs.length > 0 ? `${pathname}?${pairs.join('&')}` : pathname;
}

// A raw value keeps its percent signs (`%FF`, a lone `%`) but not what would end the request line.
const encodeRawQuery = (value: string) => percentEncode(value, /[%\w.~-]/);
// Sent as written: escapes that are malformed, or well-formed but not UTF-8.
const malformedEscapes = new Set(['%', '%E0%A4%A', '%C3%28', '%FF']);
const encodePathValue = (value: string) =>
  malformedEscapes.has(value) ? value : percentEncode(value, /[\w~-]/);

// Byte by byte, so lone surrogates (which encodeURIComponent refuses) go as their UTF-8 replacement.
function percentEncode(value: string, keep: RegExp): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => {
      const character = String.fromCharCode(byte);
      return byte < 0x80 && keep.test(character)
        ? character
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

function typedQueryValue(text: string, schema: { type?: unknown }): unknown {
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    return undefined;
  }
  if (
    (schema.type === 'integer' || schema.type === 'number') &&
    /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(decoded)
  )
    return Number(decoded);
  return schema.type === 'array' ? [decoded] : decoded;
}

function acceptable(accept: string, producible: string[]): boolean {
  return accept.split(',').some((range) => {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim());
    if (parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter))) return false;
    if (type === '*/*') return producible.length > 0;
    if (type.endsWith('/*')) return producible.some((media) => media.startsWith(type.slice(0, -1)));
    return producible.includes(type);
  });
}

// XML 1.0's Char production (§2.2), written as what it allows: tab, line breaks, U+0020 up, no lone surrogate.
const notXmlCharacter = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const isRaw = (value: unknown): value is { raw: string } =>
  typeof value === 'object' && value !== null && 'raw' in value;

async function fill(value: unknown, world: FuzzWorld): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item) => fill(item, world)));
  if (value && typeof value === 'object') {
    if ('fresh' in value)
      return (await world.fresh((value as Fresh).fresh)) ?? '5c8e2a7f-3b1d-4e90-8f6a-9d4c0b2e1a58';
    if (isRaw(value)) return value;
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, field]) => [key, await fill(field, world)]),
    );
    return Object.fromEntries(entries);
  }
  return value;
}
