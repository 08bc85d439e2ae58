import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** Why a body could not be read: too large (413), in an encoding we do not inflate (415), or broken (400). */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

const noBody = Buffer.alloc(0);

const inflaters: Record<string, () => Readable & NodeJS.WritableStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * The request body, refused past `maxBytes` (counted after inflating, so a small compressed body
 * cannot expand past the limit). With `inflate`, gzip, deflate and br bodies are inflated as
 * Express's body parser does; without it, a body is taken as sent.
 */
export function readBody(
  req: IncomingMessage,
  { maxBytes, inflate }: { maxBytes: number; inflate: boolean },
): Promise<Buffer> {
  // A request announces its body with Content-Length or Transfer-Encoding (RFC 9112 §6.1), as
  // Express's body parser checks too; without either there is none to wait for.
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)
    return Promise.resolve(noBody);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  let source: Readable = req;
  if (inflate && encoding !== 'identity') {
    const inflater = inflaters[encoding];
    if (!inflater)
      return Promise.reject(new BodyError(415, `Content-Encoding ${encoding} is not supported.`));
    const inflating = inflater();
    // pipe does not pass on a request that breaks off: fail the inflater too, or nothing would end.
    req.once('close', () => req.readableEnded || inflating.destroy(new Error('the request broke off')));
    req.once('error', (error) => inflating.destroy(error));
    source = req.pipe(inflating);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: BodyError) => {
      source.off('data', onData);
      source.off('end', onEnd);
      if (source !== req) source.destroy();
      req.resume(); // drain what is still coming, so the answer can be sent
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return fail(new BodyError(413, `The body exceeds ${maxBytes} bytes.`));
      chunks.push(chunk);
    };
    const onEnd = () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', () => fail(new BodyError(400, 'The body could not be read.')));
  });
}
