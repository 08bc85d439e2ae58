import type { Request } from 'express';

/** The two formats the REST surface speaks, for bodies and for answers. */
export type Format = 'json' | 'xml';

export const mediaTypes = { json: 'application/json', xml: 'application/xml' } as const;

/** What the caller wants back (JSON when it does not say); undefined when it takes neither: 406. */
export function responseFormat(req: Request): Format | undefined {
  const preferred = req.accepts(['application/json', 'application/xml', 'text/xml']);
  if (preferred === 'application/json') return 'json';
  if (preferred === 'application/xml' || preferred === 'text/xml') return 'xml';
  return undefined;
}

/** What the request body is in: `none` when there is no body; undefined for any other type: 415. */
export function requestFormat(req: Request, body: Buffer | undefined): Format | 'none' | undefined {
  if (!body || body.length === 0) return 'none';
  if (req.is(['application/json', '+json'])) return 'json';
  if (req.is(['application/xml', 'text/xml', '+xml'])) return 'xml';
  return undefined;
}
