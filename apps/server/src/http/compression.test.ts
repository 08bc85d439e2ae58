import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { compressionPlugin } from './compression.ts';

let server: Server | undefined;
afterEach(() => server?.close());

/** Serves `answer` behind the plugin on 127.0.0.1, then GETs it asking for gzip, body as sent. */
async function exchange(answer: (res: ServerResponse) => void, headers: Record<string, string> = {}) {
  const plugin = compressionPlugin({ thresholdBytes: 1024 });
  server = createServer((req, res) => plugin.onRequest?.(req, res, () => answer(res)));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    request({ port, host: '127.0.0.1', headers: { 'accept-encoding': 'gzip', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

const big = JSON.stringify({
  items: Array.from({ length: 100 }, (_, index) => ({ index, title: 'a task' })),
});

describe('compressionPlugin', () => {
  it('leaves the answer to a caller that takes no compressed one untouched, and costs it nothing', async () => {
    const { headers, body } = await exchange(
      (res) => {
        res.setHeader('Content-Type', 'application/json');
        res.end(big);
      },
      { 'accept-encoding': 'identity' },
    );
    expect(headers['content-encoding']).toBeUndefined();
    expect(body.toString()).toBe(big);
  });

  it('compresses a body from the threshold, and says it varies on Accept-Encoding', async () => {
    const { headers, body } = await exchange((res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(big);
    });
    expect(headers['content-encoding']).toBe('gzip');
    expect(headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(body).toString()).toBe(big);
  });

  it('leaves a small body written in pieces as it is (its size is known once it ends)', async () => {
    const { headers, body } = await exchange((res) => {
      res.setHeader('Content-Type', 'application/json');
      res.write('{"a":');
      res.write(new TextEncoder().encode('1}'));
      res.end();
    });
    expect(headers['content-encoding']).toBeUndefined();
    expect(body.toString()).toBe('{"a":1}');
  });

  it('compresses a large body written in pieces', async () => {
    const { headers, body } = await exchange((res) => {
      res.setHeader('Content-Type', 'application/json');
      res.write(big.slice(0, 100));
      res.end(big.slice(100));
    });
    expect(headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(body).toString()).toBe(big);
  });

  it('never compresses an event stream', async () => {
    const { headers, body } = await exchange((res) => {
      res.setHeader('Content-Type', 'text/event-stream');
      res.write(`data: ${big}\n\n`);
      res.end();
    });
    expect(headers['content-encoding']).toBeUndefined();
    expect(body.toString()).toBe(`data: ${big}\n\n`);
  });

  it('streams what a tRPC jsonl caller asked for, chunk by chunk, compressed', async () => {
    let sendRest: () => void = () => undefined;
    const plugin = compressionPlugin({ thresholdBytes: 1024 });
    server = createServer((req, res) =>
      plugin.onRequest?.(req, res, () => {
        res.setHeader('Content-Type', 'application/json');
        res.write('{"first":true}\n');
        (res as ServerResponse & { flush(): void }).flush();
        sendRest = () => res.end('{"last":true}\n');
      }),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      headers: { 'trpc-accept': 'application/jsonl' },
    });
    expect(response.headers.get('content-encoding')).toMatch(/^(br|gzip)$/);
    const reader = (response.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    expect((await reader.read()).value).toBe('{"first":true}\n');
    sendRest();
    let rest = '';
    for (let next = await reader.read(); !next.done; next = await reader.read()) rest += next.value;
    expect(rest).toBe('{"last":true}\n');
  });
});
