import { hash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fresh from 'fresh';

/**
 * Ends a response with a text body as Express's `res.send` does: a weak ETag, and a 304 without a
 * body when a GET or HEAD names that ETag in `If-None-Match` (so a client can revalidate what it
 * cached). Status and content type are set by the caller.
 */
export function sendBody(req: IncomingMessage, res: ServerResponse, body: string): void {
  if (!res.hasHeader('ETag')) res.setHeader('ETag', weakEtag(body));
  const status = res.statusCode;
  const revalidating = req.method === 'GET' || req.method === 'HEAD';
  if (revalidating && ((status >= 200 && status < 300) || status === 304)) {
    if (fresh(req.headers, { etag: res.getHeader('ETag') as string })) {
      res.statusCode = 304;
      res.removeHeader('Content-Type');
      res.end();
      return;
    }
  }
  res.end(body);
}

/**
 * The weak ETag Express's `etag` package writes for a text body (its length in hex, then 27
 * characters of its SHA-1 in base64), with the one-shot hash instead of a Hash object per response.
 */
export function weakEtag(body: string): string {
  if (body.length === 0) return 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';
  return `W/"${Buffer.byteLength(body).toString(16)}-${hash('sha1', body, 'base64').slice(0, 27)}"`;
}
