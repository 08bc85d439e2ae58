import { isUtf8 } from 'node:buffer';
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

/**
 * A JSON body as text. JSON is UTF-8 (RFC 8259 §8.1): a body declared in another charset is refused
 * (415), and bytes that are not UTF-8 are refused (400) rather than read as U+FFFD, which would
 * change the caller's data without a word.
 */
export function jsonText(body: Buffer, contentType: string | undefined): string {
  const charset = charsetOf(contentType);
  if (charset !== undefined && !namesUtf8(charset))
    throw new BodyError(415, `Send JSON in UTF-8, not ${charset}.`);
  if (!isUtf8(body)) throw new BodyError(400, 'The body is not valid UTF-8.');
  return body.toString('utf8');
}

const charsetParameter = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;

/** The `charset` parameter of a Content-Type header, if it has one. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !contentType.includes(';')) return undefined;
  const match = charsetParameter.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Whether a charset label is one of UTF-8's (`utf-8`, `utf8`, `unicode-1-1-utf-8`, any case). */
function namesUtf8(label: string): boolean {
  if (label.toLowerCase() === 'utf-8') return true;
  try {
    return new TextDecoder(label).encoding === 'utf-8';
  } catch {
    return false;
  }
}

// A run of percent-encoded bytes: a character's bytes are never split by anything but more of them.
const percentRun = /(?:%[0-9A-Fa-f]{2})+/g;
const highByteEscape = /%[89A-Fa-f][0-9A-Fa-f]/;

/** Whether percent-decoding a query string or path gives UTF-8 (what URLSearchParams would replace by U+FFFD). */
export function percentDecodesToUtf8(text: string): boolean {
  // Escapes of ASCII bytes alone (most tRPC inputs) are UTF-8 already.
  if (!highByteEscape.test(text)) return true;
  try {
    decodeURIComponent(text); // native and quick; it also throws for an escape like %zz, so look closer then
    return true;
  } catch {}
  for (const [run] of text.matchAll(percentRun)) {
    if (!isUtf8(Buffer.from(run.replaceAll('%', ''), 'hex'))) return false;
  }
  return true;
}
