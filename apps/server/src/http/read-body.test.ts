import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BodyError, readBody } from './read-body.ts';

/** A request carrying `body` with the given headers, as a server would receive it. */
function requestWith(body: Buffer, headers: Record<string, string> = {}): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.headers = { 'content-length': String(body.length), ...headers };
  req.push(body);
  req.push(null);
  return req;
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) =>
      error instanceof BodyError ? { status: error.status, message: error.message } : error,
  );

describe('readBody', () => {
  it('reads a body up to the limit', async () => {
    const body = Buffer.from('x'.repeat(100));
    expect(await readBody(requestWith(body), { maxBytes: 100, inflate: true })).toEqual(body);
  });

  it('has no body to wait for when the request announces none, as a GET usually does', async () => {
    const req = new IncomingMessage(new Socket());
    req.headers = {};
    // Never ended: a reader waiting for the stream would hang here.
    expect(await readBody(req, { maxBytes: 100, inflate: true })).toEqual(Buffer.alloc(0));
  });

  it('reads a chunked body, announced by Transfer-Encoding alone', async () => {
    const req = new IncomingMessage(new Socket());
    req.headers = { 'transfer-encoding': 'chunked' };
    req.push(Buffer.from('chunked'));
    req.push(null);
    expect((await readBody(req, { maxBytes: 100, inflate: true })).toString()).toBe('chunked');
  });

  it('refuses a body past the limit with 413', async () => {
    expect(await refusal(readBody(requestWith(Buffer.alloc(101)), { maxBytes: 100, inflate: true }))).toEqual(
      {
        status: 413,
        message: 'The body exceeds 100 bytes.',
      },
    );
  });

  it('inflates gzip, and counts the limit after inflating', async () => {
    const text = 'a'.repeat(10_000);
    const zipped = gzipSync(text);
    expect(zipped.length).toBeLessThan(100);
    const options = { 'content-encoding': 'gzip' };
    expect(String(await readBody(requestWith(zipped, options), { maxBytes: 10_000, inflate: true }))).toBe(
      text,
    );
    expect(
      await refusal(readBody(requestWith(zipped, options), { maxBytes: 9_999, inflate: true })),
    ).toMatchObject({
      status: 413,
    });
  });

  it('refuses an encoding it does not know with 415, and a broken one with 400', async () => {
    const body = Buffer.from('hello');
    expect(
      await refusal(
        readBody(requestWith(body, { 'content-encoding': 'zstd' }), { maxBytes: 100, inflate: true }),
      ),
    ).toEqual({ status: 415, message: 'Content-Encoding zstd is not supported.' });
    expect(
      await refusal(
        readBody(requestWith(body, { 'content-encoding': 'gzip' }), { maxBytes: 100, inflate: true }),
      ),
    ).toEqual({ status: 400, message: 'The body could not be read.' });
  });

  it('takes the body as sent when not asked to inflate', async () => {
    const zipped = gzipSync('hello');
    const read = await readBody(requestWith(zipped, { 'content-encoding': 'gzip' }), {
      maxBytes: 100,
      inflate: false,
    });
    expect(read).toEqual(zipped);
  });

  it('fails with 400 when a compressed body breaks off, instead of waiting forever', async () => {
    const req = new IncomingMessage(new Socket());
    req.headers = { 'content-encoding': 'gzip', 'content-length': '1000' };
    req.push(gzipSync('hello').subarray(0, 10));
    const reading = refusal(readBody(req, { maxBytes: 100, inflate: true }));
    req.destroy();
    expect(await reading).toEqual({ status: 400, message: 'The body could not be read.' });
  });
});
