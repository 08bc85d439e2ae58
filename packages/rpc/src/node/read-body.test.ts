import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BodyError, charsetOf, jsonText, percentDecodesToUtf8, readBody } from './read-body.ts';

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

describe('jsonText', () => {
  const refusalOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof BodyError) return { status: error.status, message: error.message };
      throw error;
    }
    return undefined;
  };

  it('reads a UTF-8 body, with or without a charset that names UTF-8', () => {
    const body = Buffer.from('{"title":"café ✓"}');
    expect(jsonText(body, 'application/json')).toBe('{"title":"café ✓"}');
    expect(jsonText(body, 'application/json; charset=UTF-8')).toBe('{"title":"café ✓"}');
    expect(jsonText(body, 'application/json;charset="utf8"')).toBe('{"title":"café ✓"}');
  });

  it('refuses bytes that are not UTF-8 with 400 rather than replacing them with U+FFFD', () => {
    const body = Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0x63, 0x61, 0x66, 0xe9, 0x22, 0x7d]);
    expect(refusalOf(() => jsonText(body, 'application/json'))).toEqual({
      status: 400,
      message: 'The body is not valid UTF-8.',
    });
  });

  it('refuses a body declared in another charset with 415', () => {
    expect(refusalOf(() => jsonText(Buffer.from('{}'), 'application/json; charset=ISO-8859-1'))).toEqual({
      status: 415,
      message: 'Send JSON in UTF-8, not ISO-8859-1.',
    });
  });

  it('reads the charset parameter however it is written', () => {
    expect(charsetOf('application/xml; charset="ISO-8859-1"')).toBe('ISO-8859-1');
    expect(charsetOf('text/xml;Charset=latin1; q=1')).toBe('latin1');
    expect(charsetOf('application/json')).toBeUndefined();
    expect(charsetOf(undefined)).toBeUndefined();
  });
});

describe('percentDecodesToUtf8', () => {
  it.each([
    ['plain', 'a=b&c=d', true],
    ['UTF-8 escapes', 'title=caf%C3%A9&x=%E2%9C%93', true],
    ['a NUL, which is UTF-8 (other checks refuse it)', 'input=%00', true],
    ['escapes that are not hex, left as they are', 'q=100%25%zz', true],
    ['a Latin-1 byte', 'title=caf%E9', false],
    ['a character cut short by a plain one', 'x=%C3a', false],
    ['a lone continuation byte', 'x=%80', false],
  ])('reads %s', (_name, text, expected) => {
    expect(percentDecodesToUtf8(text)).toBe(expected);
  });
});
