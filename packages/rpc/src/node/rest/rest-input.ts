import type { IncomingMessage } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { RestOperation } from '../../rest/rest-operations.ts';
import { coerceToSchema } from '../../rest/schema-coercion.ts';
import { builtInError } from '../../server/built-in-error.ts';
import type { ContractError } from '../../server/contract-error.ts';
import { decodeXml, decodeXmlBytes, XmlError, type XmlErrorCode } from '../../xml/xml-codec.ts';
import { BodyError, charsetOf, jsonText, percentDecodesToUtf8 } from '../read-body.ts';
import { requestFormat } from './media-types.ts';

/**
 * The procedure input a REST request carries, as the JSON body of a tRPC call would: the query
 * string (GET, DELETE) or the body (JSON or XML), with the path parameters on top, each value
 * turned into the type the input schema wants. Validation is left to the procedure, so REST and
 * tRPC callers get the same issues.
 */
export function restInput(
  operation: RestOperation,
  request: {
    req: IncomingMessage;
    query: Record<string, unknown>;
    params: Record<string, string>;
    body: Buffer;
  },
): unknown {
  const schema = operation.procedure.input;
  if (!schema) return undefined;
  const { req, query, params, body } = request;
  const pathParameters = Object.fromEntries(operation.pathParameters.map((name) => [name, params[name]]));

  if (operation.inputIn === 'query') return coerceToSchema(schema, { ...query, ...pathParameters }, 'query');

  const format = requestFormat(req, body);
  if (format === undefined) {
    throw builtInError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json or application/xml.');
  }
  const decoded = format === 'none' ? {} : decodeBody(format, body, req, schema);
  if (operation.pathParameters.length === 0) return decoded;
  const fromPath = coerceToSchema(schema, pathParameters, 'query') as Record<string, unknown>;
  // The path names the resource: it wins over a body that names another.
  return typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)
    ? { ...decoded, ...fromPath }
    : decoded;
}

/**
 * The query string's parameters. Percent-encoded bytes that are not UTF-8 are refused (400), not
 * read as U+FFFD: the caller would otherwise filter or write by a value they never sent.
 */
export function queryOf(url: string): Record<string, unknown> {
  const start = url.indexOf('?');
  if (start === -1) return {};
  const query = url.slice(start + 1);
  if (!percentDecodesToUtf8(query)) {
    throw builtInError('BAD_REQUEST', 'The query string is not valid UTF-8 once percent-decoded.');
  }
  return parseQuery(query);
}

function decodeBody(
  format: 'json' | 'xml',
  body: Buffer,
  req: IncomingMessage,
  schema: NonNullable<RestOperation['procedure']['input']>,
) {
  const contentType = req.headers['content-type'];
  if (format === 'xml') {
    try {
      return decodeXml(decodeXmlBytes(body, { charset: charsetOf(contentType) }), schema);
    } catch (error) {
      throw badBody(error);
    }
  }
  let text: string;
  try {
    text = jsonText(body, contentType);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    throw builtInError(error.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST', error.message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw builtInError('BAD_REQUEST', `The body is not valid JSON: ${(error as Error).message}`);
  }
  return coerceToSchema(schema, parsed, 'json');
}

const xmlRefusals: Partial<Record<XmlErrorCode, 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE'>> = {
  XML_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  XML_ENCODING_UNSUPPORTED: 'UNSUPPORTED_MEDIA_TYPE',
};

function badBody(error: unknown): ContractError {
  if (!(error instanceof XmlError)) throw error;
  return builtInError(xmlRefusals[error.code] ?? 'BAD_REQUEST', error.message);
}
