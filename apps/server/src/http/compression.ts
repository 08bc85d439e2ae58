import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcPlugin } from '@charter/rpc/node';
import compression from 'compression';

export interface CompressionOptions {
  /** Bodies smaller than this go as they are. @default 1024 */
  thresholdBytes: number;
}

/**
 * Brotli or gzip, as the request's Accept-Encoding prefers, on answers of a compressible type from
 * `thresholdBytes` (`compression`, which also sets `Vary: Accept-Encoding`). Never on event streams,
 * which a proxy or browser may hold back while compressed. tRPC's jsonl stream is compressed and
 * still streams: tRPC flushes each chunk through the `res.flush` that `compression` adds.
 */
export function compressionPlugin({ thresholdBytes }: CompressionOptions): RpcPlugin {
  const compress = compression({
    threshold: thresholdBytes,
    filter: (req, res) => !isEventStream(res) && compression.filter(req, res),
  });
  return {
    name: 'compression',
    onRequest(req, res, next) {
      // A caller that takes no compressed answer costs nothing here (wrapping a response is what costs).
      if (!acceptsCompression.test(req.headers['accept-encoding'] ?? '')) return next();
      compress(req as never, res as never, () => {
        wholeBodies(req, res);
        next();
      });
    },
  };
}

// The codings `compression` speaks; a q=0 is rare enough to leave to it.
const acceptsCompression = /(?:^|[\s,])(?:gzip|br|deflate|\*)(?:$|[\s,;])/i;

/**
 * A body written in pieces (tRPC's adapter writes, then ends) has no size when its headers go, so
 * `compression` would compress it however small. Unless it is a stream, its pieces are kept until
 * it ends, so its size is known and the threshold holds on every path alike.
 */
function wholeBodies(req: IncomingMessage, res: ServerResponse): void {
  // `compression`'s own write and end, with their overloads as one.
  const write = res.write as (...args: unknown[]) => boolean;
  const end = res.end as (...args: unknown[]) => ServerResponse;
  let pieces: Buffer[] | undefined;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    if (pieces === undefined && (this.headersSent || this.hasHeader('Content-Length') || isStream(req, this)))
      return write.call(this, chunk, ...rest);
    pieces ??= [];
    if (chunk) pieces.push(toBuffer(chunk, rest[0]));
    const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (done) process.nextTick(done);
    return true;
  } as typeof res.write;
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (pieces === undefined) return end.call(this, chunk, ...rest);
    if (chunk && typeof chunk !== 'function') pieces.push(toBuffer(chunk, rest[0]));
    const whole = Buffer.concat(pieces);
    pieces = undefined;
    const done = [chunk, ...rest].find((arg) => typeof arg === 'function') as (() => void) | undefined;
    return done ? end.call(this, whole, done) : end.call(this, whole);
  } as typeof res.end;
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (typeof chunk === 'string')
    return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  return Buffer.from(chunk as Uint8Array);
}

function isStream(req: IncomingMessage, res: ServerResponse): boolean {
  return isEventStream(res) || req.headers['trpc-accept'] === 'application/jsonl';
}

function isEventStream(res: ServerResponse): boolean {
  const type = res.getHeader('Content-Type');
  return typeof type === 'string' && type.toLowerCase().startsWith('text/event-stream');
}
