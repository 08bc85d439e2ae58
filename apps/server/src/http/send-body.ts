import type { IncomingMessage, ServerResponse } from 'node:http';
import etag from 'etag';
import fresh from 'fresh';

/**
 * Ends a response with a text body as Express's `res.send` does: a weak ETag, and a 304 without a
 * body when a GET or HEAD names that ETag in `If-None-Match` (so a client can revalidate what it
 * cached). Status and content type are set by the caller.
 */
export function sendBody(req: IncomingMessage, res: ServerResponse, body: string): void {
  if (!res.hasHeader('ETag')) res.setHeader('ETag', etag(body, { weak: true }));
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
