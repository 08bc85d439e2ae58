import { once } from 'node:events';
import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSignal } from './close-signal.ts';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A server whose one request is handed to `handle`; resolves with its address. */
async function serve(handle: (res: ServerResponse) => void): Promise<number> {
  const server = createServer((_req, res) => handle(res));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function callAndLeave(port: number): void {
  const call = request({ port, host: '127.0.0.1', path: '/' });
  call.on('error', () => undefined);
  call.end();
  setTimeout(() => call.destroy(), 50);
}

describe('closeSignal', () => {
  it('aborts when the caller leaves before the answer', async () => {
    const aborted = new Promise<boolean>((resolve) => {
      void serve((res) => {
        const signal = closeSignal(res)();
        signal.addEventListener('abort', () => resolve(true));
      }).then(callAndLeave);
    });
    expect(await aborted).toBe(true);
  });

  it('is already aborted when first read after the caller left', async () => {
    const read = new Promise<boolean>((resolve) => {
      void serve((res) => {
        const signal = closeSignal(res);
        res.once('close', () => resolve(signal().aborted));
      }).then(callAndLeave);
    });
    expect(await read).toBe(true);
  });

  it('does not abort once the answer was sent, and is built once', async () => {
    let signal: (() => AbortSignal) | undefined;
    const port = await serve((res) => {
      signal = closeSignal(res);
      expect(signal()).toBe(signal());
      res.end('done');
    });
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(await response.text()).toBe('done');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(signal?.().aborted).toBe(false);
  });
});
