import type { IncomingMessage } from 'node:http';
import {
  type ContractError,
  coerceToSchema,
  decodeXml,
  type RestOperation,
  XmlError,
} from '@charter/rpc/server';
import { apiError } from '../trpc/api-error.ts';
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
    throw apiError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json or application/xml.');
  }
  const decoded = format === 'none' ? {} : decodeBody(format, body, schema);
  if (operation.pathParameters.length === 0) return decoded;
  const fromPath = coerceToSchema(schema, pathParameters, 'query') as Record<string, unknown>;
  // The path names the resource: it wins over a body that names another.
  return typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)
    ? { ...decoded, ...fromPath }
    : decoded;
}

function decodeBody(
  format: 'json' | 'xml',
  body: Buffer,
  schema: NonNullable<RestOperation['procedure']['input']>,
) {
  const text = body.toString('utf8');
  if (format === 'xml') {
    try {
      return decodeXml(text, schema);
    } catch (error) {
      throw badBody(error);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw apiError('BAD_REQUEST', `The body is not valid JSON: ${(error as Error).message}`);
  }
  return coerceToSchema(schema, parsed, 'json');
}

function badBody(error: unknown): ContractError {
  if (!(error instanceof XmlError)) throw error;
  return apiError(error.code === 'XML_TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', error.message);
}
