import type { IncomingMessage } from 'node:http';
import accepts from 'accepts';
import typeIs from 'type-is';

/** The two formats the REST surface speaks, for bodies and for answers. */
export type Format = 'json' | 'xml';

/** Content types of answers (a string body is UTF-8). */
export const mediaTypes = {
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
} as const;

// Every media type the description lists for an operation's answers, errors included: a caller
// that accepts only `application/problem+json` (a DELETE answering 204) is served, not refused.
const acceptable: Readonly<Record<string, Format>> = {
  'application/json': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'application/problem+json': 'json',
  'application/problem+xml': 'xml',
};

/** What the caller wants back (JSON when it does not say); undefined when it takes none we speak: 406. */
export function responseFormat(req: IncomingMessage): Format | undefined {
  const preferred = accepts(req).type(Object.keys(acceptable));
  return typeof preferred === 'string' ? acceptable[preferred] : undefined;
}

/** What the request body is in: `none` when there is no body; undefined for any other type: 415. */
export function requestFormat(req: IncomingMessage, body: Buffer): Format | 'none' | undefined {
  if (body.length === 0) return 'none';
  if (typeIs(req, ['application/json', '+json'])) return 'json';
  if (typeIs(req, ['application/xml', 'text/xml', '+xml'])) return 'xml';
  return undefined;
}
