import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyContract } from '../contract.ts';
import { openApiDocument } from '../openapi/openapi-document.ts';
import type { OpenApiOptions } from '../openapi/openapi-options.ts';
import { sendBody } from './send-body.ts';

type Serve = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The OpenAPI 3.1 document of the REST surface at `<restRoot>/openapi.json`, built from the contract
 * when the handler is (so options that do not fit the contract fail at startup), revalidated by
 * ETag. Without `servers`, the document says the API is at the REST root of the same origin.
 */
export function openApiRoute(
  contract: AnyContract,
  options: OpenApiOptions,
  restRoot: string,
): (req: IncomingMessage) => Serve | undefined {
  const path = `${restRoot}/openapi.json`;
  const text = JSON.stringify(openApiDocument(contract, { servers: [{ url: restRoot }], ...options }));
  const serve: Serve = (req, res) => {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    sendBody(req, res, text);
  };
  return (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
    const url = req.url ?? '';
    return url === path || url.startsWith(`${path}?`) ? serve : undefined;
  };
}
